import { codeReview } from './code-review';
import { build, evidence, evidenceError, group, person, policy, PULL_REQUEST_URL, pullRequest, RUN_URL, vote } from './test-evidence';

const chung = person('Chung Lok Lam'); // the author of pull request 156
const harmen = person('Harmen de Rooij');
const reviewers = group('Rocca-Reviewers');

const evaluate = (deployment = evidence()) => codeReview.evaluate(deployment, policy());
const reviewedBy = (...votes: ReturnType<typeof vote>[]) => evidence({ pullRequests: [pullRequest({ reviewers: votes })] });

describe('code-review', () => {
  it('passes when a person other than the author approved the pull request', () => {
    expect(evaluate()).toEqual({
      status: 'pass',
      reason: 'pull request !156 was approved by Harmen de Rooij',
      evidence: [PULL_REQUEST_URL],
    });
  });

  it('counts "approved with suggestions" (5) as approval', () => {
    expect(evaluate(reviewedBy(vote(harmen, 5)))).toMatchObject({ status: 'pass', reason: 'pull request !156 was approved by Harmen de Rooij' });
  });

  it('fails when no completed pull request merged the deployed commit', () => {
    const deployment = evidence({ pullRequests: [] });
    expect(evaluate(deployment)).toEqual({
      status: 'fail',
      reason: 'no completed pull request merged the deployed commit 71c08469',
      evidence: [RUN_URL],
    });
  });

  it('fails when the pull request was not completed', () => {
    const deployment = evidence({ pullRequests: [pullRequest({ status: 'abandoned' })] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'fail',
      reason: 'no completed pull request merged the deployed commit 71c08469 (pull request !156 is abandoned)',
    });
  });

  it('fails when only the author approved', () => {
    expect(evaluate(reviewedBy(vote(chung, 10)))).toEqual({
      status: 'fail',
      reason: 'pull request !156 has no approving vote by a person other than its author: Chung Lok Lam (the author) approved',
      evidence: [PULL_REQUEST_URL],
    });
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

  it('passes when any deployed pull request was reviewed', () => {
    const unreviewed = pullRequest({ id: 157, reviewers: [vote(chung, 10)], url: PULL_REQUEST_URL.replace('156', '157') });
    expect(evaluate(evidence({ pullRequests: [unreviewed, pullRequest()] }))).toMatchObject({
      status: 'pass',
      reason: 'pull request !156 was approved by Harmen de Rooij',
    });
  });

  it('passes on a reviewed pull request even when other pull requests could not be read', () => {
    const deployment = evidence({ errors: [evidenceError('pullRequests', 500, 'server error')] });
    expect(evaluate(deployment).status).toBe('pass');
  });

  it('is unknown without a build, since the deployed commit is not known', () => {
    expect(evaluate(evidence({ builds: [], pullRequests: [] }))).toMatchObject({
      status: 'unknown',
      reason: 'no build was deployed, so the deployed commit is not known',
    });
  });

  it('is unknown when the build is gone', () => {
    const deployment = evidence({ builds: [], pullRequests: [], errors: [evidenceError('build', 404, 'build 33102 is gone')] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'unknown',
      reason: 'the build could not be read: build 33102 is gone (HTTP 404); the deployed commit is not known',
    });
  });

  it('is unknown when the build has no commit', () => {
    expect(evaluate(evidence({ builds: [build({ sourceVersion: '' })], pullRequests: [] })).status).toBe('unknown');
  });

  it('is unknown, not failed, when the pull requests could not be read', () => {
    const deployment = evidence({ pullRequests: [], errors: [evidenceError('pullRequests', 403, 'access denied')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'pull requests could not be read: access denied (HTTP 403)' });
  });

  it('is unknown, not failed, when an unreviewed pull request was found but others could not be read', () => {
    const deployment = evidence({ pullRequests: [pullRequest({ reviewers: [] })], errors: [evidenceError('pullRequests', 500, 'server error')] });
    expect(evaluate(deployment).status).toBe('unknown');
  });
});
