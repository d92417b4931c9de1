/** The Deployment Audit hub (Pipelines hub group): the audit of a window of production deployments. */
import * as React from 'react';
import { bootstrap } from '../extension/bootstrap';
import { HubView } from './HubView';

void bootstrap((service) => <HubView service={service} />);
