import { approvalCount } from './approval-count';
import { APPROVAL_URL, approval, classicEvidence, evidence, evidenceError, group, person, policy, RELEASE_URL } from '../../../test/support/control-evidence';

const rik = person('Rik Brouwer');
const peter = person('Peter Dol');
const carol = person('Carol Dev');
const approvers = group('Release Approvers');

const evaluate = (deployment = evidence(), settings = policy()) => approvalCount.evaluate(deployment, settings);

describe('approval-count', () => {
  it('passes with two approvals by two people, naming them, linking the approval once', () => {
    expect(evaluate()).toEqual({
      status: 'pass',
      reason: '2 of 2 required approvals: Rik Brouwer, Peter Dol',
      evidence: [APPROVAL_URL],
    });
  });

  it('fails with fewer approvals than required, saying how many and by whom', () => {
    const verdict = evaluate(evidence({ approvals: [approval(rik)] }));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toBe('1 of 2 required approvals (Rik Brouwer)');
  });

  it('fails without any approval and links the deployment', () => {
    const deployment = evidence({ approvals: [] });
    expect(evaluate(deployment)).toEqual({ status: 'fail', reason: '0 of 2 required approvals', evidence: [deployment.url] });
  });

  it('follows the required number of the policy', () => {
    expect(evaluate(evidence({ approvals: [approval(rik)] }), policy({ requiredApprovals: 1 }))).toMatchObject({
      status: 'pass',
      reason: '1 of 1 required approval: Rik Brouwer',
    });
    expect(evaluate(evidence(), policy({ requiredApprovals: 3 })).status).toBe('fail');
  });

  it('is unknown when the approvals could not be read', () => {
    const deployment = evidence({ approvals: [], errors: [evidenceError('approvals', 403, 'access denied')] });
    expect(evaluate(deployment)).toEqual({
      status: 'unknown',
      reason: 'approvals could not be read: access denied (HTTP 403)',
      evidence: [deployment.url],
    });
  });

  it('is not unknown because of evidence it does not need', () => {
    const deployment = evidence({ errors: [evidenceError('build', 404, 'build 33102 is gone')] });
    expect(evaluate(deployment).status).toBe('pass');
  });

  it('is not applicable, never a pass, when the policy requires no approval, even with the approvals unreadable', () => {
    const deployment = evidence({ approvals: [], errors: [evidenceError('approvals', 500, 'server error')] });
    expect(evaluate(deployment, policy({ requiredApprovals: 0 }))).toMatchObject({ status: 'notApplicable', reason: 'the policy requires no approval' });
  });

  it('does not count approvals of other resources than the environment, and says so', () => {
    const endpoint = { type: 'endpoint', id: '7', name: 'prod-azure' };
    const deployment = evidence({ approvals: [approval(rik)], otherApprovals: [approval(peter, { resource: endpoint })] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'fail',
      reason:
        '1 of 2 required approvals (Rik Brouwer); an approval by Peter Dol on service connection prod-azure was not counted: not an approval of environment production',
    });
  });

  it('counts an approval through a group as the member who acted', () => {
    const deployment = evidence({ approvals: [approval(rik, { assignedTo: approvers }), approval(peter, { assignedTo: approvers })] });
    expect(evaluate(deployment)).toMatchObject({ status: 'pass', reason: '2 of 2 required approvals: Rik Brouwer, Peter Dol' });
  });

  it('counts two approvals by one person once', () => {
    const deployment = evidence({ approvals: [approval(rik), approval(rik, { assignedTo: approvers })] });
    expect(evaluate(deployment)).toMatchObject({ status: 'fail', reason: '1 of 2 required approvals (Rik Brouwer)' });
  });

  it('takes the same uniqueName in another case, with another id, for the same person', () => {
    const rikAgain = person('Rik Brouwer', { id: '5b0c7a43-0000-4000-8000-000000000001', displayName: 'Brouwer, R (Rik)', uniqueName: 'RIK.BROUWER@RABOBANK.COM' });
    expect(evaluate(evidence({ approvals: [approval(rik), approval(rikAgain)] })).status).toBe('fail');
  });

  it('does not count rejected, pending or skipped approvals', () => {
    for (const status of ['rejected', 'pending', 'skipped', 'canceled', 'timedOut', 'reassigned'] as const) {
      const deployment = evidence({ approvals: [approval(rik), approval(peter, { status })] });
      expect(evaluate(deployment)).toMatchObject({ status: 'fail', reason: '1 of 2 required approvals (Rik Brouwer)' });
    }
  });

  it('ignores an automated classic approval', () => {
    const automated = approval(person('Project Collection Build Service'), { automated: true, url: RELEASE_URL });
    const deployment = classicEvidence({ approvals: [approval(person('Marc Duiker'), { url: RELEASE_URL }), automated] });
    expect(evaluate(deployment)).toEqual({
      status: 'fail',
      reason: '1 of 2 required approvals (Marc Duiker); an automated approval was not counted',
      evidence: [RELEASE_URL],
    });
  });

  it('passes a classic release approved by two people', () => {
    expect(evaluate(classicEvidence())).toMatchObject({ status: 'pass', reason: '2 of 2 required approvals: Marc Duiker, Peter Dol' });
  });

  describe('with listed approvers', () => {
    it('counts listed people, by uniqueName or id, ignoring case', () => {
      const settings = policy({ approvers: ['rik.brouwer@RABOBANK.com', peter.id.toUpperCase()] });
      expect(evaluate(evidence(), settings).status).toBe('pass');
    });

    it('never counts a person by display name: anyone can choose theirs', () => {
      const impostor = person('Peter Dol', { id: 'badd0000-0000-4000-8000-000000000000', uniqueName: 'mallory@example.com' });
      const deployment = evidence({ approvals: [approval(rik), approval(impostor)] });
      expect(evaluate(deployment, policy({ approvers: ['rik.brouwer@rabobank.com', 'Peter Dol'] }))).toMatchObject({
        status: 'fail',
        reason: '1 of 2 required approvals (Rik Brouwer); an approval by Peter Dol was not counted: not a listed approver',
      });
    });

    it('does not count an unlisted person, and says so', () => {
      const deployment = evidence({ approvals: [approval(rik), approval(carol)] });
      expect(evaluate(deployment, policy({ approvers: [rik.uniqueName, peter.uniqueName] }))).toMatchObject({
        status: 'fail',
        reason: '1 of 2 required approvals (Rik Brouwer); an approval by Carol Dev was not counted: not a listed approver',
      });
    });

    it('names every person who was not counted', () => {
      const deployment = evidence({ approvals: [approval(carol), approval(person('Dan Dev'))] });
      expect(evaluate(deployment, policy({ approvers: [rik.uniqueName] })).reason).toBe(
        '0 of 2 required approvals; approvals by Carol Dev, Dan Dev were not counted: not a listed approver',
      );
    });

    it('counts people who approved through a listed group, by display name or uniqueName', () => {
      const deployment = evidence({ approvals: [approval(carol, { assignedTo: approvers }), approval(peter, { assignedTo: approvers })] });
      expect(evaluate(deployment, policy({ approvers: ['[sox-compliant-demo]\\release approvers'] }))).toMatchObject({
        status: 'pass',
        reason: '2 of 2 required approvals: Carol Dev, Peter Dol',
      });
      expect(evaluate(deployment, policy({ approvers: [approvers.uniqueName] })).status).toBe('pass');
    });

    it('does not count approvals through a group that is not listed', () => {
      const deployment = evidence({ approvals: [approval(carol, { assignedTo: group('Developers') }), approval(peter, { assignedTo: group('Developers') })] });
      expect(evaluate(deployment, policy({ approvers: ['[SOx-compliant-demo]\\Release Approvers'] })).status).toBe('fail');
    });

    it('does not count an approval assigned to a listed person but given by someone else', () => {
      const deployment = evidence({ approvals: [approval(rik), approval(carol, { assignedTo: peter })] });
      expect(evaluate(deployment, policy({ approvers: [rik.uniqueName, peter.uniqueName] }))).toMatchObject({
        status: 'fail',
        reason: '1 of 2 required approvals (Rik Brouwer); an approval by Carol Dev was not counted: not a listed approver',
      });
    });

    it('counts a person once when one of their approvals is counted and another is not', () => {
      const deployment = evidence({ approvals: [approval(carol, { assignedTo: approvers }), approval(carol, { assignedTo: group('Developers') })] });
      expect(evaluate(deployment, policy({ approvers: ['[SOx-compliant-demo]\\Release Approvers'] })).reason).toBe(
        '1 of 2 required approvals (Carol Dev)',
      );
    });
  });

  it('does not count an approval recorded for a group, since the person who acted is not known', () => {
    const deployment = evidence({ approvals: [approval(rik), approval(approvers)] });
    expect(evaluate(deployment).reason).toBe(
      '1 of 2 required approvals (Rik Brouwer); an approval by [SOx-compliant-demo]\\Release Approvers was not counted: recorded for a group, not a person',
    );
  });

  it('links each approval once and skips approvals without a link', () => {
    const deployment = evidence({
      approvals: [approval(rik, { url: `${APPROVAL_URL}#1` }), approval(peter, { url: null }), approval(carol, { url: `${APPROVAL_URL}#1` })],
    });
    expect(evaluate(deployment).evidence).toEqual([`${APPROVAL_URL}#1`]);
    const withoutLinks = evidence({ approvals: [approval(rik, { url: null })] });
    expect(evaluate(withoutLinks).evidence).toEqual([withoutLinks.url]);
  });
});
