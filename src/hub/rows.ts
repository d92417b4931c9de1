/**
 * The hub's table as data: one row per deployment with its verdicts and what filtering and sorting need, worked
 * out once when the row arrives, so that 20,000 rows filter and sort in a few milliseconds.
 */
import { CONTROL_IDS, type ControlId } from '../core/controls/ids';
import { toDeploymentReport } from '../core/engine/report';
import type { ControlStatus, DeploymentEvidence, Identity } from '../core/model';
import type { Policy } from '../core/policy';
import type { DeploymentReport, StatusCounts } from '../core/report';
import { identityName } from '../views/format';
import { noCauses, unknownCause, type UnknownCause } from '../views/unreadable';

export interface AuditRow {
  key: string;
  evidence: DeploymentEvidence;
  report: DeploymentReport;
  startedMs: number;
  /** Everything a keyword may match, lower case. */
  text: string;
  /** Identity keys (lower-case id and unique name) of the people in each role. */
  people: { requested: Set<string>; approved: Set<string>; reviewed: Set<string>; authored: Set<string> };
  /** Whether any enabled control failed / is unknown. */
  anyFail: boolean;
  anyUnknown: boolean;
  /** The worst status across the controls, with how many controls have it. */
  overall: Overall;
  /** Why each unknown control is unknown. */
  unknownCauses: Partial<Record<ControlId, UnknownCause>>;
}

export interface Overall {
  status: ControlStatus;
  /** Controls with that status. */
  count: number;
}

/** The worst status across the verdicts: fail, then unknown, then pass, then not applicable. */
export function overallOf(statuses: readonly ControlStatus[]): Overall {
  for (const status of ['fail', 'unknown', 'pass', 'notApplicable'] as const) {
    const n = statuses.filter((candidate) => candidate === status).length;
    if (n) return { status, count: n };
  }
  return { status: 'notApplicable', count: 0 };
}

/** "2 failing", "1 unknown", "passed", "not applicable". */
export function overallText(overall: Overall): string {
  if (overall.status === 'fail') return `${overall.count} failing`;
  if (overall.status === 'unknown') return `${overall.count} unknown`;
  return overall.status === 'pass' ? 'passed' : 'not applicable';
}

const identityKeys = (identity: Pick<Identity, 'id' | 'uniqueName'> | null | undefined): string[] =>
  identity ? [identity.id, identity.uniqueName].filter(Boolean).map((key) => key.toLowerCase()) : [];

/** The signed-in user's keys, to match against the people of a deployment. */
export const userKeys = (user: { id: string; name: string }): Set<string> => new Set(identityKeys({ id: user.id, uniqueName: user.name }));

export const toRow = (evidence: DeploymentEvidence, policy: Policy): AuditRow => rowOf(evidence, toDeploymentReport(evidence, policy));

/** The row of a deployment already judged: a published snapshot's, with its verdicts as captured. */
export function rowOf(evidence: DeploymentEvidence, report: DeploymentReport): AuditRow {
  const approved = evidence.approvals.filter((approval) => approval.status === 'approved' && !approval.automated);
  const reviewers = evidence.pullRequests.flatMap((pr) => pr.reviewers.filter((reviewer) => reviewer.vote !== 0));
  const statuses = Object.values(report.controls).map((verdict) => verdict!.status);
  const unknownCauses: Partial<Record<ControlId, UnknownCause>> = {};
  for (const [id, verdict] of Object.entries(report.controls) as [ControlId, { status: ControlStatus }][]) {
    if (verdict.status === 'unknown') unknownCauses[id] = unknownCause(evidence, id);
  }
  const text = [
    evidence.environment,
    evidence.stage,
    evidence.pipeline.name,
    evidence.runName,
    String(evidence.runId),
    evidence.result,
    identityName(evidence.requestedBy),
    evidence.requestedBy?.uniqueName ?? '',
    ...evidence.approvals.flatMap((approval) => [identityName(approval.approver), approval.approver.uniqueName]),
    ...evidence.builds.flatMap((build) => [build.number, build.sourceBranch, build.sourceVersion.slice(0, 8)]),
    ...evidence.pullRequests.flatMap((pr) => [
      `!${pr.id}`,
      pr.title,
      identityName(pr.createdBy),
      ...pr.reviewers.map((reviewer) => identityName(reviewer.identity)),
    ]),
    ...evidence.workItems.map((id) => `#${id}`),
  ]
    .join('\n')
    .toLowerCase();
  return {
    key: evidence.key,
    evidence,
    report,
    startedMs: Date.parse(evidence.startedAt),
    text,
    people: {
      requested: new Set(identityKeys(evidence.requestedBy)),
      approved: new Set(approved.flatMap((approval) => identityKeys(approval.approver))),
      reviewed: new Set(reviewers.flatMap((reviewer) => identityKeys(reviewer.identity))),
      authored: new Set(evidence.pullRequests.flatMap((pr) => identityKeys(pr.createdBy))),
    },
    anyFail: statuses.includes('fail'),
    anyUnknown: statuses.includes('unknown'),
    overall: overallOf(statuses),
    unknownCauses,
  };
}

