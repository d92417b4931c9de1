import type { PolicyEvaluation, PullRequestEvidence } from '../model';
import { type Control, unreadable } from './control';
import { nameOf } from './identity';
import { wasProtected } from './protection';
import { cannotRead, linksOr, pullRequestsUnknown, verdict } from './verdicts';

/**
 * Required policies that said no. Optional (non-blocking) and disabled policies may be rejected without harm.
 * Only "rejected" is judged, as the contract says; a "broken" or "queued" required policy is not a violation here.
 */
const rejectedRequired = (pr: PullRequestEvidence): PolicyEvaluation[] =>
  (pr.policyEvaluations ?? []).filter((e) => e.isBlocking && e.isEnabled && e.status === 'rejected');

const branchName = (ref: string) => ref.replace(/^refs\/heads\//, '');

function violations(pr: PullRequestEvidence): string[] {
  const found: string[] = [];
  if (pr.bypassPolicy) {
    const by = pr.closedBy ? ` by ${nameOf(pr.closedBy)}` : '';
    const why = pr.bypassReason?.trim() ? ` ("${pr.bypassReason.trim()}")` : '';
    found.push(`pull request !${pr.id} was completed${by} bypassing branch policies${why}`);
  }
  const rejected = rejectedRequired(pr).map((e) => e.typeName);
  if (rejected.length) {
    found.push(`pull request !${pr.id} was completed with required policies rejected: ${rejected.join(', ')}`);
  }
  if (!pr.bypassPolicy && wasProtected(pr) === false) {
    found.push(`pull request !${pr.id} was completed into ${branchName(pr.targetRefName)}, which no required branch policy protected`);
  }
  return found;
}

export const branchPolicy: Control = {
  id: 'branch-policy',
  title: 'Branch policies honoured',
  description:
    'Every pull request that brought the deployed commits was completed without bypassing branch policies (so no ' +
    'required policy was rejected: Azure DevOps refuses to complete it otherwise), and at least one required ' +
    '(blocking, enabled) policy protected its target branch when it was completed.',

  evaluate(evidence) {
    const prs = evidence.pullRequests;
    const prLinks = (some: PullRequestEvidence[]) => linksOr(evidence, ...some.map((pr) => pr.url));

    // A bypass, a rejected required policy or an unprotected branch is a fail, whatever else could not be read.
    const offending = prs.filter((pr) => violations(pr).length);
    if (offending.length) return verdict('fail', offending.flatMap(violations).join('; '), prLinks(offending));

    // With the list of pull requests possibly incomplete, "no pull request" or "all clean" would be a guess.
    const prsUnknown = pullRequestsUnknown(evidence);
    if (prsUnknown) return verdict('unknown', prsUnknown, prLinks(prs));
    if (prs.length === 0) {
      const reason = evidence.changes?.length
        ? 'no pull request brought the deployed commits'
        : 'no pull request was deployed: nothing new since the previous production deployment';
      return verdict('notApplicable', reason, linksOr(evidence, ...evidence.builds.map((b) => b.url)));
    }

    const policiesError = unreadable(evidence, 'policyEvaluations');
    if (policiesError) return verdict('unknown', cannotRead(policiesError), prLinks(prs));
    const protectionUnknown = prs.filter((pr) => wasProtected(pr) === null);
    if (protectionUnknown.length) {
      const which = protectionUnknown.map((pr) => `!${pr.id} (${branchName(pr.targetRefName)})`).join(', ');
      return verdict('unknown', `which required policies protected the target branch of pull request ${which} is not known`, prLinks(prs));
    }

    const reasons = prs.map((pr) => {
      const policies = [...new Set((pr.branchPolicies ?? []).map((policy) => policy.typeName).filter(Boolean))];
      const named = policies.length ? ` (${policies.join(', ')})` : '';
      return `pull request !${pr.id} was completed into ${branchName(pr.targetRefName)} without bypassing its required policies${named}`;
    });
    return verdict('pass', reasons.join('; '), prLinks(prs));
  },
};
