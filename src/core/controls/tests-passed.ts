import type { DeploymentEvidence } from '../model';
import { type Control, unreadable } from './control';
import { buildsLabel, cannotRead, linksOr, verdict } from './verdicts';

const DAY = 86_400_000;

/**
 * The deployed builds that finished longer ago than the project keeps test results, judged at the time the evidence
 * was read (so that a report's verdicts reproduce later).
 */
function pastRetention(evidence: DeploymentEvidence): { days: number; builds: DeploymentEvidence['builds'] } | null {
  const days = evidence.testRetentionDays;
  if (days === null || days === undefined) return null;
  const readAt = Date.parse(evidence.capturedAt ?? '') || Date.now();
  const builds = evidence.builds.filter((build) => build.finishedAt && readAt - Date.parse(build.finishedAt) > days * DAY);
  return builds.length ? { days, builds } : null;
}

export const testsPassed: Control = {
  id: 'tests-passed',
  title: 'Tests passed',
  description:
    'The deployed builds (a run and the pipeline runs it consumed, or a release\'s build artifacts) published test ' +
    'results together, and none of them failed.',

  evaluate(evidence) {
    const builds = evidence.builds;
    const link = linksOr(evidence, evidence.testsUrl, ...builds.map((b) => b.url));
    // A build removed by retention takes its test results with it: the summary cannot be trusted either way.
    const error = unreadable(evidence, 'build', 'tests');
    if (error) return verdict('unknown', cannotRead(error), link);
    if (builds.length === 0) return verdict('unknown', 'no build was deployed, so there are no test results to judge', link);

    const build = buildsLabel(builds);
    const tests = evidence.tests;
    if (!tests) return verdict('unknown', `the test results of ${build} were not read`, link);
    if (tests.total <= 0) {
      const expired = pastRetention(evidence);
      if (expired) {
        const reason = `no test results for ${build}: ${buildsLabel(expired.builds)} finished more than ${expired.days} days before the audit, and the project keeps test results ${expired.days} days`;
        return verdict('unknown', reason, link);
      }
      return verdict('fail', `no test results published for ${build}`, link);
    }
    if (tests.failed > 0) return verdict('fail', `${tests.failed} of ${tests.total} tests failed in ${build}`, link);
    // Contract: at least one result and none failed. Tests that did not run (other) are reported, not judged.
    const reason =
      tests.passed === tests.total
        ? `all ${tests.total} tests passed in ${build}`
        : `${tests.passed} of ${tests.total} tests passed and none failed in ${build} (${tests.other} other)`;
    return verdict('pass', reason, link);
  },
};
