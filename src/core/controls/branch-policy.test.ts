import { branchPolicy } from './branch-policy';
import { evidence, evidenceError, person, policy, policyEvaluation, PULL_REQUEST_URL, pullRequest, RUN_URL } from '../../../test/support/control-evidence';

const evaluate = (deployment = evidence()) => branchPolicy.evaluate(deployment, policy());
const withPullRequest = (overrides: Parameters<typeof pullRequest>[0]) => evidence({ pullRequests: [pullRequest(overrides)] });

describe('branch-policy', () => {
  it('passes a pull request completed without bypass and without rejected required policies', () => {
    expect(evaluate()).toEqual({
      status: 'pass',
      reason: 'pull request !156 was completed into master without bypassing its required policies (Minimum number of reviewers, Build)',
      evidence: [PULL_REQUEST_URL],
    });
  });

  it('passes when no policy was evaluated but a required policy was configured on the branch when the pull request completed', () => {
    expect(evaluate(withPullRequest({ policyEvaluations: [], branchPolicies: [{ id: 12, typeName: 'Minimum number of reviewers' }] }))).toMatchObject({
      status: 'pass',
      reason: 'pull request !156 was completed into master without bypassing its required policies (Minimum number of reviewers)',
    });
  });

  it('fails a pull request completed into a branch that no required policy protected', () => {
    expect(evaluate(withPullRequest({ policyEvaluations: [policyEvaluation('Comment requirements', { isBlocking: false })], branchPolicies: [] }))).toMatchObject({
      status: 'fail',
      reason: 'pull request !156 was completed into master, which no required branch policy protected',
    });
  });

  it('does not take a blocking policy that did not apply (notApplicable) for protection', () => {
    const notApplied = withPullRequest({ policyEvaluations: [policyEvaluation('Build', { status: 'notApplicable' })], branchPolicies: [] });
    expect(evaluate(notApplied).status).toBe('fail');
  });

  it("is unknown when no required policy was evaluated and the branch's policies were not read (evidence of an older engine)", () => {
    expect(evaluate(withPullRequest({ policyEvaluations: [], branchPolicies: undefined }))).toMatchObject({
      status: 'unknown',
      reason: 'which required policies protected the target branch of pull request !156 (master) is not known',
    });
  });

  it('is not applicable when nothing new was deployed', () => {
    expect(evaluate(evidence({ pullRequests: [], changes: [] }))).toEqual({
      status: 'notApplicable',
      reason: 'no pull request was deployed: nothing new since the previous production deployment',
      evidence: [RUN_URL],
    });
  });

  it('is not applicable to commits pushed without any pull request: code-review fails those', () => {
    expect(evaluate(evidence({ pullRequests: [] }))).toMatchObject({ status: 'notApplicable', reason: 'no pull request brought the deployed commits' });
  });

  it('is unknown when the change set could not be read', () => {
    const deployment = evidence({ pullRequests: [], changes: [], errors: [evidenceError('changes', 500, 'server error')] });
    expect(evaluate(deployment).status).toBe('unknown');
  });

  it('fails a pull request completed bypassing policies, naming who and why', () => {
    const deployment = withPullRequest({ bypassPolicy: true, closedBy: person('Rik Brouwer'), bypassReason: 'hotfix for INC0012345' });
    expect(evaluate(deployment)).toEqual({
      status: 'fail',
      reason: 'pull request !156 was completed by Rik Brouwer bypassing branch policies ("hotfix for INC0012345")',
      evidence: [PULL_REQUEST_URL],
    });
  });

  it('fails a bypass even when the policy evaluations were not read', () => {
    const deployment = evidence({
      pullRequests: [pullRequest({ bypassPolicy: true, policyEvaluations: null })],
      errors: [evidenceError('policyEvaluations', 403, 'access denied')],
    });
    expect(evaluate(deployment)).toMatchObject({
      status: 'fail',
      reason: 'pull request !156 was completed by Chung Lok Lam bypassing branch policies',
    });
  });

  it('fails a bypass even when other pull requests could not be read', () => {
    const deployment = evidence({ pullRequests: [pullRequest({ bypassPolicy: true })], errors: [evidenceError('pullRequests', 500, 'server error')] });
    expect(evaluate(deployment).status).toBe('fail');
  });

  it('fails when a required policy was rejected', () => {
    const deployment = withPullRequest({
      policyEvaluations: [policyEvaluation('Minimum number of reviewers', { status: 'rejected' }), policyEvaluation('Build')],
    });
    expect(evaluate(deployment)).toMatchObject({
      status: 'fail',
      reason: 'pull request !156 was completed with required policies rejected: Minimum number of reviewers',
    });
  });

  it('ignores a rejected optional (non-blocking) policy and a rejected disabled one', () => {
    const deployment = withPullRequest({
      policyEvaluations: [
        policyEvaluation('Comment requirements', { isBlocking: false, status: 'rejected' }),
        policyEvaluation('Required reviewers', { isEnabled: false, status: 'rejected' }),
        policyEvaluation('Build'),
      ],
    });
    expect(evaluate(deployment).status).toBe('pass');
  });

  it("is unknown when the target branch's policies were not read", () => {
    expect(evaluate(withPullRequest({ policyEvaluations: null, branchPolicies: null }))).toEqual({
      status: 'unknown',
      reason: 'which required policies protected the target branch of pull request !156 (master) is not known',
      evidence: [PULL_REQUEST_URL],
    });
  });

  it('is unknown when the policy evaluations could not be read', () => {
    const deployment = evidence({ pullRequests: [pullRequest({ branchPolicies: null })], errors: [evidenceError('policyEvaluations', 403, 'access denied')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'branch policies could not be read: access denied (HTTP 403)' });
  });

  it('is unknown, not "not applicable", when the pull requests could not be read', () => {
    const deployment = evidence({ pullRequests: [], errors: [evidenceError('pullRequests', 403, 'access denied')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'pull requests could not be read: access denied (HTTP 403)' });
  });

  it('is unknown, not "not applicable", when the build is gone', () => {
    const deployment = evidence({ builds: [], pullRequests: [], errors: [evidenceError('build', 404, 'build 33102 is gone')] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'unknown',
      reason: 'the build could not be read: build 33102 is gone (HTTP 404), so its pull requests are not known',
    });
  });

  it('judges every deployed pull request', () => {
    const deployment = evidence({ pullRequests: [pullRequest(), pullRequest({ id: 157, bypassPolicy: true, url: PULL_REQUEST_URL.replace('156', '157') })] });
    expect(evaluate(deployment)).toMatchObject({ status: 'fail', evidence: [PULL_REQUEST_URL.replace('156', '157')] });
  });
});
