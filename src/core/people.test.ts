import { approvalIndependence } from './controls/approval-independence';
import { approvedBy, approversOf, personKey } from './people';
import { approval, evidence, evidenceError, person, policy, pullRequest } from '../../test/support/control-evidence';

const rik = person('Rik Brouwer');
const peter = person('Peter Dol');
const chung = person('Chung Lok Lam'); // requested the default deployment and wrote its pull request 156
const william = person('William Chan');

describe('people', () => {
  it('lists each approver with the deployments they approved, most first', () => {
    const people = approversOf([
      evidence({ key: 'a' }),
      evidence({ key: 'b', approvals: [approval(peter)] }),
      evidence({ key: 'c', approvals: [approval(peter, { status: 'rejected' })] }),
    ]);
    expect(people.approvers.map((a) => [a.identity.displayName, a.deployments])).toEqual([
      ['Peter Dol', ['a', 'b']],
      ['Rik Brouwer', ['a']],
    ]);
    expect(people.approvers.every((a) => a.conflicts.length === 0)).toBe(true);
    expect(people.unattributed).toEqual([]);
  });

  it('finds the conflicts the approval-independence control fails on: approving what one requested or wrote', () => {
    const ownDeployment = evidence({ key: 'own', requestedBy: rik, pullRequests: [] });
    const ownPullRequest = evidence({ key: 'pr', requestedBy: william, approvals: [approval(rik), approval(chung)] });
    const both = evidence({ key: 'both', approvals: [approval(chung)] }); // Chung requested it and wrote !156
    const people = approversOf([ownDeployment, ownPullRequest, both]);
    const byName = (name: string) => people.approvers.find((a) => a.identity.displayName === name)!;
    expect(byName('Rik Brouwer').conflicts).toEqual([{ key: 'own', kind: 'requested', pullRequestId: null, reason: 'Rik Brouwer approved their own deployment' }]);
    expect(byName('Chung Lok Lam').conflicts).toEqual([
      { key: 'pr', kind: 'authored', pullRequestId: 156, reason: 'Chung Lok Lam approved a deployment of their own pull request !156' },
      { key: 'both', kind: 'requested', pullRequestId: null, reason: 'Chung Lok Lam approved their own deployment' },
      { key: 'both', kind: 'authored', pullRequestId: 156, reason: 'Chung Lok Lam approved a deployment of their own pull request !156' },
    ]);
    expect(byName('Chung Lok Lam').conflictedDeployments).toBe(2);
    // The same deployments fail the control, with the same words.
    for (const deployment of [ownDeployment, ownPullRequest, both]) {
      expect(approvalIndependence.evaluate(deployment, policy()).status).toBe('fail');
    }
    expect(approvalIndependence.evaluate(ownPullRequest, policy()).reason).toBe(byName('Chung Lok Lam').conflicts[0].reason);
  });

  it('credits nobody for a deployment whose approvals could not be read, and says why', () => {
    const people = approversOf([
      evidence({ key: 'denied', approvals: [], errors: [evidenceError('approvals', 403, 'Forbidden')] }),
      evidence({ key: 'gone', approvals: [], errors: [evidenceError('approvals', 404, 'Not found')] }),
      evidence({ key: 'ok', approvals: [approval(rik)] }),
    ]);
    expect(people.unattributed).toEqual([
      { key: 'denied', reason: 'access denied' },
      { key: 'gone', reason: 'removed or not found' },
    ]);
    expect(people.approvers.map((a) => a.deployments)).toEqual([['ok']]);
  });

  it('does not count automated classic approvals or one person approving twice twice', () => {
    const people = approversOf([
      evidence({ key: 'a', approvals: [approval(rik), approval(rik), approval(peter, { automated: true })] }),
    ]);
    expect(people.approvers.map((a) => [a.identity.displayName, a.deployments])).toEqual([['Rik Brouwer', ['a']]]);
  });

  it('knows the same person by unique name whatever the case, and tells who approved a deployment', () => {
    const upper = { ...rik, id: '', uniqueName: rik.uniqueName.toUpperCase() };
    const people = approversOf([evidence({ key: 'a', approvals: [approval(rik)] }), evidence({ key: 'b', approvals: [approval(upper)] })]);
    expect(people.approvers).toHaveLength(1);
    expect(people.approvers[0].deployments).toEqual(['a', 'b']);
    expect(people.approvers[0].key).toBe(personKey(rik));
    expect(approvedBy(evidence(), { id: rik.id, uniqueName: '' })).toBe(true);
    expect(approvedBy(evidence(), { id: '', uniqueName: chung.uniqueName })).toBe(false);
    expect(approvedBy(evidence({ approvals: [approval(chung, { status: 'pending' })] }), chung)).toBe(false);
  });

  it('has nothing to list without approvals', () => {
    expect(approversOf([evidence({ approvals: [], pullRequests: [pullRequest()] })])).toEqual({ approvers: [], unattributed: [] });
  });
});
