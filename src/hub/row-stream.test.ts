import { defaultPolicy } from '../core/policy';
import { sampleDeployments } from '../../test/support/fake-audit-service';
import { RowStream } from './row-stream';
import type { AuditRow } from './rows';

const policy = defaultPolicy();

/** A clock the test moves: each reading advances it by `step` ms, as converting rows takes time. */
function clock(step: number) {
  let now = 0;
  return { now: () => (now += step), advance: (ms: number) => (now += ms) };
}

describe('RowStream', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('renders the first rows at once, then the rest in bursts, a slice of work at a time', async () => {
    const renders: AuditRow[][] = [];
    // Every clock reading is 1 ms later: a 12 ms slice converts a few groups of 25 rows.
    const time = clock(1);
    const stream = new RowStream(policy, (rows) => renders.push(rows), { sliceMs: 12, burstMs: 150, now: time.now });
    const deployments = sampleDeployments(1000);
    stream.push(deployments);
    expect(renders).toHaveLength(0);
    jest.advanceTimersByTime(0);
    // One slice: some rows, at once.
    expect(renders).toHaveLength(1);
    expect(renders[0].length).toBeGreaterThan(0);
    expect(renders[0].length).toBeLessThan(1000);

    const drained = stream.drained();
    await jest.runAllTimersAsync();
    await drained;
    const keys = renders.flat().map((row) => row.key);
    expect(keys).toEqual(deployments.map((deployment) => deployment.key));
    // The rest came in one burst, 150 ms after the first rows, not one render per slice.
    expect(renders).toHaveLength(2);
    expect(stream.rows.size).toBe(1000);
  });

  it('knows a pushed deployment before its row is handed over, so that none is pushed twice', async () => {
    const renders: AuditRow[][] = [];
    const stream = new RowStream(policy, (rows) => renders.push(rows));
    const deployments = sampleDeployments(3);
    stream.push(deployments.slice(0, 2));
    expect(stream.has(deployments[0].key)).toBe(true);
    expect(stream.rows.has(deployments[0].key)).toBe(false);
    // As at the end of an audit: whatever the stream did not get yet goes through it.
    stream.push(deployments.filter((deployment) => !stream.has(deployment.key)));
    const drained = stream.drained();
    await jest.runAllTimersAsync();
    await drained;
    expect(renders.flat().map((row) => row.key)).toEqual(deployments.map((deployment) => deployment.key));
  });

  it('judges each deployment with the policy, as the table’s rows do', async () => {
    const renders: AuditRow[][] = [];
    const stream = new RowStream(policy, (rows) => renders.push(rows));
    stream.push(sampleDeployments(5));
    const drained = stream.drained();
    await jest.runAllTimersAsync();
    await drained;
    // Every fifth sample deployment has a single approver.
    expect(renders.flat().map((row) => row.report.controls['approval-count']?.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'fail']);
  });

  it('is drained at once when nothing is pending, and stops at once: nothing more is rendered', async () => {
    const renders: AuditRow[][] = [];
    const stream = new RowStream(policy, (rows) => renders.push(rows));
    await stream.drained();
    stream.push(sampleDeployments(300));
    const drained = stream.drained();
    stream.stop();
    await drained;
    stream.push(sampleDeployments(3));
    await jest.runAllTimersAsync();
    expect(renders).toHaveLength(0);
  });
});
