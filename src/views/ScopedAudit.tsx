/**
 * The checklist of one classic release or one YAML run, for the tab on its page: each of its production
 * deployments with every control's verdict, reason and evidence links, and the evidence itself. It audits again
 * when the page moves to another release or run.
 */
import * as React from 'react';
import { Card } from 'azure-devops-ui/Card';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { Spinner, SpinnerSize } from 'azure-devops-ui/Spinner';
import { toDeploymentReport } from '../core/engine/report';
import type { ControlStatus, DeploymentEvidence } from '../core/model';
import { defaultPolicy, type Policy } from '../core/policy';
import type { DeploymentReport } from '../core/report';
import type { AuditService } from '../extension/audit-service';
import { ControlStatusPill } from './ControlStatusPill';
import { DeploymentDetail } from './DeploymentDetail';
import { formatUtc, plural } from './format';
import { describeFailure, evidenceNotices, type Failure } from './messages';

export type AuditScope = { kind: 'release'; id: number } | { kind: 'run'; id: number };

export interface ScopedAuditProps {
  service: AuditService;
  /** Null until the page says which release or run it shows. */
  scope: AuditScope | null;
  /** What the page is, for the messages: "release" or "run". */
  kind: AuditScope['kind'];
  /** How long to wait for the page to say which release or run, before saying so. */
  scopeTimeoutMs?: number;
}

type State =
  | { status: 'waiting' }
  | { status: 'loading'; scope: AuditScope }
  | {
      status: 'ready';
      scope: AuditScope;
      policy: Policy;
      /** Why the project's settings could not be used, when the defaults apply instead. */
      settingsProblem: string | null;
      deployments: { evidence: DeploymentEvidence; report: DeploymentReport }[];
    }
  | { status: 'failed'; scope: AuditScope; failure: Failure };

/** fail, then unknown, then pass: what a reader should see first about a deployment. */
function overall(report: DeploymentReport): { status: ControlStatus; text: string } {
  const statuses = Object.values(report.controls).map((verdict) => verdict!.status);
  const failing = statuses.filter((status) => status === 'fail').length;
  if (failing) return { status: 'fail', text: `${plural(failing, 'control')} failing` };
  const unknown = statuses.filter((status) => status === 'unknown').length;
  if (unknown) return { status: 'unknown', text: `${plural(unknown, 'control')} unknown` };
  if (statuses.includes('pass')) return { status: 'pass', text: 'All controls pass' };
  return { status: 'notApplicable', text: 'Nothing applicable' };
}

export function ScopedAudit({ service, scope, kind, scopeTimeoutMs = 15_000 }: ScopedAuditProps): JSX.Element {
  const [state, setState] = React.useState<State>({ status: 'waiting' });
  const [scopeLate, setScopeLate] = React.useState(false);
  const scopeKey = scope ? `${scope.kind}:${scope.id}` : null;

  React.useEffect(() => {
    if (scope) return undefined;
    const timer = setTimeout(() => setScopeLate(true), scopeTimeoutMs);
    return () => clearTimeout(timer);
  }, [scope, scopeTimeoutMs]);

  // The page may hand over a new object for the same release or run: the key decides whether to audit again.
  const latestScope = React.useRef(scope);
  latestScope.current = scope;
  React.useEffect(() => {
    const scope = latestScope.current;
    if (!scope) return undefined;
    const controller = new AbortController();
    setState({ status: 'loading', scope });
    (async () => {
      // Settings that cannot be read or used are said so, never silently replaced by the defaults.
      let settingsProblem: string | null = null;
      const settings = await service.loadSettings().catch((error: unknown) => {
        settingsProblem = `they could not be read (${describeFailure(error, 'the settings').message})`;
        return null;
      });
      if (settings?.problem) settingsProblem = `they could not be used (${settings.problem})`;
      const policy = settings?.policy ?? defaultPolicy();
      const request = { policy, signal: controller.signal };
      const evidence = scope.kind === 'release' ? await service.collectRelease(scope.id, request) : await service.collectRun(scope.id, request);
      return { policy, settingsProblem, deployments: evidence.map((item) => ({ evidence: item, report: toDeploymentReport(item, policy) })) };
    })().then(
      ({ policy, settingsProblem, deployments }) => {
        if (!controller.signal.aborted) setState({ status: 'ready', scope, policy, settingsProblem, deployments });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', scope, failure: describeFailure(error, `the audit of this ${kind}`) });
      },
    );
    return () => controller.abort();
  }, [service, scopeKey, kind]);

  if (!scope || state.status === 'waiting') {
    return (
      <div className="da-tab page-content page-content-top">
        {scopeLate ? (
          <MessageCard severity={MessageCardSeverity.Warning}>This page did not say which {kind} it shows, so there is nothing to audit.</MessageCard>
        ) : (
          <Spinner size={SpinnerSize.large} label={`Waiting for the ${kind}…`} />
        )}
      </div>
    );
  }
  if (state.status === 'loading') {
    return (
      <div className="da-tab page-content page-content-top">
        <Spinner size={SpinnerSize.large} label={`Collecting the evidence of ${kind} ${state.scope.id}…`} />
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="da-tab page-content page-content-top">
        <MessageCard severity={MessageCardSeverity.Error}>
          <div className="flex-column">
            <span className="font-weight-semibold">{state.failure.title}</span>
            <span>{state.failure.message}</span>
          </div>
        </MessageCard>
      </div>
    );
  }

  const { deployments, policy, settingsProblem } = state;
  const notices = evidenceNotices(deployments.map((deployment) => deployment.evidence));
  return (
    <div className="da-tab page-content page-content-top flex-column rhythm-vertical-16">
      {settingsProblem && (
        <MessageCard severity={MessageCardSeverity.Warning} className="da-notice">
          {`The project’s audit settings were not applied: ${settingsProblem}. This checklist uses the default settings (${policy.requiredApprovals} approvals, production environments ${policy.productionEnvironments.join(', ')}).`}
        </MessageCard>
      )}
      <p className="body-m">
        {deployments.length
          ? `${plural(deployments.length, 'production deployment')} of this ${kind}; production environments: ${policy.productionEnvironments.join(', ')}.`
          : `No deployment of this ${kind} went to a production environment (${policy.productionEnvironments.join(', ')}). Production environments are set in Deployment Audit’s settings.`}
      </p>
      {notices.map((notice) => (
        <MessageCard key={notice} severity={MessageCardSeverity.Warning} className="da-notice">
          {notice}
        </MessageCard>
      ))}
      {deployments.map(({ evidence, report }) => {
        const summary = overall(report);
        const attempt = /:(\d+)$/.exec(evidence.key);
        return (
          <Card
            key={evidence.key}
            className="da-deployment-card"
            titleProps={{ text: `${evidence.environment} · ${formatUtc(evidence.startedAt)}` }}
            headerDescriptionProps={{
              text: [
                evidence.stage && evidence.stage !== evidence.environment ? `Stage ${evidence.stage}` : '',
                evidence.source === 'yaml' && attempt ? `attempt ${attempt[1]}` : '',
              ]
                .filter(Boolean)
                .join(', '),
            }}
          >
            <div className="flex-column rhythm-vertical-8 flex-grow">
              <div className="flex-row flex-center rhythm-horizontal-8">
                <ControlStatusPill status={summary.status} />
                <span>{summary.text}</span>
              </div>
              <DeploymentDetail deployment={evidence} verdicts={report.controls} onOpenLink={(url) => service.openLink(url)} />
            </div>
          </Card>
        );
      })}
    </div>
  );
}
