import type { ChangeEvidence, DeploymentEvidence, PullRequestEvidence, ReviewerVote } from '../model';
import { uncoveredChanges } from './change-set';
import { type Control, unreadable } from './control';
import { distinctIdentities, isGroup, nameOf, sameIdentity } from './identity';
import { cannotRead, links, linksOr, shortSha, verdict } from './verdicts';

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

const branchOf = (evidence: DeploymentEvidence, change: ChangeEvidence): string =>
  evidence.builds.find((build) => build.id === change.buildId)?.sourceBranch.replace(/^refs\/heads\//, '') || 'the branch';

/** "commit 1a2b3c4d reached main without a pull request into it (pull request !12 merged it into develop)" */
function uncoveredReason(evidence: DeploymentEvidence, change: ChangeEvidence): string {
  const elsewhere = change.elsewhere.map((pr) =>
    pr.status.toLowerCase() === 'completed'
      ? `pull request !${pr.id} merged it into ${pr.targetRefName.replace(/^refs\/heads\//, '')}`
      : `pull request !${pr.id} holding it is ${pr.status || 'not completed'}`,
  );
  const how = elsewhere.length ? elsewhere.join(', ') : 'pushed directly';
  return `commit ${shortSha(change.commit)} reached ${branchOf(evidence, change)} without a pull request into it (${how})`;
}

const unreviewedReason = (pr: PullRequestEvidence): string =>
  pr.reviewers.length
    ? `pull request !${pr.id} has no approving vote by a person other than its author: ${votes(pr)}`
    : `pull request !${pr.id} had no reviewers`;

/** "run 20200420.2" / "release Release-136" */
const previousLabel = (evidence: DeploymentEvidence): string => {
  const previous = evidence.previousDeployment;
  if (!previous) return 'the previous production deployment';
  return `${evidence.source === 'classic' ? 'release' : 'run'} ${previous.runName || previous.runId}`;
};

export const codeReview: Control = {
  id: 'code-review',
  title: 'Code reviewed',
  description:
    'Every commit the deployment shipped since the previous production deployment reached its branch through a ' +
    'completed pull request into that branch that a person other than its author approved (vote "approved" or ' +
    '"approved with suggestions"); votes of groups do not count.',

  evaluate(evidence) {
    const prs = evidence.pullRequests;
    const prLinks = (some: PullRequestEvidence[]) => some.map((pr) => pr.url);
    const buildLinks = evidence.builds.map((b) => b.url);

    // A commit without a pull request, or a pull request without an independent approval, is a fail whatever else
    // could not be read.
    const uncovered = uncoveredChanges(evidence);
    const unreviewed = prs.filter((pr) => independentApprovers(pr).length === 0);
    if (uncovered.length || unreviewed.length) {
      const reason = [...uncovered.map((change) => uncoveredReason(evidence, change)), ...unreviewed.map(unreviewedReason)].join('; ');
      return verdict('fail', reason, linksOr(evidence, ...prLinks(unreviewed), ...uncovered.map((change) => change.url)));
    }

    // The change set comes from the deployed builds and their history: without them, "all reviewed" proves nothing.
    const buildError = unreadable(evidence, 'build');
    if (buildError) return verdict('unknown', `${cannotRead(buildError)}; the deployed commits are not known`, linksOr(evidence, ...buildLinks));
    if (evidence.builds.length === 0) return verdict('unknown', 'no build was deployed, so the deployed commits are not known', linksOr(evidence));
    const changesError = unreadable(evidence, 'changes', 'pullRequests');
    if (changesError) return verdict('unknown', cannotRead(changesError), linksOr(evidence, ...buildLinks, ...prLinks(prs)));
    const sets = evidence.changeSets;
    if (!sets || sets.length < evidence.builds.length) {
      return verdict('unknown', 'the commits the deployment shipped were not collected', linksOr(evidence, ...buildLinks));
    }

    if (sets.every((set) => set.basis === 'nothingNew')) {
      return verdict('notApplicable', `nothing new since ${previousLabel(evidence)}: the same commits were deployed before`, links(evidence.previousDeployment?.url, ...buildLinks));
    }
    const approvedBy = prs.map((pr) => `!${pr.id} (approved by ${independentApprovers(pr).join(', ')})`).join(', ');
    const reasons = sets
      .filter((set) => set.basis !== 'nothingNew')
      .map((set) => {
        const build = evidence.builds.find((b) => b.id === set.buildId);
        const label = build ? `build ${build.number || build.id}` : `build ${set.buildId}`;
        if (set.basis === 'deployedCommitOnly') {
          return `the deployed commit ${shortSha(set.commits[0] ?? '')} of ${label} (no earlier production deployment of it within 365 days) came through a reviewed pull request`;
        }
        const count = set.commits.length;
        return `all ${count} commit${count === 1 ? '' : 's'} of ${label} since ${previousLabel(evidence)} came through reviewed pull requests`;
      });
    return verdict('pass', `${reasons.join('; ')}: ${approvedBy}`, linksOr(evidence, ...prLinks(prs)));
  },
};
