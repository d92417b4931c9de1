/** From evidence to the report: every enabled control's verdict per deployment, and the counts per control. */
import { CONTROL_IDS, type ControlId } from '../controls/ids';
import { evaluateControls } from '../controls';
import type { DeploymentEvidence } from '../model';
import type { Policy } from '../policy';
import type { AuditReport, DeploymentReport, StatusCounts } from '../report';
import type { AuditWindow } from './window';

export interface ReportInput {
  orgUrl: string;
  project: string;
  window: AuditWindow;
  policy: Policy;
  deployments: DeploymentEvidence[];
  generatedAt?: Date;
}

export function buildReport(input: ReportInput): AuditReport {
  return assembleReport(
    input,
    input.deployments.map((evidence) => toDeploymentReport(evidence, input.policy)),
  );
}

/**
 * A report of deployments already judged, e.g. the ones a view has filtered: the same contract and summary as the
 * command line's report of those deployments.
 */
export function assembleReport(input: Omit<ReportInput, 'deployments'>, deployments: DeploymentReport[]): AuditReport {
  return {
    schemaVersion: 1,
    organization: organizationName(input.orgUrl),
    project: input.project,
    window: { from: input.window.from.toISOString(), to: input.window.to.toISOString() },
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    policy: input.policy,
    deployments,
    summary: { deployments: deployments.length, controls: summarize(deployments, input.policy) },
  };
}

export function toDeploymentReport(evidence: DeploymentEvidence, policy: Policy): DeploymentReport {
  return {
    key: evidence.key,
    source: evidence.source,
    environment: evidence.environment,
    pipeline: evidence.pipeline,
    runId: evidence.runId,
    runName: evidence.runName,
    stage: evidence.stage,
    startedAt: evidence.startedAt,
    finishedAt: evidence.finishedAt,
    result: evidence.result,
    requestedBy: evidence.requestedBy,
    url: evidence.url,
    approvals: evidence.approvals.map(({ approver, status, decidedAt, comment }) => ({ approver, status, decidedAt, comment })),
    builds: evidence.builds.map(({ id, number, result, sourceBranch, sourceVersion, repositoryId, url }) => ({
      id,
      number,
      result,
      sourceBranch,
      sourceVersion,
      repositoryId,
      url,
    })),
    pullRequests: evidence.pullRequests.map((pullRequest) => ({
      id: pullRequest.id,
      repositoryId: pullRequest.repositoryId,
      title: pullRequest.title,
      createdBy: pullRequest.createdBy,
      closedBy: pullRequest.closedBy,
      reviewers: pullRequest.reviewers.map(({ identity, vote }) => ({ identity, vote })),
      bypassPolicy: pullRequest.bypassPolicy,
      url: pullRequest.url,
    })),
    tests: evidence.tests,
    workItems: evidence.workItems,
    controls: evaluateControls(evidence, policy),
    errors: evidence.errors,
    capturedAt: evidence.capturedAt ?? null,
    evidence,
  };
}

export function summarize(deployments: DeploymentReport[], policy: Policy): Partial<Record<ControlId, StatusCounts>> {
  const summary: Partial<Record<ControlId, StatusCounts>> = {};
  for (const id of CONTROL_IDS) {
    if (!policy.controls[id].enabled) continue;
    const counts: StatusCounts = { pass: 0, fail: 0, unknown: 0, notApplicable: 0 };
    for (const deployment of deployments) {
      const verdict = deployment.controls[id];
      if (verdict) counts[verdict.status]++;
    }
    summary[id] = counts;
  }
  return summary;
}

/** contoso from https://dev.azure.com/contoso, contoso.visualstudio.com, or a server's collection URL. */
export function organizationName(orgUrl: string): string {
  const url = new URL(orgUrl);
  const segments = url.pathname.split('/').filter(Boolean);
  if (url.hostname.endsWith('.visualstudio.com') && segments.length === 0) return url.hostname.split('.')[0];
  return decodeURIComponent(segments.at(-1) ?? url.hostname);
}
