import { classicChangeSetEvidence, sampleReport } from '../../../test/fixtures/sample-report';
import type { DeploymentEvidence } from '../model';
import { parsePolicy } from '../policy';
import { toDeploymentReport } from './report';

const policy = parsePolicy({});

describe('toDeploymentReport: the change set', () => {
  it('reports the previous deployment, every commit with its covering pull request, and each build’s definition, role and change set', () => {
    const report = toDeploymentReport(classicChangeSetEvidence(), policy);
    // The sample report's failing classic release was written by hand from the same release.
    const expected = sampleReport().deployments[1];
    expect(report.previousDeployment).toEqual(expected.previousDeployment);
    expect(report.changes).toEqual(expected.changes);
    expect(report.builds).toEqual(expected.builds);
    expect(report.otherApprovals).toEqual([]);
  });

  it('names the covering pull request of a commit and marks the others not covered', () => {
    const report = toDeploymentReport(classicChangeSetEvidence(), policy);
    expect(report.changes?.map((change) => [change.pullRequestId, change.covered])).toEqual([
      [31, true],
      [null, false],
      [null, false],
    ]);
  });

  it('reports the approvals on other resources with their resource, never among the approvals', () => {
    const evidence = classicChangeSetEvidence();
    const [approval] = evidence.approvals;
    evidence.otherApprovals = [
      { ...approval, status: 'approved', comment: 'ok', resource: { type: 'endpoint', id: 'e1', name: 'prod-arm' } },
      { ...approval, status: 'pending', decidedAt: null, resource: null },
    ];
    const report = toDeploymentReport(evidence, policy);
    expect(report.approvals).toHaveLength(1);
    expect(report.otherApprovals).toEqual([
      { approver: approval.approver, status: 'approved', decidedAt: approval.decidedAt, comment: 'ok', resource: { type: 'endpoint', id: 'e1', name: 'prod-arm' } },
      { approver: approval.approver, status: 'pending', decidedAt: null, comment: approval.comment, resource: null },
    ]);
  });

  it('says nothing of a change set the evidence does not know (kept by an older engine): not known, not empty', () => {
    const evidence: DeploymentEvidence = classicChangeSetEvidence();
    delete evidence.previousDeployment;
    delete evidence.changes;
    delete evidence.changeSets;
    delete evidence.otherApprovals;
    for (const build of evidence.builds) {
      delete (build as Partial<typeof build>).definition;
      delete (build as Partial<typeof build>).role;
    }
    const report = toDeploymentReport(evidence, policy);
    expect('previousDeployment' in report).toBe(false);
    expect('changes' in report).toBe(false);
    expect('otherApprovals' in report).toBe(false);
    expect(report.builds.map(({ definition, role, changeSet }) => ({ definition, role, changeSet }))).toEqual([
      { definition: null, role: null, changeSet: null },
      { definition: null, role: null, changeSet: null },
    ]);
  });

  it('reports no previous deployment within the look-back as null, which is known', () => {
    const evidence = classicChangeSetEvidence();
    evidence.previousDeployment = null;
    expect(toDeploymentReport(evidence, policy).previousDeployment).toBeNull();
  });
});
