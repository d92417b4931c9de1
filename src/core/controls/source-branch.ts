import { globMatch } from '../policy';
import { type Control, unreadable } from './control';
import { buildsLabel, cannotRead, linksOr, verdict } from './verdicts';

export const sourceBranch: Control = {
  id: 'source-branch',
  title: 'Built from an allowed branch',
  description: 'Every deployed build was built from a branch the policy allows (e.g. refs/heads/main, refs/heads/release/*).',

  evaluate(evidence, policy) {
    const builds = evidence.builds;
    const buildLinks = builds.map((b) => b.url);
    const error = unreadable(evidence, 'build');
    if (error) return verdict('unknown', cannotRead(error), linksOr(evidence, ...buildLinks));
    if (builds.length === 0) {
      return verdict('unknown', 'no build was deployed, so the source branch is not known', linksOr(evidence));
    }

    const allowed = policy.allowedBranches;
    const isAllowed = (branch: string) => allowed.some((pattern) => globMatch(pattern, branch));
    const disallowed = builds.filter((b) => b.sourceBranch.trim() !== '' && !isAllowed(b.sourceBranch));
    if (disallowed.length) {
      const built = disallowed.map((b) => `${buildsLabel([b])} was built from ${b.sourceBranch}`).join('; ');
      const allowedText = allowed.length ? `allowed: ${allowed.join(', ')}` : 'the policy allows no branch';
      const reason = `${built}, which the policy does not allow (${allowedText})`;
      return verdict('fail', reason, linksOr(evidence, ...disallowed.map((b) => b.url)));
    }
    const withoutBranch = builds.filter((b) => b.sourceBranch.trim() === '');
    if (withoutBranch.length) {
      const reason = `the source branch of ${buildsLabel(withoutBranch)} is not known`;
      return verdict('unknown', reason, linksOr(evidence, ...withoutBranch.map((b) => b.url)));
    }
    const branches = [...new Set(builds.map((b) => b.sourceBranch))].join(', ');
    const reason = `${buildsLabel(builds)} ${builds.length === 1 ? 'was' : 'were'} built from ${branches}`;
    return verdict('pass', reason, linksOr(evidence, ...buildLinks));
  },
};
