import { codeReview } from './code-review';
import { build, change, changeSet, COMMIT, evidence, evidenceError, group, person, policy, PREVIOUS_RUN_URL, PULL_REQUEST_URL, pullRequest, RUN_URL, vote } from '../../../test/support/control-evidence';

const chung = person('Chung Lok Lam'); // the author of pull request 156
const harmen = person('Harmen de Rooij');
const reviewers = group('Rocca-Reviewers');

const evaluate = (deployment = evidence()) => codeReview.evaluate(deployment, policy());
const reviewedBy = (...votes: ReturnType<typeof vote>[]) => evidence({ pullRequests: [pullRequest({ reviewers: votes })] });

describe('code-review', () => {
  it('passes when every commit since the previous deployment came through a pull request a person other than its author approved', () => {
    expect(evaluate()).toEqual({
      status: 'pass',
      reason: 'all 1 commit of build 20200421.4 since run 20200420.2 came through reviewed pull requests: !156 (approved by Harmen de Rooij)',
      evidence: [PULL_REQUEST_URL],
    });
  });

  it('counts "approved with suggestions" (5) as approval', () => {
    expect(evaluate(reviewedBy(vote(harmen, 5)))).toMatchObject({ status: 'pass' });
  });

  it('fails naming a commit pushed directly to the branch, even when the deployed commit was reviewed', () => {
    const pushed = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
    const deployment = evidence({
      changeSets: [changeSet([COMMIT, pushed])],
      changes: [change(COMMIT), change(pushed, { pullRequestIds: [] })],
    });
    expect(evaluate(deployment)).toEqual({
      status: 'fail',
      reason: 'commit a1b2c3d4 reached master without a pull request into it (pushed directly)',
      evidence: [change(pushed).url],
    });
  });

  it('fails a commit merged through a pull request into another branch (then fast-forwarded)', () => {
    const elsewhere = 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
    const deployment = evidence({
      changeSets: [changeSet([elsewhere, COMMIT])],
      changes: [change(elsewhere, { pullRequestIds: [], elsewhere: [{ id: 170, targetRefName: 'refs/heads/develop', status: 'completed' }] }), change(COMMIT)],
    });
    expect(evaluate(deployment)).toMatchObject({
      status: 'fail',
      reason: 'commit b1b2c3d4 reached master without a pull request into it (pull request !170 merged it into develop)',
    });
  });

  it('fails an earlier pull request of the change set that only its author approved, naming it', () => {
    const earlier = pullRequest({ id: 150, reviewers: [vote(chung, 10)], url: PULL_REQUEST_URL.replace('156', '150') });
    const older = 'c1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
    const deployment = evidence({
      pullRequests: [earlier, pullRequest()],
      changeSets: [changeSet([COMMIT, older])],
      changes: [change(COMMIT), change(older, { pullRequestIds: [150] })],
    });
    expect(evaluate(deployment)).toEqual({
      status: 'fail',
      reason: 'pull request !150 has no approving vote by a person other than its author: Chung Lok Lam (the author) approved',
      evidence: [PULL_REQUEST_URL.replace('156', '150')],
    });
  });

  it('fails when only the author approved', () => {
    expect(evaluate(reviewedBy(vote(chung, 10)))).toEqual({
      status: 'fail',
      reason: 'pull request !156 has no approving vote by a person other than its author: Chung Lok Lam (the author) approved',
      evidence: [PULL_REQUEST_URL],
    });
  });

  it('is not applicable when the deployment shipped nothing new (a redeploy or a rollback)', () => {
    const deployment = evidence({ pullRequests: [], changes: [], changeSets: [changeSet([], { basis: 'nothingNew' })] });
    expect(evaluate(deployment)).toEqual({
      status: 'notApplicable',
      reason: 'nothing new since run 20200420.2: the same commits were deployed before',
      evidence: [PREVIOUS_RUN_URL, RUN_URL],
    });
  });

  it('judges the deployed commit alone when there was no previous production deployment, and says so', () => {
    const deployment = evidence({ previousDeployment: null, changeSets: [changeSet([COMMIT], { basis: 'deployedCommitOnly', since: null })] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'pass',
      reason:
        'the deployed commit 71c08469 of build 20200421.4 (no earlier production deployment of it within 365 days) came through a reviewed pull request: !156 (approved by Harmen de Rooij)',
    });
  });

  it('is unknown when the history since the previous deployment could not be read', () => {
    const deployment = evidence({ pullRequests: [], changes: [], changeSets: [], errors: [evidenceError('changes', 404, 'build 33090: not found')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'the change set could not be read: build 33090: not found (HTTP 404)' });
  });

  it('is unknown when the change set was not collected (evidence kept by an older engine)', () => {
    expect(evaluate(evidence({ changeSets: undefined, changes: undefined })).status).toBe('unknown');
  });

  it('recognises the author by uniqueName in another case', () => {
    const authorAgain = person('Chung Lok Lam', { id: 'fade0000-0000-4000-8000-000000000000', uniqueName: 'CHUNG.LOK.LAM@RABOBANK.NL' });
    expect(evaluate(reviewedBy(vote(authorAgain, 10))).status).toBe('fail');
  });

  it('fails when only a group approved', () => {
    expect(evaluate(reviewedBy(vote(reviewers, 10, true), vote(harmen, 0)))).toMatchObject({
      status: 'fail',
      reason:
        'pull request !156 has no approving vote by a person other than its author: ' +
        '[SOx-compliant-demo]\\Rocca-Reviewers (a group) approved, Harmen de Rooij did not vote',
    });
  });

  it('takes a reviewer flagged as a group for a group whatever its name', () => {
    const aadGroup = person('Release Approvers', { uniqueName: 'release-approvers@rabobank.nl' });
    expect(evaluate(reviewedBy(vote(aadGroup, 10, true))).status).toBe('fail');
  });

  it('takes a reviewer named like a group for a group even when it is not flagged as one', () => {
    expect(evaluate(reviewedBy(vote(reviewers, 10, false))).status).toBe('fail');
  });

  it('does not take a rejection (-10) or "waiting for author" (-5) for approval', () => {
    expect(evaluate(reviewedBy(vote(harmen, -10), vote(person('Rik Brouwer'), -5)))).toMatchObject({
      status: 'fail',
      reason:
        'pull request !156 has no approving vote by a person other than its author: Harmen de Rooij rejected, Rik Brouwer waited for the author',
    });
  });

  it('fails a pull request without reviewers', () => {
    expect(evaluate(reviewedBy())).toMatchObject({ status: 'fail', reason: 'pull request !156 had no reviewers' });
  });

  it('is unknown without a build, since the deployed commits are not known', () => {
    expect(evaluate(evidence({ builds: [], pullRequests: [], changes: [], changeSets: [] }))).toMatchObject({
      status: 'unknown',
      reason: 'no build was deployed, so the deployed commits are not known',
    });
  });

  it('is unknown when the build is gone', () => {
    const deployment = evidence({ builds: [], pullRequests: [], changes: [], changeSets: [], errors: [evidenceError('build', 404, 'build 33102 is gone')] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'unknown',
      reason: 'the build could not be read: build 33102 is gone (HTTP 404); the deployed commits are not known',
    });
  });

  it('is unknown when the build has no commit (no change set could be made)', () => {
    expect(evaluate(evidence({ builds: [build({ sourceVersion: '' })], pullRequests: [], changes: [], changeSets: [] })).status).toBe('unknown');
  });

  it('is unknown, not failed, when the pull requests could not be read', () => {
    const deployment = evidence({ pullRequests: [], changes: [], changeSets: [], errors: [evidenceError('pullRequests', 403, 'access denied')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'pull requests could not be read: access denied (HTTP 403)' });
  });

  it('fails on an unreviewed pull request found, even when other parts of the change set could not be read', () => {
    const deployment = evidence({ pullRequests: [pullRequest({ reviewers: [] })], errors: [evidenceError('changes', 500, 'server error')] });
    expect(evaluate(deployment).status).toBe('fail');
  });
});
