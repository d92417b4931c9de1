/**
 * The report as JSON, the command line's contract (schemaVersion 1): two-space indentation, a trailing newline,
 * and every object's keys in the order report.ts declares them, whatever order the report was built in,
 * so that two runs over the same evidence produce the same bytes and diff cleanly.
 */
import { CONTROL_IDS } from '../controls/ids';
import type { EvidenceError, Identity, TestSummary, Verdict } from '../model';
import type { Policy } from '../policy';
import type {
  AuditReport,
  DeploymentReport,
  ReportApproval,
  ReportBuild,
  ReportChange,
  ReportOtherApproval,
  ReportPreviousDeployment,
  ReportPullRequest,
  StatusCounts,
} from '../report';
import { sortedKeys } from './canonical-json';
import { integrityOf } from './integrity';
import { orderManifest } from './manifest';
import { orderSample } from './sample-json';

/**
 * Re-keys a per-control record in checklist order. Keys outside the checklist are kept after it rather than
 * dropped, so a newer engine's control is never silently lost from the evidence.
 */
function byChecklist<T, U>(record: Partial<Record<string, T>> | undefined, map: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  if (!record) return out;
  const keys = [
    ...CONTROL_IDS.filter((id) => id in record),
    ...Object.keys(record).filter((key) => !(CONTROL_IDS as readonly string[]).includes(key)),
  ];
  for (const key of keys) {
    const value = record[key];
    if (value !== undefined) out[key] = map(value);
  }
  return out;
}

const identity = (value: Identity): Identity => ({ id: value.id, displayName: value.displayName, uniqueName: value.uniqueName });

const nullableIdentity = (value: Identity | null): Identity | null => (value ? identity(value) : null);

const verdict = (value: Verdict): Verdict => ({ status: value.status, reason: value.reason, evidence: [...value.evidence] });

const tests = (value: TestSummary): TestSummary => ({
  total: value.total,
  passed: value.passed,
  failed: value.failed,
  other: value.other,
});

const evidenceError = (value: EvidenceError): EvidenceError => ({
  source: value.source,
  status: value.status,
  message: value.message,
});

const approval = (value: ReportApproval): ReportApproval => ({
  approver: identity(value.approver),
  status: value.status,
  decidedAt: value.decidedAt,
  comment: value.comment,
});

const otherApproval = (value: ReportOtherApproval): ReportOtherApproval => ({
  ...approval(value),
  resource: value.resource ? { type: value.resource.type, id: value.resource.id, name: value.resource.name } : null,
});

const build = (value: ReportBuild): ReportBuild => ({
  id: value.id,
  number: value.number,
  definition: value.definition ? { id: value.definition.id, name: value.definition.name } : null,
  role: value.role ?? null,
  changeSet: value.changeSet
    ? {
        basis: value.changeSet.basis,
        since: value.changeSet.since
          ? { buildId: value.changeSet.since.buildId, number: value.changeSet.since.number, commit: value.changeSet.since.commit }
          : null,
      }
    : null,
  result: value.result,
  sourceBranch: value.sourceBranch,
  sourceVersion: value.sourceVersion,
  repositoryId: value.repositoryId,
  url: value.url,
});

const pullRequest = (value: ReportPullRequest): ReportPullRequest => ({
  id: value.id,
  repositoryId: value.repositoryId,
  title: value.title,
  createdBy: identity(value.createdBy),
  closedBy: nullableIdentity(value.closedBy),
  reviewers: value.reviewers.map((reviewer) => ({ identity: identity(reviewer.identity), vote: reviewer.vote })),
  bypassPolicy: value.bypassPolicy,
  url: value.url,
});

const previousDeployment = (value: ReportPreviousDeployment | null): ReportPreviousDeployment | null =>
  value ? { key: value.key, startedAt: value.startedAt, runName: value.runName, url: value.url } : null;

const change = (value: ReportChange): ReportChange => ({
  commit: value.commit,
  author: value.author,
  date: value.date,
  pullRequestId: value.pullRequestId,
  covered: value.covered,
  buildId: value.buildId,
  message: value.message,
  url: value.url,
  elsewhere: value.elsewhere.map((pr) => ({ id: pr.id, targetRefName: pr.targetRefName, status: pr.status })),
});

const counts = (value: StatusCounts): StatusCounts => ({
  pass: value.pass,
  fail: value.fail,
  unknown: value.unknown,
  notApplicable: value.notApplicable,
});

const policy = (value: Policy): Policy => ({
  requiredApprovals: value.requiredApprovals,
  approvers: [...value.approvers],
  allowedBranches: [...value.allowedBranches],
  productionEnvironments: [...value.productionEnvironments],
  controls: byChecklist(value.controls, (setting) => ({ enabled: setting.enabled })) as Policy['controls'],
});

/**
 * A deployment with its keys in the order of DeploymentReport. The change-set keys stay absent (undefined, which
 * JSON leaves out) when the evidence was kept by an engine that did not read them: not known is not empty.
 */
export const orderDeployment = (value: DeploymentReport): DeploymentReport => ({
  key: value.key,
  source: value.source,
  environment: value.environment,
  pipeline: { id: value.pipeline.id, name: value.pipeline.name },
  runId: value.runId,
  runName: value.runName,
  stage: value.stage,
  startedAt: value.startedAt,
  finishedAt: value.finishedAt,
  result: value.result,
  requestedBy: nullableIdentity(value.requestedBy),
  url: value.url,
  approvals: value.approvals.map(approval),
  otherApprovals: value.otherApprovals?.map(otherApproval),
  builds: value.builds.map(build),
  pullRequests: value.pullRequests.map(pullRequest),
  previousDeployment: value.previousDeployment === undefined ? undefined : previousDeployment(value.previousDeployment),
  changes: value.changes?.map(change),
  tests: value.tests ? tests(value.tests) : null,
  workItems: [...value.workItems],
  controls: byChecklist(value.controls, verdict),
  errors: value.errors.map(evidenceError),
  capturedAt: value.capturedAt ?? null,
  ...(value.evidence ? { evidence: sortedKeys(value.evidence) } : {}),
});

/** The report with every key in the order of the contract. */
export const orderReport = (value: AuditReport): AuditReport => ({
  schemaVersion: value.schemaVersion,
  organization: value.organization,
  project: value.project,
  window: { from: value.window.from, to: value.window.to },
  generatedAt: value.generatedAt,
  policy: policy(value.policy),
  population: value.population
    ? { patterns: value.population.patterns.map((entry) => ({ pattern: entry.pattern, matched: [...entry.matched] })), waiting: value.population.waiting }
    : undefined,
  manifest: value.manifest ? orderManifest(value.manifest) : undefined,
  deployments: value.deployments.map(orderDeployment),
  summary: {
    deployments: value.summary.deployments,
    controls: byChecklist(value.summary.controls, counts),
  },
  ...(value.sample ? { sample: orderSample(value.sample) } : {}),
});

/**
 * The report as pretty JSON (two spaces) with a trailing newline, its integrity block last: the hash of everything
 * before it, so that a report changed after it was written no longer verifies.
 */
export const toJson = (report: AuditReport): string => {
  const ordered = orderReport(report);
  return `${JSON.stringify({ ...ordered, integrity: integrityOf(ordered) }, null, 2)}\n`;
};
