import { policy } from '../../../test/support/control-evidence';
import { evidenceDeployments, evidenceReport } from '../../../test/support/evidence-report';
import { buildReport } from './report';
import { allocate, drawSample, mulberry32, sampleReport, sizeRule, type SampleOptions } from './sample';

const options = (overrides: Partial<SampleOptions> = {}): SampleOptions => ({ size: 5, seed: 42, stratify: null, include: [], ...overrides });
const keys = (report = evidenceReport(), o = options()) => drawSample(report, o).deployments.map((deployment) => deployment.key);

describe('mulberry32', () => {
  it('is the published generator: the same seed, the same numbers in [0, 1)', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const first = Array.from({ length: 1000 }, () => a());
    expect(first).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
    // The reference implementation's first output for seed 1 (t = seed + 0x6D2B79F5, …) times 2^32.
    expect(Math.round(mulberry32(1)() * 4294967296)).toBe(2693262067);
  });
});

describe('allocate', () => {
  it('is proportional with the largest remainders', () => {
    expect(allocate(10, [50, 30, 20])).toEqual([5, 3, 2]);
    expect(allocate(7, [50, 30, 20])).toEqual([4, 2, 1]); // 3.5, 2.1, 1.4: the one left goes to 3.5
    expect(allocate(100, [3, 2])).toEqual([3, 2]); // never more than a stratum holds
  });

  it('gives every stratum at least one when the size allows, from the largest allocation', () => {
    expect(allocate(5, [97, 2, 1])).toEqual([3, 1, 1]);
    expect(allocate(2, [97, 2, 1])).toEqual([2, 0, 0]); // fewer places than strata: proportional only
  });
});

describe('drawSample', () => {
  it('draws the same deployments for the same population, seed and options, whatever order the report lists them in', () => {
    const report = evidenceReport();
    const reversed = { ...report, deployments: [...report.deployments].reverse() };
    expect(keys(report)).toHaveLength(5);
    expect(new Set(keys(reversed))).toEqual(new Set(keys(report)));
    expect(keys(report)).toEqual(keys(evidenceReport()));
    expect(keys(report, options({ seed: 7 }))).not.toEqual(keys(report));
  });

  it('lists the sample in the report’s order', () => {
    const report = evidenceReport();
    const order = report.deployments.map((deployment) => deployment.key);
    const sampled = keys(report);
    expect([...sampled].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(sampled);
  });

  it('includes every deployment with a control in the statuses asked for, then draws the rest', () => {
    const report = evidenceReport();
    const flagged = report.deployments
      .filter((deployment) => Object.values(deployment.controls).some((verdict) => verdict!.status === 'fail' || verdict!.status === 'unknown'))
      .map((deployment) => deployment.key);
    expect(flagged.length).toBe(4);
    const { deployments, block } = drawSample(report, options({ size: 6, include: ['fail', 'unknown'] }));
    expect(deployments.map((deployment) => deployment.key)).toEqual(expect.arrayContaining(flagged));
    expect(deployments).toHaveLength(6);
    expect(block.strata).toEqual([{ name: 'all', population: 12, included: 4, drawn: 2 }]);
    // More flagged deployments than the size: all of them, nothing drawn.
    expect(drawSample(report, options({ size: 2, include: ['fail', 'unknown'] })).deployments).toHaveLength(4);
  });

  it('stratifies by environment, month or source, at least one per stratum', () => {
    const report = evidenceReport();
    const byEnvironment = drawSample(report, options({ size: 4, stratify: 'environment' }));
    expect(byEnvironment.block.strata).toEqual([
      { name: 'production', population: 9, included: 0, drawn: 3 },
      { name: 'production-eu', population: 3, included: 0, drawn: 1 },
    ]);
    expect(byEnvironment.deployments.filter((deployment) => deployment.environment === 'production-eu')).toHaveLength(1);
    const byMonth = drawSample(report, options({ size: 3, stratify: 'month' }));
    expect(byMonth.block.strata.map((stratum) => [stratum.name, stratum.drawn])).toEqual([['2026-09', 1], ['2026-10', 1], ['2026-11', 1]]);
    expect(new Set(byMonth.deployments.map((deployment) => deployment.startedAt.slice(0, 7))).size).toBe(3);
    const bySource = drawSample(report, options({ size: 2, stratify: 'source' }));
    expect(bySource.deployments.map((deployment) => deployment.source).sort()).toEqual(['classic', 'yaml']);
  });

  it('takes the whole population when it is no larger than the size', () => {
    expect(drawSample(evidenceReport(), options({ size: 25 })).deployments).toHaveLength(12);
  });

  it('spreads draws evenly: over many seeds each deployment is drawn about size/N of the time', () => {
    const report = buildReport({
      orgUrl: 'https://dev.azure.com/x',
      project: 'p',
      window: { from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') },
      policy: policy(),
      deployments: evidenceDeployments(),
    });
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 3000; seed++) {
      for (const key of keys(report, options({ size: 3, seed }))) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const count of counts.values()) expect(Math.abs(count / 3000 - 3 / 12)).toBeLessThan(0.03);
  });
});

describe('sampleReport', () => {
  it('is a report of the sampled deployments with their evidence, summary and the sample block', () => {
    const report = sampleReport(evidenceReport(), options({ size: 25 }), 'ab'.repeat(32), new Date('2026-12-02T00:00:00Z'));
    expect(report.deployments).toHaveLength(12);
    expect(report.deployments.every((deployment) => deployment.evidence)).toBe(true);
    expect(report.summary.deployments).toBe(12);
    expect(report.generatedAt).toBe('2026-12-02T00:00:00.000Z');
    expect(report.sample).toMatchObject({ seed: 42, size: 25, populationSha256: 'ab'.repeat(32), population: 12, selected: 12 });
    expect(report.sample!.rule).toContain('size 25: the usual attribute-sampling size for a control that operates many times a day');
  });

  it('names the rule of each usual size and of any other', () => {
    expect(sizeRule(40)).toContain('moderate');
    expect(sizeRule(60)).toContain('higher reliance');
    expect(sizeRule(13)).toContain('chosen by the auditor');
  });
});