/** The engine's order: newest first, then by key. Exports use it, so they equal the command line's. */
export const canonicalCompare = (a: AuditRow, b: AuditRow): number =>
  b.evidence.startedAt.localeCompare(a.evidence.startedAt) || a.key.localeCompare(b.key);

/** Adds streamed rows to rows in canonical order, replacing any with the same key. */
export function mergeRows(rows: readonly AuditRow[], incoming: readonly AuditRow[]): AuditRow[] {
  if (!incoming.length) return rows as AuditRow[];
  const keys = new Set(incoming.map((row) => row.key));
  const fresh = [...incoming].sort(canonicalCompare);
  // Both lists are in order: one linear merge, not a sort of everything, as thousands of rows stream in.
  const merged: AuditRow[] = [];
  let i = 0;
  for (const row of rows) {
    if (keys.has(row.key)) continue;
    while (i < fresh.length && canonicalCompare(fresh[i], row) < 0) merged.push(fresh[i++]);
    merged.push(row);
  }
  while (i < fresh.length) merged.push(fresh[i++]);
  return merged;
}

export type PersonFilter = 'approvedByMe' | 'requestedByMe' | 'reviewedByMe' | 'involvesMe';

export const PERSON_FILTERS: readonly { id: PersonFilter; text: string }[] = [
  { id: 'approvedByMe', text: 'Deployments I approved' },
  { id: 'requestedByMe', text: 'Deployments I requested' },
  { id: 'reviewedByMe', text: 'Deployments I reviewed' },
  { id: 'involvesMe', text: 'Deployments involving me' },
];

/** `<control id>:<status>`, or `any:<status>` for "any control has this status". */
export type StatusFilter = `${ControlId | 'any'}:${ControlStatus}`;

export interface RowFilter {
  keyword?: string;
  environments?: readonly string[];
  pipelines?: readonly string[];
  /** Any of these (OR). */
  people?: readonly PersonFilter[];
  /** Any of these (OR). */
  statuses?: readonly StatusFilter[];
  /** Approved by any of these people (lower-case unique name or id), as the People view selects them. */
  approvers?: readonly string[];
}

const intersects = (set: Set<string>, keys: Set<string>): boolean => {
  for (const key of keys) if (set.has(key)) return true;
  return false;
};

function matchesPerson(row: AuditRow, filter: PersonFilter, me: Set<string>): boolean {
  const { people } = row;
  switch (filter) {
    case 'approvedByMe':
      return intersects(people.approved, me);
    case 'requestedByMe':
      return intersects(people.requested, me);
    case 'reviewedByMe':
      return intersects(people.reviewed, me);
    case 'involvesMe':
      return intersects(people.approved, me) || intersects(people.requested, me) || intersects(people.reviewed, me) || intersects(people.authored, me);
  }
}

export function matchesStatus(row: AuditRow, filter: StatusFilter): boolean {
  const [control, status] = filter.split(':') as [ControlId | 'any', ControlStatus];
  if (control === 'any') {
    if (status === 'fail') return row.anyFail;
    if (status === 'unknown') return row.anyUnknown;
    return Object.values(row.report.controls).some((verdict) => verdict?.status === status);
  }
  return row.report.controls[control]?.status === status;
}

/** The rows every part of the filter lets through (parts AND, choices within a part OR), in their order. */
export function filterRows(rows: readonly AuditRow[], filter: RowFilter, me: Set<string>): AuditRow[] {
  const keyword = filter.keyword?.trim().toLowerCase() ?? '';
  const environments = filter.environments?.length ? new Set(filter.environments) : null;
  const pipelines = filter.pipelines?.length ? new Set(filter.pipelines) : null;
  const people = filter.people?.length ? filter.people : null;
  const statuses = filter.statuses?.length ? filter.statuses : null;
  const approvers = filter.approvers?.length ? new Set(filter.approvers) : null;
  if (!keyword && !environments && !pipelines && !people && !statuses && !approvers) return rows as AuditRow[];
  return rows.filter(
    (row) =>
      (!environments || environments.has(row.evidence.environment)) &&
      (!pipelines || pipelines.has(row.evidence.pipeline.name)) &&
      (!keyword || row.text.includes(keyword)) &&
      (!people || people.some((person) => matchesPerson(row, person, me))) &&
      (!statuses || statuses.some((status) => matchesStatus(row, status))) &&
      (!approvers || intersects(row.people.approved, approvers)),
  );
}

export interface RowSummary {
  deployments: number;
  anyFail: number;
  anyUnknown: number;
  controls: Partial<Record<ControlId, StatusCounts>>;
  /** Deployments by their overall (worst) status. */
  overall: StatusCounts;
  /** Why the unknown ones are unknown: per control, and over deployments with any unknown control (its most telling cause). */
  causes: Partial<Record<ControlId | 'any', Record<UnknownCause, number>>>;
}

