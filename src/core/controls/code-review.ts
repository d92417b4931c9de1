import type { PullRequestEvidence, ReviewerVote } from '../model';
import { type Control, unreadable } from './control';
import { distinctIdentities, isGroup, nameOf, sameIdentity } from './identity';
import { cannotRead, linksOr, shortSha, verdict } from './verdicts';

const APPROVING_VOTES = new Set([10, 5]);

const VOTE_WORDS = new Map([
  [10, 'approved'],
  [5, 'approved with suggestions'],
  [0, 'did not vote'],
  [-5, 'waited for the author'],
  [-10, 'rejected'],
]);

/**
 * A group's vote says nothing about which person reviewed. The flag is checked, then the name, since a group
 * reviewer is not always flagged (the captured pull request 156 has a vstfs:/// group without isContainer).
 */
const isGroupVote = (reviewer: ReviewerVote): boolean => reviewer.isGroup || isGroup(reviewer.identity);

/** The people, other than the author, who approved the pull request. */
const independentApprovers = (pr: PullRequestEvidence): string[] =>
  distinctIdentities(
    pr.reviewers
      .filter((r) => APPROVING_VOTES.has(r.vote) && !isGroupVote(r) && !sameIdentity(r.identity, pr.createdBy))
      .map((r) => r.identity),
  ).map(nameOf);

/** "Chung Lok Lam (the author) approved, [SOx-compliant-demo]\Rocca-Reviewers (a group) approved" */
function votes(pr: PullRequestEvidence): string {
  return pr.reviewers
    .map((r) => {
      const who = sameIdentity(r.identity, pr.createdBy) ? ' (the author)' : isGroupVote(r) ? ' (a group)' : '';
      return `${nameOf(r.identity)}${who} ${VOTE_WORDS.get(r.vote) ?? `voted ${r.vote}`}`;
    })
    .join(', ');
}

const isCompleted = (pr: PullRequestEvidence): boolean => pr.status.toLowerCase() === 'completed';

export const codeReview: Control = {
  id: 'code-review',
  title: 'Code reviewed',
  description:
    'The deployed commit reached its branch through a completed pull request that a person other than its author ' +
    'approved (vote "approved" or "approved with suggestions"); votes of groups do not count.',

  evaluate(evidence) {
    const prs = evidence.pullRequests;
    const completed = prs.filter(isCompleted);
    const prLinks = (some: PullRequestEvidence[]) => some.map((pr) => pr.url);
    const buildLinks = evidence.builds.map((b) => b.url);

    // One reviewed pull request is enough, even when other parts of the evidence could not be read.
    const reviewed = completed.filter((pr) => independentApprovers(pr).length > 0);
    if (reviewed.length) {
      const reason = reviewed.map((pr) => `pull request !${pr.id} was approved by ${independentApprovers(pr).join(', ')}`);
      return verdict('pass', reason.join('; '), linksOr(evidence, ...prLinks(reviewed)));
    }

    // Pull requests are looked up by the deployed commit: without it, "none found" proves nothing.
    const buildError = unreadable(evidence, 'build');
    if (buildError) {
      return verdict('unknown', `${cannotRead(buildError)}; the deployed commit is not known`, linksOr(evidence, ...buildLinks));
    }
    const commit = evidence.builds[0]?.sourceVersion;
    if (!commit) {
      const reason = evidence.builds.length
        ? 'the deployed build has no commit'
        : 'no build was deployed, so the deployed commit is not known';
      return verdict('unknown', reason, linksOr(evidence, ...buildLinks));
    }
    // Another, reviewed, pull request may be among those that could not be read.
    const prError = unreadable(evidence, 'pullRequests');
    if (prError) return verdict('unknown', cannotRead(prError), linksOr(evidence, ...buildLinks, ...prLinks(prs)));

    if (completed.length === 0) {
      const others = prs.map((pr) => `pull request !${pr.id} is ${pr.status || 'not completed'}`);
      const none = `no completed pull request merged the deployed commit ${shortSha(commit)}`;
      const reason = others.length ? `${none} (${others.join(', ')})` : none;
      return verdict('fail', reason, linksOr(evidence, ...buildLinks, ...prLinks(prs)));
    }
    const reasons = completed.map((pr) =>
      pr.reviewers.length
        ? `pull request !${pr.id} has no approving vote by a person other than its author: ${votes(pr)}`
        : `pull request !${pr.id} had no reviewers`,
    );
    return verdict('fail', reasons.join('; '), linksOr(evidence, ...prLinks(completed)));
  },
};
