/**
 * How the views write deployments, people, tests and links: the same words and UTC times as the exports, so a
 * person comparing the page with a downloaded report reads the same thing.
 */
import { workItemUrl } from '../core/controls/verdicts';
import { formatUtc, httpUrl, identityName, STATUS_LABELS, voteLabel } from '../core/export/text';
import type { ControlStatus, DeploymentEvidence, Identity, TestSummary } from '../core/model';

export { formatUtc, httpUrl, identityName, STATUS_LABELS, voteLabel, workItemUrl };

/** Short status words for narrow table cells. */
export const STATUS_SHORT: Record<ControlStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  unknown: 'Unknown',
  notApplicable: 'N/A',
};

export const count = (n: number): string => n.toLocaleString('en-US');

export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

export const personName = (identity: Identity | null | undefined, none = '—'): string => identityName(identity) || none;

/** `118/120 passed, 2 failed`, or why there is nothing to show. */
export function testsText(tests: TestSummary | null): string {
  if (!tests) return 'No results';
  if (tests.total === 0) return 'None published';
  const failed = tests.failed ? `, ${count(tests.failed)} failed` : '';
  return `${count(tests.passed)}/${count(tests.total)} passed${failed}`;
}

/** The run or release as people name it: `20261101.3`, or a classic release's name (`Release-137`). */
export const runLabel = (deployment: Pick<DeploymentEvidence, 'source' | 'runName' | 'runId'>): string =>
  deployment.runName || `${deployment.source === 'yaml' ? 'Run' : 'Release'} ${deployment.runId}`;

/** `Run 20261101.3`, `Release-137`, `Release 12`: the run or release as a link names it. */
function runLinkLabel(deployment: Pick<DeploymentEvidence, 'source' | 'runName' | 'runId'>): string {
  const name = runLabel(deployment);
  if (deployment.source === 'yaml') return /^run\b/i.test(name) ? name : `Run ${name}`;
  return /^release\b/i.test(name) ? name : `Release ${name}`;
}

/** Names a piece of evidence after what it is in this deployment, or after its address. */
export function evidenceLabel(deployment: DeploymentEvidence, url: string): string {
  if (url === deployment.url) return runLinkLabel(deployment);
  const build = deployment.builds.find((candidate) => candidate.url === url);
  if (build) return `Build ${build.number || build.id}`;
  const pullRequest = deployment.pullRequests.find((candidate) => candidate.url === url);
  if (pullRequest) return `Pull request !${pullRequest.id}`;
  const approvals = deployment.approvals.filter((candidate) => candidate.url === url);
  if (approvals.length === 1) return `Approval by ${personName(approvals[0].approver)}`;
  if (approvals.length > 1) return 'Approvals';
  if (url === deployment.testsUrl) return 'Test results';
  const href = httpUrl(url);
  if (!href) return url;
  const workItem = /\/_workitems\/edit\/(\d+)/i.exec(href);
  if (workItem) return `Work item #${workItem[1]}`;
  const pr = /\/pullrequest\/(\d+)/i.exec(href);
  if (pr) return `Pull request !${pr[1]}`;
  if (/test-results|_testManagement/i.test(href)) return 'Test results';
  const run = /[?&](buildId|releaseId)=(\d+)/i.exec(href);
  if (run) return `${run[1].toLowerCase() === 'buildid' ? 'Build' : 'Release'} ${run[2]}`;
  const { pathname } = new URL(href);
  return pathname.replace(/^\/+/, '') || href;
}

/** The web link of a work item of this deployment, when one can be made. */
export const workItemLink = (deployment: DeploymentEvidence, id: number): string | null => workItemUrl(deployment, id);

/** Branch names as people say them: `main` for refs/heads/main. */
export const branchName = (ref: string): string => ref.replace(/^refs\/heads\//, '');
