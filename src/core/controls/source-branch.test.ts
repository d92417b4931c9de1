import { sourceBranch } from './source-branch';
import { build, evidence, evidenceError, policy, RUN_URL } from '../../../test/support/control-evidence';

const evaluate = (deployment = evidence(), settings = policy()) => sourceBranch.evaluate(deployment, settings);
const builtFrom = (...branches: string[]) =>
  evidence({ builds: branches.map((sourceBranch, i) => build({ id: 33102 + i, number: `20200421.${4 + i}`, sourceBranch, url: `${RUN_URL}${i || ''}` })) });

describe('source-branch', () => {
  it('passes a build from an allowed branch', () => {
    expect(evaluate()).toEqual({ status: 'pass', reason: 'build 20200421.4 was built from refs/heads/master', evidence: [RUN_URL] });
  });

  it('matches glob patterns such as refs/heads/release/*', () => {
    expect(evaluate(builtFrom('refs/heads/release/2020.4')).status).toBe('pass');
  });

  it('fails a build from a branch the policy does not allow', () => {
    expect(evaluate(builtFrom('refs/heads/feature/readme'))).toEqual({
      status: 'fail',
      reason:
        'build 20200421.4 was built from refs/heads/feature/readme, which the policy does not allow ' +
        '(allowed: refs/heads/main, refs/heads/master, refs/heads/release/*)',
      evidence: [RUN_URL],
    });
  });

  it('fails a build of a pull request merge ref', () => {
    expect(evaluate(builtFrom('refs/pull/156/merge')).status).toBe('fail');
  });

  it('follows the allowed branches of the policy', () => {
    const settings = policy({ allowedBranches: ['refs/heads/develop'] });
    expect(evaluate(builtFrom('refs/heads/develop'), settings).status).toBe('pass');
    expect(evaluate(builtFrom('refs/heads/master'), settings).status).toBe('fail');
    expect(evaluate(builtFrom('refs/heads/master'), policy({ allowedBranches: [] })).reason).toContain('the policy allows no branch');
  });

  it('fails when any deployed build is from a disallowed branch', () => {
    expect(evaluate(builtFrom('refs/heads/master', 'refs/heads/feature/x'))).toMatchObject({
      status: 'fail',
      evidence: [`${RUN_URL}1`],
    });
  });

  it('passes when every deployed build is from an allowed branch', () => {
    expect(evaluate(builtFrom('refs/heads/master', 'refs/heads/release/1'))).toMatchObject({
      status: 'pass',
      reason: 'builds 20200421.4, 20200421.5 were built from refs/heads/master, refs/heads/release/1',
    });
  });

  it('is unknown without a build', () => {
    expect(evaluate(evidence({ builds: [] }))).toMatchObject({ status: 'unknown', reason: 'no build was deployed, so the source branch is not known' });
  });

  it('is unknown when the build could not be read', () => {
    const deployment = evidence({ builds: [], errors: [evidenceError('build', 404, 'build 33102 is gone')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'the build could not be read: build 33102 is gone (HTTP 404)' });
  });

  it('is unknown when a build has no source branch', () => {
    expect(evaluate(builtFrom(''))).toMatchObject({ status: 'unknown', reason: 'the source branch of build 20200421.4 is not known' });
  });
});
