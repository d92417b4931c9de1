/** From evidence to the report: every enabled control's verdict per deployment, and the counts per control. */
import { CONTROL_IDS, type ControlId } from '../controls/ids';
import { evaluateControls } from '../controls';
import { coveringPullRequest, isCovered } from '../controls/change-set';
import type { ApprovalEvidence, BuildEvidence, DeploymentEvidence, Identity } from '../model';
import type { Policy } from '../policy';
import { policyRelaxations } from '../policy-relaxations';
import { ENGINE_NAME, ENGINE_VERSION } from '../version';
import { KEPT_EVIDENCE_AFTER_MS } from '../report';
import type {
  AuditReport,
  DeploymentReport,
  ReportApproval,
  ReportBuild,
  ReportChange,
  ReportFiltered,
  ReportGenerator,
  ReportManifest,
  ReportOtherApproval,
  ReportPolicySource,
  ReportPopulation,
  ReportPreviousDeployment,
  StatusCounts,
} from '../report';
import type { AuditWindow } from './window';

export interface ReportInput {
  orgUrl: string;
  project: string;
  window: AuditWindow;
  policy: Policy;
  deployments: DeploymentEvidence[];
  generatedAt?: Date;
  /** How the list of deployments was made, when the engine made it. */
  population?: ReportPopulation;
  /** What the report's manifest says of how it was made; without it the report has no manifest (an engine test's). */
  manifest?: ManifestInput;
}

/** What only the caller knows of how a report was made; the rest of the manifest comes from the report itself. */
export interface ManifestInput {
  generator: ReportGenerator;
  ranBy: Identity | null;
  organizationId?: string | null;
  projectId?: string | null;
  policySource: ReportPolicySource;
  /** Production environments named for this audit instead of the policy's. */
  environmentsOverridden?: boolean;
  /** A filtered view's export: the audit's total and the filters (the deployments shown are the report's). */
  filtered?: Omit<ReportFiltered, 'shown'> | null;
  /** An audit that stopped before every deployment found was collected. */
  collection?: ReportManifest['collection'];
  /** Results exported while the screen asked for another window, environments or settings: what differs. */
  stale?: string | null;
  /** The published snapshot the deployments come from. */
  snapshot?: ReportManifest['snapshot'] | null;
}

/** The report's manifest: the caller's facts, the engine's version, the counts and the policy's relaxations. */
export function buildManifest(
  input: ManifestInput,
  report: { organization: string; orgUrl: string; project: string; window: { from: string; to: string }; generatedAt: string; policy: Policy },
  deployments: readonly DeploymentReport[],
): ReportManifest {
  const generated = Date.parse(report.generatedAt);
  const captures = deployments.map((deployment) => deployment.capturedAt).filter((at): at is string => !!at && !Number.isNaN(Date.parse(at)));
  const oldest = captures.reduce<string | null>((min, at) => (min === null || Date.parse(at) < Date.parse(min) ? at : min), null);
  return {
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    generator: input.generator,
    ranBy: input.ranBy,
    generatedAt: report.generatedAt,
    organization: { name: report.organization, id: input.organizationId ?? null, url: report.orgUrl.replace(/\/+$/, '') },
    project: { name: report.project, id: input.projectId ?? null },
    window: { ...report.window },
    deployments: {
      inReport: deployments.length,
      fromKeptEvidence: captures.filter((at) => generated - Date.parse(at) > KEPT_EVIDENCE_AFTER_MS).length,
      oldestCapture: oldest,
    },
    collection: input.collection ?? null,
    filtered: input.filtered ? { shown: deployments.length, total: input.filtered.total, text: input.filtered.text, filters: input.filtered.filters } : null,
    ...(input.stale ? { stale: { text: input.stale } } : {}),
    ...(input.snapshot ? { snapshot: input.snapshot } : {}),
    policy: { source: input.policySource, environmentsOverridden: input.environmentsOverridden ?? false, relaxed: policyRelaxations(report.policy) },
  };
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
  const head = {
    organization: organizationName(input.orgUrl),
    project: input.project,
    window: { from: input.window.from.toISOString(), to: input.window.to.toISOString() },
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    policy: input.policy,
  };
  return {
    schemaVersion: 1,
    ...head,
    ...(input.population ? { population: { patterns: input.population.patterns.map((p) => ({ pattern: p.pattern, matched: [...p.matched] })), waiting: input.population.waiting } } : {}),
    ...(input.manifest ? { manifest: buildManifest(input.manifest, { ...head, orgUrl: input.orgUrl }, deployments) } : {}),
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
    approvals: evidence.approvals.map(reportApproval),
    ...(evidence.otherApprovals ? { otherApprovals: reportOtherApprovals(evidence) } : {}),
    builds: reportBuilds(evidence),
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
    ...(evidence.previousDeployment !== undefined ? { previousDeployment: reportPreviousDeployment(evidence) } : {}),
    ...(evidence.changes ? { changes: reportChanges(evidence) } : {}),
    tests: evidence.tests,
    workItems: evidence.workItems,
    controls: evaluateControls(evidence, policy),
    errors: evidence.errors,
    capturedAt: evidence.capturedAt ?? null,
    evidence,
  };
}

const reportApproval = ({ approver, status, decidedAt, comment }: ApprovalEvidence): ReportApproval => ({ approver, status, decidedAt, comment });

/** The approvals on other resources than the environment, as the report shows them; [] when not known. */
export const reportOtherApprovals = (evidence: DeploymentEvidence): ReportOtherApproval[] =>
  (evidence.otherApprovals ?? []).map((approval) => ({
    ...reportApproval(approval),
    resource: approval.resource ? { type: approval.resource.type, id: approval.resource.id, name: approval.resource.name } : null,
  }));

/**
 * The deployed builds, each with its definition, role and how its change set was found. Evidence kept by an older
 * engine may lack the definition and role: null, not known.
 */
export function reportBuilds(evidence: DeploymentEvidence): ReportBuild[] {
  return evidence.builds.map((build: BuildEvidence) => {
    const changeSet = evidence.changeSets?.find((candidate) => candidate.buildId === build.id);
    return {
      id: build.id,
      number: build.number,
      definition: build.definition ? { id: build.definition.id, name: build.definition.name } : null,
      role: build.role ?? null,
      changeSet: changeSet ? { basis: changeSet.basis, since: changeSet.since ? { ...changeSet.since } : null } : null,
      result: build.result,
      sourceBranch: build.sourceBranch,
      sourceVersion: build.sourceVersion,
      repositoryId: build.repositoryId,
      url: build.url,
    };
  });
}

export function reportPreviousDeployment(evidence: DeploymentEvidence): ReportPreviousDeployment | null {
  const previous = evidence.previousDeployment;
  return previous ? { key: previous.key, startedAt: previous.startedAt, runName: previous.runName, url: previous.url } : null;
}

/** The change set's commits, each with the pull request that covers it (controls/change-set.ts); [] when not known. */
export const reportChanges = (evidence: DeploymentEvidence): ReportChange[] =>
  (evidence.changes ?? []).map((change) => ({
    commit: change.commit,
    author: change.author,
    date: change.date,
    pullRequestId: coveringPullRequest(evidence, change)?.id ?? change.pullRequestIds[0] ?? null,
    covered: isCovered(change),
    buildId: change.buildId,
    message: change.message,
    url: change.url,
    elsewhere: (change.elsewhere ?? []).map(({ id, targetRefName, status }) => ({ id, targetRefName, status })),
  }));

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
