/** The tab on a classic release's summary: the checklist of that release's production deployments. */
import * as React from 'react';
import type { AuditService } from '../extension/audit-service';
import { bootstrap } from '../extension/bootstrap';
import { watchRelease } from '../extension/tab-context';
import { ScopedAudit, type AuditScope } from '../views/ScopedAudit';

function ReleaseTab({ service }: { service: AuditService }): JSX.Element {
  const [scope, setScope] = React.useState<AuditScope | null>(null);
  React.useEffect(() => watchRelease((id) => setScope((current) => (current?.id === id ? current : { kind: 'release', id }))), []);
  return <ScopedAudit service={service} scope={scope} kind="release" />;
}

void bootstrap((service) => <ReleaseTab service={service} />);
