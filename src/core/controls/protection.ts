/** Whether a blocking branch policy applied to a pull request: read the same way by the engine and branch-policy. */
import type { PolicyEvaluation, PullRequestEvidence } from '../model';

/** An enabled, blocking policy that was evaluated on the pull request (not one that did not apply to it). */
export const appliedBlocking = (evaluation: PolicyEvaluation): boolean =>
  evaluation.isBlocking && evaluation.isEnabled && evaluation.status !== 'notApplicable';

/**
 * true: a blocking policy applied (evaluated, or configured on the target branch when it completed); false: none
 * did, the branch was not protected; null: not known (the branch's policies were not read).
 */
export function wasProtected(pr: PullRequestEvidence): boolean | null {
  if ((pr.policyEvaluations ?? []).some(appliedBlocking)) return true;
  if (pr.branchPolicies === undefined || pr.branchPolicies === null) return null;
  return pr.branchPolicies.length > 0;
}
