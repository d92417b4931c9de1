import { testsPassed } from './tests-passed';
import { build, evidence, evidenceError, policy, RUN_URL } from '../../../test/support/control-evidence';

const evaluate = (deployment = evidence()) => testsPassed.evaluate(deployment, policy());

describe('tests-passed', () => {
  it('passes when tests ran and none failed, linking the test results', () => {
    const deployment = evidence();
    expect(evaluate(deployment)).toEqual({
      status: 'pass',
      reason: 'all 124 tests passed in build 20200421.4',
      evidence: [deployment.testsUrl, RUN_URL],
    });
  });

  it('passes, saying how many, when some tests did not run but none failed', () => {
    expect(evaluate(evidence({ tests: { total: 124, passed: 120, failed: 0, other: 4 } }))).toMatchObject({
      status: 'pass',
      reason: '120 of 124 tests passed and none failed in build 20200421.4 (4 other)',
    });
  });

  it('fails when no test results were published', () => {
    expect(evaluate(evidence({ tests: { total: 0, passed: 0, failed: 0, other: 0 } }))).toMatchObject({
      status: 'fail',
      reason: 'no test results published for build 20200421.4',
    });
  });

  it('fails when a single test failed', () => {
    expect(evaluate(evidence({ tests: { total: 124, passed: 123, failed: 1, other: 0 } }))).toMatchObject({
      status: 'fail',
      reason: '1 of 124 tests failed in build 20200421.4',
    });
  });

  it('fails when tests failed', () => {
    expect(evaluate(evidence({ tests: { total: 124, passed: 121, failed: 3, other: 0 } }))).toMatchObject({
      status: 'fail',
      reason: '3 of 124 tests failed in build 20200421.4',
    });
  });

  it('is unknown when the test results could not be read', () => {
    const deployment = evidence({ tests: null, errors: [evidenceError('tests', 403, 'access denied')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'test results could not be read: access denied (HTTP 403)' });
  });

  it('is unknown when the build is gone, whatever the summary says', () => {
    const deployment = evidence({ tests: { total: 0, passed: 0, failed: 0, other: 0 }, errors: [evidenceError('build', 404, 'build 33102 is gone')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'the build could not be read: build 33102 is gone (HTTP 404)' });
  });

  it('is unknown when the test results were not read', () => {
    expect(evaluate(evidence({ tests: null }))).toMatchObject({ status: 'unknown', reason: 'the test results of build 20200421.4 were not read' });
  });

  it('is unknown without a build', () => {
    const deployment = evidence({ builds: [], tests: null, testsUrl: null });
    expect(evaluate(deployment)).toEqual({
      status: 'unknown',
      reason: 'no build was deployed, so there are no test results to judge',
      evidence: [deployment.url],
    });
  });

  describe('a build without any test result', () => {
    const none = { total: 0, passed: 0, failed: 0, other: 0 };
    // Build 20200421.4 finished on 2020-04-21; the evidence was read some days later.
    const readOn = (capturedAt: string, testRetentionDays: number | null) => evidence({ tests: none, capturedAt, testRetentionDays });

    it('fails while the project still keeps the results it would have published', () => {
      expect(evaluate(readOn('2020-05-01T00:00:00.000Z', 30)).status).toBe('fail');
      expect(evaluate(readOn('2024-05-01T00:00:00.000Z', null)).status).toBe('fail');
    });

    it('is unknown when the build finished longer ago than the project keeps test results', () => {
      expect(evaluate(readOn('2020-06-01T00:00:00.000Z', 30))).toMatchObject({
        status: 'unknown',
        reason:
          'no test results for build 20200421.4: build 20200421.4 finished more than 30 days before the audit, and the project keeps test results 30 days',
      });
    });
  });

  it('judges the results of a run and the pipeline run it consumed together', () => {
    const ci = build({ id: 33000, number: '20200420.7', role: 'consumed' });
    const deployment = evidence({ builds: [build(), ci], tests: { total: 40, passed: 40, failed: 0, other: 0 } });
    expect(evaluate(deployment)).toMatchObject({ status: 'pass', reason: 'all 40 tests passed in builds 20200421.4, 20200420.7' });
  });
});
