/**
 * Small pure helpers the exporters share: neutralising spreadsheet formulas, accepting only web links,
 * and writing people, approvals, reviews and dates the same way in every format.
 */
import { formatDuration, intervalToDuration, isValid, parseISO } from 'date-fns';
import type { ControlStatus, DeploymentSource, EvidenceError, Identity, TestSummary } from '../model';
import { KEPT_EVIDENCE_AFTER_MS, type ReportApproval, type ReportBuild, type ReportChange, type ReportOtherApproval, type ReportPreviousDeployment, type ReportPullRequest } from '../report';
import { PREVIOUS_LOOKBACK_DAYS } from '../sources/candidate';

/**
 * The characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP CSV injection), also
 * after leading whitespace, which spreadsheets skip (` =1+1` is a formula in LibreOffice and in Excel's import).
 */
const FORMULA_TRIGGER = /^\s*[=+\-@\t\r]/;

/**
 * Prefixes a text that a spreadsheet would take for a formula with a single quote, so it stays text.
 * Applied to every text cell, whatever its origin: pull request titles, names, branches and commit messages come
 * from users.
 */
export const neutraliseFormula = (text: string): string => (FORMULA_TRIGGER.test(text) ? `'${text}` : text);

/** The link if it is an absolute http(s) URL, normalised; null for anything else (javascript:, data:, relative, junk). */
export function httpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}

/** `Display Name <unique.name@example.com>`, or just one of them when the other is missing or the same. */
export function formatIdentity(identity: Identity | null | undefined): string {
  if (!identity) return '';
  const name = identity.displayName?.trim() ?? '';
  const unique = identity.uniqueName?.trim() ?? '';
  if (!unique || unique === name) return name;
  if (!name) return unique;
  return `${name} <${unique}>`;
}

export const identityName = (identity: Identity | null | undefined): string =>
  identity ? identity.displayName || identity.uniqueName || identity.id : '';

/** `Name (status)`, one per approval, in the order Azure DevOps returned them. */
export const formatApproval = (approval: ReportApproval): string => `${identityName(approval.approver)} (${approval.status})`;

/** What a pull request reviewer's vote means in the Azure DevOps UI. */
export function voteLabel(vote: number): string {
  if (vote >= 10) return 'approved';
  if (vote > 0) return 'approved with suggestions';
  if (vote === 0) return 'no vote';
  if (vote > -10) return 'waiting for author';
  return 'rejected';
}

/**
 * `Name (vote)` for every reviewer of every pull request, in pull request order. The same person with the
 * same vote on two pull requests is listed once.
 */
