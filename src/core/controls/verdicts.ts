/**
 * Small shared pieces of the controls' verdicts: their links and the phrases their reasons share.
 */
import type { BuildEvidence, ControlStatus, DeploymentEvidence, EvidenceError, EvidenceSource, Verdict } from '../model';
import { describeError, unreadable } from './control';

export const verdict = (status: ControlStatus, reason: string, evidence: string[]): Verdict => ({ status, reason, evidence });

/** Links to Azure DevOps, each once, without the missing ones. */
export const links = (...urls: (string | null | undefined)[]): string[] => [
  ...new Set(urls.filter((url): url is string => typeof url === 'string' && url.trim() !== '')),
];

/** The links, or the deployment's own link when there are none. */
export const linksOr = (deployment: DeploymentEvidence, ...urls: (string | null | undefined)[]): string[] => {
  const found = links(...urls);
  return found.length ? found : links(deployment.url);
};

const WHAT: Record<EvidenceSource, string> = {
  approvals: 'approvals',
  build: 'the build',
  timeline: "the run's timeline",
  pullRequests: 'pull requests',
  policyEvaluations: 'branch policies',
  tests: 'test results',
  workItems: 'work item links',
  changes: 'the change set',
};

/** "approvals could not be read: access denied (HTTP 403)" */
export const cannotRead = (error: EvidenceError): string =>
  `${WHAT[error.source]} could not be read: ${describeError(error)}`;

/** "build 20200421.4" or "builds 20200421.4, 20200421.5" */
export const buildsLabel = (builds: BuildEvidence[]): string => {
  const names = builds.map((b) => b.number || String(b.id));
  return `${names.length === 1 ? 'build' : 'builds'} ${names.join(', ')}`;
};

/** Commit ids as Azure DevOps shows them. */
export const shortSha = (sha: string): string => sha.slice(0, 8);

/**
 * The web link of a work item, derived from the deployment's link (…/{organization}/{project}/_build|_release…);
 * null when that link does not have this shape.
 */
export function workItemUrl(deployment: DeploymentEvidence, id: number): string | null {
  const project = /^(https?:\/\/[^?#]+?)\/_(?:build|release|releaseProgress|git)\b/i.exec(deployment.url);
  return project ? `${project[1]}/_workitems/edit/${id}` : null;
}

/**
 * Why the list of deployed pull requests may be incomplete, or null when it is complete. Pull requests are found from
 * the deployed builds' change sets, so an unreadable build or history leaves them unknown too.
 */
export function pullRequestsUnknown(deployment: DeploymentEvidence): string | null {
  const prError = unreadable(deployment, 'pullRequests', 'changes');
  if (prError) return cannotRead(prError);
  const buildError = unreadable(deployment, 'build');
  return buildError ? `${cannotRead(buildError)}, so its pull requests are not known` : null;
}
