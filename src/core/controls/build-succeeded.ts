import type { BuildEvidence, DeploymentEvidence, Verdict } from '../model';
import { type Control, unreadable } from './control';
import { buildsLabel, cannotRead, linksOr, verdict } from './verdicts';

/** Results that are failures, in the words of a build ("build 20200421.4 was canceled") … */
const BUILD_FAILED = new Map([
  ['partiallySucceeded', 'partially succeeded'],
  ['failed', 'failed'],
  ['canceled', 'was canceled'],
]);
/** … and of stages ("the stages before Production were canceled"). */
const STAGES_FAILED = new Map([
  ['partiallySucceeded', 'partially succeeded'],
  ['failed', 'failed'],
  ['canceled', 'were canceled'],
]);

/**
 * A YAML deployment's build is its own run, whose result includes the deployment itself: a failed deployment would
 * read as a failed build. So the stages before the production stage are judged, not the run.
 */
function yamlBuild(evidence: DeploymentEvidence): Verdict {
  const link = linksOr(evidence, evidence.url, ...evidence.builds.map((b) => b.url));
  const error = unreadable(evidence, 'timeline', 'build');
  if (error) return verdict('unknown', cannotRead(error), link);
  if (evidence.builds.length === 0) return verdict('unknown', 'no build was deployed', link);

  const stage = evidence.stage || 'the production stage';
  const before = `the stages before ${stage} of run ${evidence.runName || evidence.runId}`;
  const result = evidence.priorStagesResult;
  // The pipeline runs the run consumed (a CD pipeline deploying a CI pipeline's artifact) are deployed builds too.
  const consumed = evidence.builds.filter((b) => b.role === 'consumed');
  const consumedVerdict = consumed.length ? buildsVerdict(evidence, consumed) : null;
  if (consumedVerdict?.status === 'fail') return consumedVerdict;
  const failed = result === null ? undefined : STAGES_FAILED.get(result);
  if (failed) return verdict('fail', `${before} ${failed}`, link);
  if (consumedVerdict?.status === 'unknown') return consumedVerdict;
  if (result === 'succeeded') {
    const also = consumedVerdict ? `, and ${consumedVerdict.reason}` : '';
    return verdict('pass', `${before} succeeded${also}`, linksOr(evidence, ...link, ...(consumedVerdict?.evidence ?? [])));
  }
  // A run that only deploys what it consumed: the consumed runs are the build.
  if (result === null && consumedVerdict?.status === 'pass') return consumedVerdict;
  // No earlier stage that ran (a pipeline that builds in its production stage), an unexpected result: nothing to
  // judge by, and the run's own result would include the deployment.
  return verdict('unknown', result ? `${before} ended as "${result}"` : `the result of ${before} is not known`, link);
}

function classicBuild(evidence: DeploymentEvidence): Verdict {
  const builds = evidence.builds;
  const error = unreadable(evidence, 'build');
  if (error) return verdict('unknown', cannotRead(error), linksOr(evidence, ...builds.map((b) => b.url)));
  if (builds.length === 0) return verdict('unknown', 'no build was deployed', linksOr(evidence));
  return buildsVerdict(evidence, builds);
}

/** Every one of these builds succeeded. */
function buildsVerdict(evidence: DeploymentEvidence, builds: BuildEvidence[]): Verdict {
  const failed = builds.filter((b) => BUILD_FAILED.has(b.result));
  if (failed.length) {
    const reason = failed.map((b) => `${buildsLabel([b])} ${BUILD_FAILED.get(b.result)}`).join('; ');
    return verdict('fail', reason, linksOr(evidence, ...failed.map((b) => b.url)));
  }
  const unfinished = builds.filter((b) => b.result !== 'succeeded');
  if (unfinished.length) {
    const reasons = unfinished.map((b) => `${buildsLabel([b])} has no result${b.status ? ` (${b.status})` : ''}`);
    return verdict('unknown', reasons.join('; '), linksOr(evidence, ...unfinished.map((b) => b.url)));
  }
  return verdict('pass', `${buildsLabel(builds)} succeeded`, linksOr(evidence, ...builds.map((b) => b.url)));
}

export const buildSucceeded: Control = {
  id: 'build-succeeded',
  title: 'Build succeeded',
  description:
    'The deployed build succeeded. For a YAML pipeline, the stages before the production stage succeeded; ' +
    'a partially succeeded build is a failure.',

  evaluate(evidence) {
    return evidence.source === 'yaml' ? yamlBuild(evidence) : classicBuild(evidence);
  },
};