const CAUSE_RANK: Record<UnknownCause, number> = { noAccess: 0, retention: 1, serviceError: 2 };

/** Counts per control (of the controls the policy enables) over the rows. */
export function summarizeRows(rows: readonly AuditRow[], policy: Policy): RowSummary {
  const enabled = CONTROL_IDS.filter((id) => policy.controls[id]?.enabled);
  const controls: Partial<Record<ControlId, StatusCounts>> = {};
  const causes: RowSummary['causes'] = { any: noCauses() };
  for (const id of enabled) {
    controls[id] = { pass: 0, fail: 0, unknown: 0, notApplicable: 0 };
    causes[id] = noCauses();
  }
  let anyFail = 0;
  let anyUnknown = 0;
  const overall: StatusCounts = { pass: 0, fail: 0, unknown: 0, notApplicable: 0 };
  for (const row of rows) {
    overall[row.overall.status]++;
    if (row.anyFail) anyFail++;
    let worst: UnknownCause | null = null;
    for (const id of enabled) {
      const status = row.report.controls[id]?.status;
      if (status) controls[id]![status]++;
      const cause = status === 'unknown' ? row.unknownCauses[id] : undefined;
      if (cause) {
        causes[id]![cause]++;
        if (!worst || CAUSE_RANK[cause] < CAUSE_RANK[worst]) worst = cause;
      }
    }
    if (row.anyUnknown) {
      anyUnknown++;
      if (worst) causes.any![worst]++;
    }
  }
  return { deployments: rows.length, anyFail, anyUnknown, controls, overall, causes };
}

/** Distinct values for the environment and pipeline filters, sorted. */
export function distinctValues(rows: readonly AuditRow[]): { environments: string[]; pipelines: string[] } {
  const environments = new Set<string>();
  const pipelines = new Set<string>();
  for (const row of rows) {
    environments.add(row.evidence.environment);
    pipelines.add(row.evidence.pipeline.name);
  }
  const sorted = (values: Set<string>) => [...values].sort((a, b) => a.localeCompare(b));
  return { environments: sorted(environments), pipelines: sorted(pipelines) };
}

export type SortKey = 'overall' | 'startedAt' | 'environment' | 'pipeline' | 'requestedBy' | 'approvals' | 'pullRequests' | 'build' | 'tests' | ControlId;

export interface RowSort {
  key: SortKey;
  descending: boolean;
}

/** The default: newest first, which is the canonical order. */
export const DEFAULT_SORT: RowSort = { key: 'startedAt', descending: true };

/** Worst first when ascending: what an auditor wants to see at the top. */
const STATUS_RANK: Record<ControlStatus, number> = { fail: 0, unknown: 1, pass: 2, notApplicable: 3 };

const text = (value: string) => value.toLocaleLowerCase();

function sortValue(row: AuditRow, key: SortKey): string | number {
  const { evidence } = row;
  switch (key) {
    case 'startedAt':
      return row.startedMs;
    case 'overall':
      // Worst first when ascending: more failing controls before fewer, then unknown, passed, not applicable.
      return STATUS_RANK[row.overall.status] * 1000 - (row.overall.status === 'fail' || row.overall.status === 'unknown' ? row.overall.count : 0);
    case 'environment':
      return text(evidence.environment);
    case 'pipeline':
      return text(`${evidence.pipeline.name}\u0000${evidence.runName}`);
    case 'requestedBy':
      return text(identityName(evidence.requestedBy));
    case 'approvals':
      return row.people.approved.size ? text(evidence.approvals.map((approval) => identityName(approval.approver)).join(', ')) : '\uffff';
    case 'pullRequests':
      return evidence.pullRequests.length ? evidence.pullRequests[0].id : Number.MAX_SAFE_INTEGER;
    case 'build':
      return evidence.builds.length ? text(evidence.builds[0].number) : '\uffff';
    case 'tests': {
      const tests = evidence.tests;
      if (!tests) return -1;
      return tests.total ? tests.passed / tests.total - (tests.failed ? 1 : 0) : -0.5;
    }
    default: {
      const status = row.report.controls[key]?.status;
      return status ? STATUS_RANK[status] : 9;
    }
  }
}

/**
 * The rows in the requested order; ties keep the canonical order (the input's, as the sort is stable).
 * Sorting by time, newest first, is the canonical order itself.
 */
export function sortRows(rows: readonly AuditRow[], sort: RowSort): AuditRow[] {
  if (sort.key === 'startedAt' && sort.descending) return rows as AuditRow[];
  const values = new Map(rows.map((row) => [row, sortValue(row, sort.key)]));
  const direction = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = values.get(a)!;
    const y = values.get(b)!;
    return x < y ? -direction : x > y ? direction : 0;
  });
}