export function formatReviewers(pullRequests: readonly ReportPullRequest[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const pr of pullRequests) {
    for (const { identity, vote } of pr.reviewers) {
      const key = `${identity.id || identity.uniqueName}\u0000${vote}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(`${identityName(identity)} (${vote})`);
    }
  }
  return out;
}

/** `118/120, 2 failed`; empty when no test results were found. */
export const formatTests = (tests: TestSummary | null): string =>
  tests ? `${tests.passed}/${tests.total}, ${tests.failed} failed` : '';

/** `approvals: Access denied (HTTP 403)` */
export const formatError = (error: EvidenceError): string =>
  `${error.source}: ${error.status ? `${error.message} (HTTP ${error.status})` : error.message}`;

/** Parses an ISO 8601 timestamp from the report; null when absent or not a date. */
export function parseTimestamp(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = parseISO(iso);
  return isValid(date) ? date : null;
}

/** `2024-05-14 09:12 UTC` — reports are read across time zones, so they always speak UTC. */
export function formatUtc(iso: string | null | undefined): string {
  const date = parseTimestamp(iso);
  if (!date) return iso ?? '';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const day = (date: Date): string => `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;

/**
 * A window as every face of Deploy Audit names it: `1 Nov 2026 to 30 Nov 2026 (UTC)`, its first and its last day.
 * A window runs from 00:00 UTC of its first day to 00:00 UTC after its last day (the command line's --to), so the
 * last day is the one before its end. The hub's label, the summary, every export and the command line use this.
 */
export function formatWindow(window: { from: string | Date; to: string | Date }): string {
  const from = typeof window.from === 'string' ? parseTimestamp(window.from) : window.from;
  const to = typeof window.to === 'string' ? parseTimestamp(window.to) : window.to;
  if (!from || !to || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return `${String(window.from)} to ${String(window.to)}`;
  // The last moment inside the window is a millisecond before its end: the day before a midnight end.
  const last = new Date(Math.max(from.getTime(), to.getTime() - 1));
  return `${day(from)} to ${day(last)} (UTC)`;
}

/** A window given by its first and last days (`2026-11-01`, `2026-11-30`, inclusive), named as formatWindow does. */
export function formatDays(first: string, last: string): string {
  const from = new Date(`${first}T00:00:00Z`);
  const through = new Date(`${last}T00:00:00Z`);
  if (Number.isNaN(from.getTime()) || Number.isNaN(through.getTime())) return `${first} to ${last}`;
  return formatWindow({ from, to: new Date(through.getTime() + 86_400_000) });
}

/**
 * Whether a deployment's evidence was kept from an earlier audit: captured more than an hour before the audit or
 * report that shows it, which then says "Evidence captured on …" (retention may have deleted some of it since).
 */
export const keptFromEarlierAudit = (capturedAt: string | null | undefined, auditedAt: Date | string | null | undefined): capturedAt is string =>
  !!capturedAt && !!auditedAt && new Date(auditedAt).getTime() - Date.parse(capturedAt) > KEPT_EVIDENCE_AFTER_MS;

/** `12 minutes 5 seconds` between two timestamps; empty when either is missing. */
export function formatElapsed(fromIso: string | null | undefined, toIso: string | null | undefined): string {
  const start = parseTimestamp(fromIso);
  const end = parseTimestamp(toIso);
  if (!start || !end || end < start) return '';
  const text = formatDuration(intervalToDuration({ start, end }));
  return text || '0 seconds';
}

export const STATUS_LABELS: Record<ControlStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  unknown: 'Unknown',
  notApplicable: 'Not applicable',
};

export const STATUS_ORDER: readonly ControlStatus[] = ['pass', 'fail', 'unknown', 'notApplicable'];

/** What each status means, for the legends of the spreadsheet and the HTML report. */
export const STATUS_MEANINGS: Record<ControlStatus, string> = {
  pass: 'The evidence shows the control was met.',
  fail: 'The evidence shows the control was not met.',
  unknown: 'The evidence could not be read (see the errors); this is not a pass.',
  notApplicable: 'The control does not apply to this deployment.',
};

/**
 * The project's web address, from a link into it (`https://dev.azure.com/org/project/_build/...` →
 * `https://dev.azure.com/org/project`): Azure DevOps pages live under `/_<area>` below the project.
 */
export function projectBaseUrl(link: string | null | undefined): string | null {
  const url = httpUrl(link);
  if (!url) return null;
  const { origin, pathname } = new URL(url);
  const at = pathname.indexOf('/_');
  return at > 0 ? `${origin}${pathname.slice(0, at)}` : null;
}

/** What a deployment's evidence links point to: enough to name each link after what it shows. */
export interface LinkedEvidence {
  url: string;
  source: DeploymentSource;
  runName: string;
  runId: number;
  builds: readonly { url: string; number: string; id: number }[];
  pullRequests: readonly { url: string; id: number }[];
  approvals?: readonly { url?: string | null; approver: Identity }[];
  testsUrl?: string | null;
}

const shortened = (text: string, max = 60): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** `Run 20261101.3`, `Release-137`: the run or release as its link names it. */
export function runLinkLabel(deployment: Pick<LinkedEvidence, 'source' | 'runName' | 'runId'>): string {
  const name = deployment.runName || String(deployment.runId);
  if (deployment.source === 'yaml') return /^run\b/i.test(name) ? name : `Run ${name}`;
  return /^release\b/i.test(name) ? name : `Release ${name}`;
}

/** Names a piece of evidence after what it is in this deployment, or after what its address shows. */
export function evidenceLabel(deployment: LinkedEvidence, url: string): string {
  if (url === deployment.url) return runLinkLabel(deployment);
  const build = deployment.builds.find((candidate) => candidate.url === url);
  if (build) return `Build ${build.number || build.id}`;
  const pullRequest = deployment.pullRequests.find((candidate) => candidate.url === url);
  if (pullRequest) return `Pull request !${pullRequest.id}`;
  const approvals = (deployment.approvals ?? []).filter((candidate) => candidate.url === url);
  if (approvals.length === 1) return `Approval by ${identityName(approvals[0].approver)}`;
  if (approvals.length > 1) return 'Approvals';
  if (url === deployment.testsUrl) return 'Test results';
  const href = httpUrl(url);
  if (!href) return shortened(url);
  const workItem = /\/_workitems\/edit\/(\d+)/i.exec(href);
  if (workItem) return `Work item #${workItem[1]}`;
  const commit = /\/_git\/[^/]+\/commit\/([0-9a-f]{7,40})/i.exec(href);
  if (commit) return `Commit ${shortCommit(commit[1])}`;
  const linkedPullRequest = /\/pullrequest\/(\d+)/i.exec(href);
  if (linkedPullRequest) return `Pull request !${linkedPullRequest[1]}`;
  if (/test-results|_testManagement/i.test(href)) return 'Test results';
  const run = /[?&](buildId|releaseId)=(\d+)/i.exec(href);
  if (run) return `${run[1].toLowerCase() === 'buildid' ? 'Build' : 'Release'} ${run[2]}`;
  const { pathname, search } = new URL(href);
  let path = pathname + search;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: show it as it is.
  }
  return shortened(path.replace(/^\/+/, '')) || href;
}

/** How far back the engine looks for the previous production deployment from which a change set is counted. */
export const CHANGE_SET_LOOKBACK_DAYS = PREVIOUS_LOOKBACK_DAYS;

const branch = (ref: string): string => ref.replace(/^refs\/heads\//, '');

/** `run 20240510.2`, `Release-305`: the previous deployment as a sentence names it. */
export function previousRunLabel(previous: Pick<ReportPreviousDeployment, 'runName' | 'key'>, source: DeploymentSource): string {
  const name = previous.runName || previous.key;
  if (source === 'yaml') return /^run\b/i.test(name) ? name : `run ${name}`;
  return /^release\b/i.test(name) ? name : `release ${name}`;
}

const commits = (n: number): string => (n === 1 ? '1 commit' : `${n} commits`);

/**
 * What a deployed build's change set is, in one sentence: `2 commits since run 20240510.2 (previous production
 * deployment on 2024-05-10 15:02 UTC)`, `the deployed commit alone: no previous production deployment within 365
 * days`, `nothing new since Release-305`; null when its change set was not read (not known).
 */
export function changeSetSummary(
  build: Pick<ReportBuild, 'changeSet' | 'definition'>,
  commitCount: number,
  previous: ReportPreviousDeployment | null | undefined,
  source: DeploymentSource,
): string | null {
  const changeSet = build.changeSet;
  if (!changeSet) return null;
  const since = previous
    ? previousRunLabel(previous, source)
    : changeSet.since
      ? `build ${changeSet.since.number || changeSet.since.buildId}`
      : 'the previous production deployment';
  switch (changeSet.basis) {
    case 'history':
      return `${commits(commitCount)} since ${since}${previous ? ` (previous production deployment on ${formatUtc(previous.startedAt)})` : ''}`;
    case 'nothingNew':
      return `nothing new since ${since}`;
    case 'deployedCommitOnly':
      return previous
        ? `the deployed commit alone: the previous production deployment (${previousRunLabel(previous, source)}) did not deploy ${build.definition?.name || 'this build'}`
        : `the deployed commit alone: no previous production deployment within ${CHANGE_SET_LOOKBACK_DAYS} days`;
    default:
      return `${commits(commitCount)} (${String(changeSet.basis)})`;
  }
}

/**
 * What to say of a change set that is missing or incomplete: it could not be read (the errors say why), or the
 * evidence was kept by an earlier version that did not read change sets. Null when it is complete.
 */
export function changeSetCaveat(deployment: { changes?: unknown[] | null; errors: readonly EvidenceError[] }): string | null {
  const unreadable = deployment.errors.some((error) => error.source === 'changes');
  if (!deployment.changes) {
    return unreadable
      ? 'Not known: the change set could not be read (see the evidence that could not be read)'
      : 'Not known: the evidence was kept by an earlier version that did not read change sets';
  }
  return unreadable ? 'Incomplete: part of the change set could not be read (see the evidence that could not be read)' : null;
}

/**
 * Why a commit is not covered: `pushed directly`, or the pull requests that hold it but went elsewhere
 * (`merged through !35 into main`, `in !36 into develop (active)`).
 */
export function uncoveredReason(change: Pick<ReportChange, 'elsewhere'>): string {
  if (!change.elsewhere?.length) return 'not covered: pushed directly';
  const through = change.elsewhere.map((pr) =>
    pr.status === 'completed' ? `merged through !${pr.id} into ${branch(pr.targetRefName)}` : `in !${pr.id} into ${branch(pr.targetRefName)} (${pr.status})`,
  );
  return `not covered: ${through.join(', ')}`;
}

/** The short commit id people read: its first 8 characters. */
export const shortCommit = (commit: string): string => commit.slice(0, 8);

const RESOURCE_KINDS: Record<string, string> = {
  endpoint: 'service connection',
  serviceendpoint: 'service connection',
  queue: 'agent pool',
  agentpool: 'agent pool',
  pool: 'agent pool',
  repository: 'repository',
  variablegroup: 'variable group',
  securefile: 'secure file',
  securefiles: 'secure file',
  environment: 'environment',
};

/** `service connection fabrikam-prod-arm`, `agent pool Prod agents`; `another resource` when Azure DevOps did not say. */
export function resourceLabel(resource: ReportOtherApproval['resource']): string {
  if (!resource) return 'another resource';
  const kind = RESOURCE_KINDS[resource.type.toLowerCase()] ?? resource.type;
  return `${kind} ${resource.name || resource.id}`;
}

/** `Marc Duiker on service connection fabrikam-prod-arm (approved)` */
export const formatOtherApproval = (approval: ReportOtherApproval): string =>
  `${identityName(approval.approver)} on ${resourceLabel(approval.resource)} (${approval.status})`;
