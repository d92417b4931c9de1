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

export { evidenceLabel, keptFromEarlierAudit } from '../core/export/text';

/** The web link of a work item of this deployment, when one can be made. */
export const workItemLink = (deployment: DeploymentEvidence, id: number): string | null => workItemUrl(deployment, id);


/** Branch names as people say them: `main` for refs/heads/main. */
export const branchName = (ref: string): string => ref.replace(/^refs\/heads\//, '');
