import { evidenceReport } from '../../../test/support/evidence-report';
import { toJson } from '../export/json';
import type { AuditReport } from '../report';
import { describeDifference, reperform } from './reperform';

/** The report as a reader of the file has it. */
const written = (): AuditReport => JSON.parse(toJson(evidenceReport()));

describe('reperform', () => {
  it('reproduces every verdict of a report from its recorded evidence and policy', () => {
    const report = written();
    const result = reperform(report);
    expect(result.differences).toEqual([]);
    expect(result.notes).toEqual([]);
    expect(result.deployments).toBe(12);
    expect(result.verdicts).toBe(12 * 8);
  });

  it('names a verdict edited by hand: deployment, control, recorded and recomputed status', () => {
    const report = written();
    const deployment = report.deployments[1];
    expect(deployment.controls['approval-count']!.status).toBe('fail');
    deployment.controls['approval-count']!.status = 'pass';
    const { differences } = reperform(report);
    expect(differences).toContainEqual(
      expect.objectContaining({ kind: 'verdict', key: deployment.key, control: 'approval-count', recorded: 'pass', recomputed: 'fail' }),
    );
    expect(differences.map(describeDifference)).toContainEqual(expect.stringContaining(`${deployment.key}  approval-count: recorded pass, recomputed fail`));
    // The summary no longer counts what the deployments say either.
    expect(differences).toContainEqual(expect.objectContaining({ kind: 'summary', control: 'approval-count' }));
  });

  it('names a verdict that no longer follows from evidence edited by hand', () => {
    const report = written();
    const deployment = report.deployments[0];
    deployment.evidence!.pullRequests[0].reviewers = [];
    const { differences } = reperform(report);
    expect(differences).toContainEqual(expect.objectContaining({ kind: 'verdict', key: deployment.key, control: 'code-review', recorded: 'pass', recomputed: 'fail' }));
  });

  it('names a shown field that is not what the evidence gives', () => {
    const report = written();
    report.deployments[0].approvals[0].approver.displayName = 'Someone Else';
    expect(reperform(report).differences).toEqual([{ kind: 'field', key: report.deployments[0].key, field: 'approvals' }]);
  });

  it('names every verdict that a changed policy changes', () => {
    const report = written();
    report.policy.requiredApprovals = 3;
    const differences = reperform(report).differences.filter((difference) => difference.kind === 'verdict');
    // Ten passed with two approvals; the two with one approval failed already.
    expect(differences.length).toBe(10);
    expect(differences.every((difference) => difference.kind === 'verdict' && difference.control === 'approval-count' && difference.recomputed === 'fail')).toBe(true);
  });

  it('cannot re-perform a report without evidence, or under a policy that is not one', () => {
    const report = written();
    delete report.deployments[2].evidence;
    expect(reperform(report).differences).toEqual([{ kind: 'noEvidence', key: report.deployments[2].key }]);
    (report.deployments[3].evidence as any).key = 'another';
    expect(reperform(report).differences).toContainEqual(expect.objectContaining({ kind: 'badEvidence', key: report.deployments[3].key }));
    (report.policy as any).requiredApprovals = 'two';
    expect(reperform(report).differences).toEqual([expect.objectContaining({ kind: 'policy' })]);
  });

  it('notes, without failing, a verdict with the same status in other words', () => {
    const report = written();
    report.deployments[0].controls['tests-passed']!.reason = 'all good';
    const result = reperform(report);
    expect(result.differences).toEqual([]);
    expect(result.notes).toEqual([expect.objectContaining({ key: report.deployments[0].key, control: 'tests-passed', recorded: 'all good' })]);
  });
});
