/**
 * Re-performance: every control evaluated again from the evidence a report records, under the policy it records, and
 * compared with the verdicts it records. What `deploy-audit verify` runs after checking the report's integrity.
 *
 * The report's JSON holds each deployment's evidence as collected (DeploymentReport.evidence), so the evidence is
 * rebuilt by reading it back; nothing is asked of Azure DevOps.
 */
import { CONTROL_IDS } from '../controls/ids';
import { canonicalJson } from '../export/canonical-json';
import type { ControlStatus, DeploymentEvidence, Verdict } from '../model';
import { parsePolicy, type Policy } from '../policy';
import type { AuditReport, DeploymentReport, StatusCounts } from '../report';
import { summarize, toDeploymentReport } from './report';

export type Difference =
  /** A control's status is not the recorded one (or the control was evaluated on one side only). */
  | { kind: 'verdict'; key: string; control: string; recorded: ControlStatus | null; recomputed: ControlStatus | null; reason: string | null }
  /** A field the report shows (approvals, builds…) is not what its recorded evidence gives. */
  | { kind: 'field'; key: string; field: string }
  /** The deployment records no evidence to re-perform from (a report of an older engine). */
  | { kind: 'noEvidence'; key: string }
  /** The recorded evidence is not this deployment's or not evidence at all. */
  | { kind: 'badEvidence'; key: string; message: string }
  /** The summary's counts are not those of the recorded verdicts. */
  | { kind: 'summary'; control: string; recorded: StatusCounts | null; counted: StatusCounts | null }
  /** The recorded policy is not a valid policy: nothing can be re-performed. */
  | { kind: 'policy'; message: string };

/** Same status, other words or links: shown, not a failure (a newer engine may word a verdict differently). */
export interface ReasonNote {
  key: string;
  control: string;
  recorded: string;
  recomputed: string;
}

export interface Reperformance {
  deployments: number;
  /** Verdicts compared, over the deployments that record their evidence. */
  verdicts: number;
  differences: Difference[];
  notes: ReasonNote[];
}

/** Fields of a deployment that the evidence determines; compared when the report records them. */
const DERIVED_FIELDS = [
  'source',
  'environment',
  'pipeline',
  'runId',
  'runName',
  'stage',
  'startedAt',
  'finishedAt',
  'result',
  'requestedBy',
  'url',
  'approvals',
  'otherApprovals',
  'builds',
  'pullRequests',
  'previousDeployment',
  'changes',
  'tests',
  'workItems',
  'errors',
  'capturedAt',
] as const;

/** The evidence a deployment of a report records, ready for the controls; null when it records none. */
export function recordedEvidence(deployment: DeploymentReport): DeploymentEvidence | null {
  const evidence = deployment.evidence as unknown;
  if (evidence === undefined || evidence === null) return null;
  if (typeof evidence !== 'object' || Array.isArray(evidence)) throw new Error('the evidence is not an object');
  const record = evidence as Record<string, unknown>;
  if (record.key !== deployment.key) throw new Error(`the evidence is of deployment ${JSON.stringify(record.key)}`);
  for (const list of ['approvals', 'builds', 'pullRequests', 'workItems', 'errors']) {
    if (!Array.isArray(record[list])) throw new Error(`the evidence has no ${list} list`);
  }
  return evidence as DeploymentEvidence;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Re-performs every control of every deployment of a report (as read from its JSON) under its recorded policy. */
export function reperform(report: AuditReport): Reperformance {
  const result: Reperformance = { deployments: report.deployments?.length ?? 0, verdicts: 0, differences: [], notes: [] };
  let policy: Policy;
  try {
    policy = parsePolicy(report.policy);
  } catch (error) {
    result.differences.push({ kind: 'policy', message: (error as Error).message });
    return result;
  }
  for (const deployment of report.deployments ?? []) {
    let evidence: DeploymentEvidence | null;
    try {
      evidence = recordedEvidence(deployment);
    } catch (error) {
      result.differences.push({ kind: 'badEvidence', key: deployment.key, message: (error as Error).message });
      continue;
    }
    if (!evidence) {
      result.differences.push({ kind: 'noEvidence', key: deployment.key });
      continue;
    }
    const recomputed = toDeploymentReport(evidence, policy);
    for (const field of DERIVED_FIELDS) {
      if (field in deployment && !same(deployment[field], recomputed[field])) result.differences.push({ kind: 'field', key: deployment.key, field });
    }
    compareVerdicts(deployment, recomputed.controls, result);
  }
  compareSummary(report, policy, result);
  return result;
}

function compareVerdicts(deployment: DeploymentReport, recomputed: Partial<Record<string, Verdict>>, result: Reperformance): void {
  const recorded = (deployment.controls ?? {}) as Partial<Record<string, Verdict>>;
  const ids = [...CONTROL_IDS, ...new Set([...Object.keys(recorded), ...Object.keys(recomputed)])].filter(
    (id, index, all) => all.indexOf(id) === index && (id in recorded || id in recomputed),
  );
  for (const control of ids) {
    const before = recorded[control];
    const after = recomputed[control];
    result.verdicts++;
    if (before?.status !== after?.status) {
      result.differences.push({
        kind: 'verdict',
        key: deployment.key,
        control,
        recorded: before?.status ?? null,
        recomputed: after?.status ?? null,
        reason: after?.reason ?? null,
      });
    } else if (before && after && (before.reason !== after.reason || !same(before.evidence, after.evidence))) {
      result.notes.push({ key: deployment.key, control, recorded: before.reason, recomputed: after.reason });
    }
  }
}

function compareSummary(report: AuditReport, policy: Policy, result: Reperformance): void {
  const counted = summarize(report.deployments ?? [], policy) as Record<string, StatusCounts | undefined>;
  const recorded = (report.summary?.controls ?? {}) as Record<string, StatusCounts | undefined>;
  for (const control of new Set([...Object.keys(counted), ...Object.keys(recorded)])) {
    if (!same(recorded[control], counted[control])) {
      result.differences.push({ kind: 'summary', control, recorded: recorded[control] ?? null, counted: counted[control] ?? null });
    }
  }
  if (report.summary?.deployments !== (report.deployments ?? []).length) {
    result.differences.push({ kind: 'summary', control: 'deployments', recorded: null, counted: null });
  }
}

/** One line per difference, for a person. */
export function describeDifference(difference: Difference): string {
  switch (difference.kind) {
    case 'verdict':
      return `${difference.key}  ${difference.control}: recorded ${difference.recorded ?? 'not evaluated'}, recomputed ${difference.recomputed ?? 'not evaluated'}${difference.reason ? ` (${difference.reason})` : ''}`;
    case 'field':
      return `${difference.key}  ${difference.field}: the recorded value is not what the recorded evidence gives`;
    case 'noEvidence':
      return `${difference.key}: no evidence recorded (a report of an older Deploy Audit); its verdicts cannot be re-performed`;
    case 'badEvidence':
      return `${difference.key}: the recorded evidence cannot be read: ${difference.message}`;
    case 'summary':
      return difference.control === 'deployments'
        ? 'summary: the number of deployments is not the number listed'
        : `summary  ${difference.control}: recorded ${counts(difference.recorded)}, counted from the verdicts ${counts(difference.counted)}`;
    case 'policy':
      return `policy: the recorded policy cannot be used: ${difference.message}`;
  }
}

const counts = (value: StatusCounts | null): string =>
  value ? `${value.pass} pass, ${value.fail} fail, ${value.unknown} unknown, ${value.notApplicable} not applicable` : 'none';
