import type { PolicyEvaluation, PullRequestEvidence } from '../model';
import { type Control, unreadable } from './control';
import { nameOf } from './identity';
import { cannotRead, linksOr, pullRequestsUnknown, verdict } from './verdicts';

/**
 * Required policies that said no. Optional (non-blocking) and disabled policies may be rejected without harm.
 * Only "rejected" is judged, as the contract says; a "broken" or "queued" required policy is not a violation here.
 */
const rejectedRequired = (pr: PullRequestEvidence): PolicyEvaluation[] =>
  (pr.policyEvaluations ?? []).filter((e) => e.isBlocking && e.isEnabled && e.status === 'rejected');

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
  return found;
}

export const branchPolicy: Control = {
  id: 'branch-policy',
  title: 'Branch policies honoured',
  description:
    'The pull requests that brought the deployed commit were completed without bypassing branch policies, and no ' +
    'required (blocking, enabled) policy was rejected.',

  evaluate(evidence) {
    const prs = evidence.pullRequests;
    const prLinks = (some: PullRequestEvidence[]) => linksOr(evidence, ...some.map((pr) => pr.url));

    // A bypass or a rejected required policy is a fail, whatever else could not be read.
    const offending = prs.filter((pr) => violations(pr).length);
    if (offending.length) return verdict('fail', offending.flatMap(violations).join('; '), prLinks(offending));

    // With the list of pull requests possibly incomplete, "no pull request" or "all clean" would be a guess.
    const prsUnknown = pullRequestsUnknown(evidence);
    if (prsUnknown) return verdict('unknown', prsUnknown, prLinks(prs));
    if (prs.length === 0) {
      return verdict('notApplicable', 'no pull request was deployed', linksOr(evidence, ...evidence.builds.map((b) => b.url)));
    }

    const evaluationsError = unreadable(evidence, 'policyEvaluations');
    if (evaluationsError) return verdict('unknown', cannotRead(evaluationsError), prLinks(prs));
    const notRead = prs.filter((pr) => pr.policyEvaluations === null).map((pr) => `!${pr.id}`);
    if (notRead.length) {
      return verdict('unknown', `policy evaluations of pull request ${notRead.join(', ')} were not read`, prLinks(prs));
    }

    const reasons = prs.map((pr) =>
      pr.policyEvaluations?.length
        ? `pull request !${pr.id} was completed without bypassing branch policies and no required policy was rejected`
        : `pull request !${pr.id} was completed without bypassing branch policies (no policy was evaluated)`,
    );
    return verdict('pass', reasons.join('; '), prLinks(prs));
  },
};
