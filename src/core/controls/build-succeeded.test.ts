import { buildSucceeded } from './build-succeeded';
import { build, classicEvidence, evidence, evidenceError, policy, RUN_URL } from '../../../test/support/control-evidence';

const evaluate = (deployment = evidence()) => buildSucceeded.evaluate(deployment, policy());

describe('build-succeeded', () => {
  describe('YAML: judged by the stages before the production stage', () => {
    it('passes when they succeeded', () => {
      const deployment = evidence();
      expect(evaluate(deployment)).toEqual({
        status: 'pass',
        reason: 'the stages before Production of run 20200421.4 succeeded',
        evidence: [deployment.url, RUN_URL],
      });
    });

    it('passes when they succeeded and the deployment itself failed', () => {
      const deployment = evidence({ result: 'failed', builds: [build({ result: 'failed' })] });
      expect(evaluate(deployment).status).toBe('pass');
    });

    it('fails when they partially succeeded', () => {
      expect(evaluate(evidence({ priorStagesResult: 'partiallySucceeded' }))).toMatchObject({
        status: 'fail',
        reason: 'the stages before Production of run 20200421.4 partially succeeded',
      });
    });

    it('fails when they failed or were canceled, even when the run reports success', () => {
      expect(evaluate(evidence({ priorStagesResult: 'failed' }))).toMatchObject({ status: 'fail', reason: 'the stages before Production of run 20200421.4 failed' });
      expect(evaluate(evidence({ priorStagesResult: 'canceled' }))).toMatchObject({
        status: 'fail',
        reason: 'the stages before Production of run 20200421.4 were canceled',
      });
    });

    it('is unknown when their result is not known or not a result', () => {
      expect(evaluate(evidence({ priorStagesResult: null }))).toMatchObject({
        status: 'unknown',
        reason: 'the result of the stages before Production of run 20200421.4 is not known',
      });
      expect(evaluate(evidence({ priorStagesResult: 'skipped' })).status).toBe('unknown');
      expect(evaluate(evidence({ priorStagesResult: 'constructor' })).status).toBe('unknown');
    });

    it('is unknown when the timeline could not be read', () => {
      const deployment = evidence({ priorStagesResult: null, errors: [evidenceError('timeline', 500, 'server error')] });
      expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: "the run's timeline could not be read: server error (HTTP 500)" });
    });

    it('is unknown when the build is gone', () => {
      const deployment = evidence({ builds: [], errors: [evidenceError('build', 404, 'build 33102 is gone')] });
      expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'the build could not be read: build 33102 is gone (HTTP 404)' });
    });

    it('is unknown without a build', () => {
      expect(evaluate(evidence({ builds: [] }))).toMatchObject({ status: 'unknown', reason: 'no build was deployed' });
    });
  });

  describe('classic: judged by the deployed builds', () => {
    it('passes when the build succeeded', () => {
      const deployment = classicEvidence();
      expect(evaluate(deployment)).toEqual({ status: 'pass', reason: 'build 0.0.0.624 succeeded', evidence: [deployment.builds[0].url] });
    });

    it('fails a partially succeeded, failed or canceled build', () => {
      expect(evaluate(classicEvidence({ builds: [build({ number: '0.0.0.624', result: 'partiallySucceeded' })] }))).toMatchObject({
        status: 'fail',
        reason: 'build 0.0.0.624 partially succeeded',
      });
      expect(evaluate(classicEvidence({ builds: [build({ number: '0.0.0.624', result: 'failed' })] })).reason).toBe('build 0.0.0.624 failed');
      expect(evaluate(classicEvidence({ builds: [build({ number: '0.0.0.624', result: 'canceled' })] })).reason).toBe('build 0.0.0.624 was canceled');
    });

    it('fails when any deployed build did not succeed', () => {
      const builds = [build(), build({ id: 70610, number: '0.0.0.625', result: 'failed' })];
      expect(evaluate(classicEvidence({ builds }))).toMatchObject({ status: 'fail', reason: 'build 0.0.0.625 failed' });
    });

    it('ignores the timeline result, which classic releases do not have', () => {
      expect(evaluate(classicEvidence({ priorStagesResult: 'failed' })).status).toBe('pass');
    });

    it('is unknown when a build has no result yet', () => {
      expect(evaluate(classicEvidence({ builds: [build({ number: '0.0.0.624', result: '', status: 'inProgress' })] }))).toMatchObject({
        status: 'unknown',
        reason: 'build 0.0.0.624 has no result (inProgress)',
      });
    });

    it('is unknown when the build is gone', () => {
      const deployment = classicEvidence({ errors: [evidenceError('build', 404, 'build 70609 is gone')] });
      expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'the build could not be read: build 70609 is gone (HTTP 404)' });
    });

    it('is unknown without a build', () => {
      expect(evaluate(classicEvidence({ builds: [] })).status).toBe('unknown');
    });
  });

  describe('a CD run that deployed the pipeline run it consumed', () => {
    const ci = (overrides: Parameters<typeof build>[0] = {}) => build({ id: 33000, number: '20200420.7', role: 'consumed', ...overrides });

    it('fails when the consumed run failed, whatever the CD run did', () => {
      expect(evaluate(evidence({ builds: [build(), ci({ result: 'failed' })] }))).toMatchObject({ status: 'fail', reason: 'build 20200420.7 failed' });
    });

    it('passes on the consumed run alone when the CD run has no stage before production', () => {
      expect(evaluate(evidence({ builds: [build(), ci()], priorStagesResult: null }))).toMatchObject({ status: 'pass', reason: 'build 20200420.7 succeeded' });
    });

    it('passes when both succeeded, naming both', () => {
      expect(evaluate(evidence({ builds: [build(), ci()] })).reason).toBe(
        'the stages before Production of run 20200421.4 succeeded, and build 20200420.7 succeeded',
      );
    });
  });
});
