/**
 * What a deployment's change set says, read the same way by the controls and the exports: which commits reached the
 * deployed branch through a completed pull request into it, and which did not.
 */
import type { ChangeEvidence, DeploymentEvidence, PullRequestEvidence } from '../model';

/** A commit is covered when a completed pull request into the deployed build's branch brought it. */
export const isCovered = (change: ChangeEvidence): boolean => change.pullRequestIds.length > 0;

export const changesOf = (evidence: DeploymentEvidence): ChangeEvidence[] => evidence.changes ?? [];

export const uncoveredChanges = (evidence: DeploymentEvidence): ChangeEvidence[] => changesOf(evidence).filter((change) => !isCovered(change));

/** The pull request that brought the commit, as the report names it (the first, when several did). */
export function coveringPullRequest(evidence: DeploymentEvidence, change: ChangeEvidence): PullRequestEvidence | null {
  const id = change.pullRequestIds[0];
  return id === undefined ? null : (evidence.pullRequests.find((pr) => pr.id === id) ?? null);
}
