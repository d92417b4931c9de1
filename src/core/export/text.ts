/**
 * Small pure helpers the exporters share: neutralising spreadsheet formulas, accepting only web links,
 * and writing people, approvals, reviews and dates the same way in every format.
 */
import { formatDuration, intervalToDuration, isValid, parseISO } from 'date-fns';
import type { ControlStatus, DeploymentSource, EvidenceError, Identity, TestSummary } from '../model';
import type { ReportApproval, ReportPullRequest } from '../report';

/** The characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP CSV injection). */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/**
 * Prefixes a text that a spreadsheet would take for a formula with a single quote, so it stays text.
 * Applied to every text cell, whatever its origin: pull request titles, names and branches come from users.
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

/**
 * Whether a deployment's evidence was kept from an earlier audit: captured more than an hour before the audit or
 * report that shows it, which then says "Evidence captured on …" (retention may have deleted some of it since).
 */
export const keptFromEarlierAudit = (capturedAt: string | null | undefined, auditedAt: Date | string | null | undefined): capturedAt is string =>
  !!capturedAt && !!auditedAt && new Date(auditedAt).getTime() - Date.parse(capturedAt) > 3_600_000;

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
