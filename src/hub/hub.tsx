/** The Deployment Audit hub (Pipelines hub group): the audit of a window of production deployments. */
import * as React from 'react';
import { bootstrap } from '../extension/bootstrap';
import { hostPageAddress } from '../extension/host';
import { HubView } from './HubView';

void bootstrap((service) => <HubView service={service} address={hostPageAddress()} />);
