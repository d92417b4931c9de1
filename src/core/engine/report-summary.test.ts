/** The report's summary: each verdict counted under its own status, `unknown` never as `pass`. */
import { CONTROL_IDS } from '../controls/ids';
import { parsePolicy } from '../policy';
import type { DeploymentReport } from '../report';
import { summarize } from './report';

type Status = 'pass' | 'fail' | 'unknown' | 'notApplicable';

const deployment = (key: string, controls: Partial<Record<(typeof CONTROL_IDS)[number], Status>>) =>
  ({
    key,
    controls: Object.fromEntries(Object.entries(controls).map(([id, status]) => [id, { status, reason: '', evidence: [] }])),
  }) as unknown as DeploymentReport;

describe('summarize', () => {
  const policy = parsePolicy({ controls: { 'work-item-linked': { enabled: false } } });
  const deployments = [
    deployment('a', { 'tests-passed': 'pass', 'code-review': 'fail', 'branch-policy': 'unknown' }),
    deployment('b', { 'tests-passed': 'unknown', 'code-review': 'unknown', 'branch-policy': 'notApplicable' }),
    deployment('c', { 'tests-passed': 'unknown', 'code-review': 'pass', 'branch-policy': 'unknown' }),
  ];

  it('counts each status under its own name', () => {
    const summary = summarize(deployments, policy);
    expect(summary['tests-passed']).toEqual({ pass: 1, fail: 0, unknown: 2, notApplicable: 0 });
    expect(summary['code-review']).toEqual({ pass: 1, fail: 1, unknown: 1, notApplicable: 0 });
    expect(summary['branch-policy']).toEqual({ pass: 0, fail: 0, unknown: 2, notApplicable: 1 });
  });

  it('gives every enabled control a line, zeros where no deployment has its verdict, and none to disabled ones', () => {
    const summary = summarize(deployments, policy);
    expect(summary['source-branch']).toEqual({ pass: 0, fail: 0, unknown: 0, notApplicable: 0 });
    expect(summary).not.toHaveProperty('work-item-linked');
    expect(Object.keys(summary)).toHaveLength(CONTROL_IDS.length - 1);
  });
});
