import { approvalIndependence } from './approval-independence';
import { APPROVAL_URL, approval, classicEvidence, evidence, evidenceError, group, person, policy, PULL_REQUEST_URL, pullRequest } from '../../../test/support/control-evidence';

const rik = person('Rik Brouwer');
const peter = person('Peter Dol');
const chung = person('Chung Lok Lam'); // requested the deployment and wrote pull request 156

const evaluate = (deployment = evidence()) => approvalIndependence.evaluate(deployment, policy());

describe('approval-independence', () => {
  it('passes when no approver requested the deployment or wrote a deployed pull request', () => {
    expect(evaluate()).toEqual({
      status: 'pass',
      reason: 'none of the approvers (Rik Brouwer, Peter Dol) requested the deployment or wrote pull request !156',
      evidence: [APPROVAL_URL],
    });
  });

  it('passes a deployment without pull requests on the requester alone', () => {
    expect(evaluate(evidence({ pullRequests: [] }))).toMatchObject({
      status: 'pass',
      reason: 'none of the approvers (Rik Brouwer, Peter Dol) requested the deployment; no pull request was deployed',
    });
  });

  it('fails when the requester approved their own deployment', () => {
    const deployment = evidence({ requestedBy: rik, pullRequests: [] });
    expect(evaluate(deployment)).toEqual({
      status: 'fail',
      reason: 'Rik Brouwer approved their own deployment',
      evidence: [APPROVAL_URL, deployment.url],
    });
  });

  it('fails when the author of a deployed pull request approved', () => {
    const deployment = evidence({ requestedBy: person('William Chan'), approvals: [approval(rik), approval(chung)] });
    expect(evaluate(deployment)).toEqual({
      status: 'fail',
      reason: 'Chung Lok Lam approved a deployment of their own pull request !156',
      evidence: [APPROVAL_URL, PULL_REQUEST_URL],
    });
  });

  it('names every conflict, once each', () => {
    const deployment = evidence({ approvals: [approval(chung), approval(chung, { assignedTo: group('Release Approvers') })] });
    expect(evaluate(deployment).reason).toBe(
      'Chung Lok Lam approved their own deployment; Chung Lok Lam approved a deployment of their own pull request !156',
    );
  });

  it('recognises the requester by uniqueName in another case', () => {
    const requester = person('Rik Brouwer', { id: 'c0ffee00-0000-4000-8000-000000000000', uniqueName: 'RIK.BROUWER@rabobank.COM' });
    expect(evaluate(evidence({ requestedBy: requester })).status).toBe('fail');
  });

  it('fails a classic release approved by its requester', () => {
    const deployment = classicEvidence({ requestedBy: person('Marc Duiker') });
    expect(evaluate(deployment)).toMatchObject({ status: 'fail', reason: 'Marc Duiker approved their own deployment' });
  });

  it('only judges approvals that were given: a rejection or an automated approval by the requester is no conflict', () => {
    const deployment = evidence({
      approvals: [approval(rik), approval(chung, { status: 'rejected' }), approval(chung, { automated: true })],
    });
    expect(evaluate(deployment).status).toBe('pass');
  });

  it('is not applicable when nobody approved', () => {
    const deployment = evidence({ approvals: [approval(rik, { status: 'pending' }), approval(chung, { automated: true })] });
    expect(evaluate(deployment)).toEqual({ status: 'notApplicable', reason: 'nobody approved this deployment', evidence: [deployment.url] });
    expect(evaluate(evidence({ approvals: [] })).status).toBe('notApplicable');
  });

  it('is unknown when the approvals could not be read', () => {
    const deployment = evidence({ approvals: [], errors: [evidenceError('approvals', 403, 'access denied')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'unknown', reason: 'approvals could not be read: access denied (HTTP 403)' });
  });

  it('is unknown when the pull requests could not be read and no approver requested the deployment', () => {
    const deployment = evidence({ pullRequests: [], errors: [evidenceError('pullRequests', 500, 'server error after 3 retries')] });
    expect(evaluate(deployment)).toEqual({
      status: 'unknown',
      reason: 'no approver requested the deployment, but pull requests could not be read: server error after 3 retries (HTTP 500)',
      evidence: [APPROVAL_URL],
    });
  });

  it('fails a self-approved deployment even when the pull requests could not be read', () => {
    const deployment = evidence({ requestedBy: rik, pullRequests: [], errors: [evidenceError('pullRequests', 403, 'access denied')] });
    expect(evaluate(deployment)).toMatchObject({ status: 'fail', reason: 'Rik Brouwer approved their own deployment' });
  });

  it('is unknown when the build is gone, since its pull requests are not known', () => {
    const deployment = evidence({ pullRequests: [], errors: [evidenceError('build', 404, 'build 33102 is gone')] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'unknown',
      reason: 'no approver requested the deployment, but the build could not be read: build 33102 is gone (HTTP 404), so its pull requests are not known',
    });
  });

  it('is unknown when the requester is not known', () => {
    expect(evaluate(evidence({ requestedBy: null }))).toMatchObject({ status: 'unknown', reason: 'who requested the deployment is not known' });
  });

  it('still fails a pull request author when the requester is not known', () => {
    expect(evaluate(evidence({ requestedBy: null, approvals: [approval(chung)] })).status).toBe('fail');
  });

  it('is unknown when an approval is recorded for a group, since the person who acted is not known', () => {
    const deployment = evidence({ approvals: [approval(rik), approval(group('Release Approvers'))] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'unknown',
      reason: 'the person who approved for [SOx-compliant-demo]\\Release Approvers is not known',
    });
  });

  it('does not mistake a different person with the same display name for the requester', () => {
    const namesake = person('Chung Lok Lam', { id: 'deadbeef-0000-4000-8000-000000000000', uniqueName: 'Chung.Lam2@rabobank.nl' });
    expect(evaluate(evidence({ approvals: [approval(rik), approval(namesake)], pullRequests: [pullRequest()] })).status).toBe('pass');
  });

  it('checks every deployed pull request', () => {
    const other = pullRequest({ id: 157, createdBy: peter, url: `${PULL_REQUEST_URL.replace('156', '157')}` });
    expect(evaluate(evidence({ pullRequests: [pullRequest(), other] }))).toMatchObject({
      status: 'fail',
      reason: 'Peter Dol approved a deployment of their own pull request !157',
    });
  });
});
