/** The tab on a YAML pipeline run's page: the checklist of that run's production deployments. */
import * as React from 'react';
import type { AuditService } from '../extension/audit-service';
import { bootstrap } from '../extension/bootstrap';
import { watchRun } from '../extension/tab-context';
import { ScopedAudit, type AuditScope } from '../views/ScopedAudit';

function RunTab({ service }: { service: AuditService }): JSX.Element {
  const [scope, setScope] = React.useState<AuditScope | null>(null);
  React.useEffect(() => watchRun((id) => setScope((current) => (current?.id === id ? current : { kind: 'run', id }))), []);
  return <ScopedAudit service={service} scope={scope} kind="run" />;
}

void bootstrap((service) => <RunTab service={service} />);
