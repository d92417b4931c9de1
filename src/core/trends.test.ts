import { computeTrends, isoWeek, reportTrends, shareText, shareValue, trendChartLabel, trendChartLayout, trendOutcome, weekFigures, weekLabel, type TrendDeployment } from './trends';
import type { ControlStatus } from './model';

const deployment = (startedAt: string, statuses: ControlStatus[], environment = 'prod', pipeline = 'shop'): TrendDeployment => ({
  startedAt,
  environment,
  pipeline: { name: pipeline },
  controls: Object.fromEntries(statuses.map((status, i) => [`control-${i}`, { status }])),
});

// Sunday 2026-11-01 to Monday 2026-11-30 inclusive: W44 (one day), W45–W48 (whole), W49 (Monday only).
const NOVEMBER = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };

describe('trends', () => {
  it('numbers weeks as ISO 8601 does, across year ends', () => {
    expect(isoWeek(Date.parse('2026-11-02T00:00:00Z'))).toBe('2026-W45');
    // Monday 2024-12-30: its Thursday is in 2025, so it is week 1 of 2025.
    expect(isoWeek(Date.parse('2024-12-30T00:00:00Z'))).toBe('2025-W01');
    // Monday 2026-12-28: 2026 has 53 ISO weeks.
    expect(isoWeek(Date.parse('2026-12-28T00:00:00Z'))).toBe('2026-W53');
    // Monday 2021-01-04 is week 1; the days before it belong to 2020-W53.
    expect(isoWeek(Date.parse('2020-12-28T00:00:00Z'))).toBe('2020-W53');
  });

  it('lists every week the window touches, Monday to Sunday, and marks the ones cut by its edges as partial', () => {
    const trends = computeTrends([], NOVEMBER);
    expect(trends.window).toEqual({ from: '2026-11-01', through: '2026-11-30' });
    expect(trends.weeks.map((week) => [week.week, week.start, week.end, week.from, week.through, week.partial])).toEqual([
      ['2026-W44', '2026-10-26', '2026-11-01', '2026-11-01', '2026-11-01', true],
      ['2026-W45', '2026-11-02', '2026-11-08', '2026-11-02', '2026-11-08', false],
      ['2026-W46', '2026-11-09', '2026-11-15', '2026-11-09', '2026-11-15', false],
      ['2026-W47', '2026-11-16', '2026-11-22', '2026-11-16', '2026-11-22', false],
      ['2026-W48', '2026-11-23', '2026-11-29', '2026-11-23', '2026-11-29', false],
      ['2026-W49', '2026-11-30', '2026-12-06', '2026-11-30', '2026-11-30', true],
    ]);
    expect(weekLabel(trends.weeks[0])).toBe('2026-W44 (partial: 2026-11-01 – 2026-11-01)');
    expect(weekLabel(trends.weeks[1])).toBe('2026-W45');
  });

  it('a window of whole weeks has no partial week', () => {
    const trends = computeTrends([], { from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-11-16T00:00:00Z') });
    expect(trends.weeks.map((week) => [week.week, week.partial])).toEqual([
      ['2026-W45', false],
      ['2026-W46', false],
    ]);
  });

  it('gives a week without deployments no share (not 0 %), and says so', () => {
    const trends = computeTrends([deployment('2026-11-03T10:00:00Z', ['pass'])], NOVEMBER);
    const empty = trends.weeks[2];
    expect(empty).toMatchObject({ week: '2026-W46', deployments: 0, passed: 0, share: null });
    expect(shareText(empty.share)).toBe('—');
    expect(weekFigures(empty)).toBe('no deployments');
    expect(trends.weeks[1]).toMatchObject({ deployments: 1, passed: 1, share: 1 });
  });

  it('passes a deployment whose controls passed or did not apply; fail and unknown do not pass and stay in the count', () => {
    expect(trendOutcome(deployment('2026-11-03T10:00:00Z', ['pass', 'notApplicable']))).toBe('passed');
    expect(trendOutcome(deployment('2026-11-03T10:00:00Z', ['pass', 'unknown']))).toBe('unknown');
    // A failure outweighs an unknown.
    expect(trendOutcome(deployment('2026-11-03T10:00:00Z', ['unknown', 'fail']))).toBe('failed');
    const trends = computeTrends(
      [
        deployment('2026-11-03T10:00:00Z', ['pass', 'notApplicable']),
        deployment('2026-11-04T10:00:00Z', ['pass', 'pass']),
        deployment('2026-11-05T10:00:00Z', ['pass', 'unknown']),
        deployment('2026-11-06T10:00:00Z', ['fail', 'pass']),
      ],
      NOVEMBER,
    );
    expect(trends.weeks[1]).toMatchObject({ deployments: 4, passed: 2, failed: 1, unknown: 1, share: 0.5 });
    expect(weekFigures(trends.weeks[1])).toBe('2 of 4 passed (50 %)');
  });

  it('puts a deployment in the week of its start in UTC, Sunday 23:59 in the week before Monday 00:00', () => {
    const trends = computeTrends([deployment('2026-11-08T23:59:59Z', ['pass']), deployment('2026-11-09T00:00:00Z', ['fail'])], NOVEMBER);
    expect(trends.weeks[1]).toMatchObject({ week: '2026-W45', deployments: 1, passed: 1 });
    expect(trends.weeks[2]).toMatchObject({ week: '2026-W46', deployments: 1, failed: 1 });
  });

  it('counts a partial week only on its days in the window, and leaves deployments outside the window out', () => {
    const trends = computeTrends(
      [
        deployment('2026-10-31T12:00:00Z', ['fail']), // Saturday of W44, before the window
        deployment('2026-11-01T12:00:00Z', ['pass']), // Sunday of W44, in it
        deployment('2026-12-01T00:00:00Z', ['pass']), // the window's end is exclusive
      ],
      NOVEMBER,
    );
    expect(trends.weeks[0]).toMatchObject({ week: '2026-W44', partial: true, deployments: 1, passed: 1, share: 1 });
    expect(trends.weeks[5]).toMatchObject({ week: '2026-W49', deployments: 0 });
    expect(trends.outsideWindow).toBe(2);
    expect(trends.deployments).toBe(1);
  });

  it('splits the same weeks by environment and by pipeline, in name order', () => {
    const trends = computeTrends(
      [
        deployment('2026-11-03T10:00:00Z', ['pass'], 'prod-we', 'shop'),
        deployment('2026-11-03T11:00:00Z', ['fail'], 'prod-eu', 'shop'),
        deployment('2026-11-10T10:00:00Z', ['pass'], 'prod-eu', 'api'),
      ],
      NOVEMBER,
    );
    expect(trends.byEnvironment.map((series) => [series.name, series.deployments, series.passed, series.share])).toEqual([
      ['prod-eu', 2, 1, 0.5],
      ['prod-we', 1, 1, 1],
    ]);
    expect(trends.byEnvironment[0].weeks.map((week) => week.share)).toEqual([null, 0, 1, null, null, null]);
    expect(trends.byPipeline.map((series) => series.name)).toEqual(['api', 'shop']);
    expect(trends.byPipeline[1].weeks[1]).toMatchObject({ deployments: 2, passed: 1, failed: 1 });
    expect(trends.byEnvironment.every((series) => series.weeks.length === trends.weeks.length)).toBe(true);
    expect(trends).toMatchObject({ deployments: 3, passed: 2 });
  });

  it('never rounds a share up to 100 %, and shows whole percents exactly', () => {
    expect(shareText(199 / 200)).toBe('99 %');
    expect(shareText(29 / 100)).toBe('29 %');
    expect(shareText(1)).toBe('100 %');
    expect(shareText(0)).toBe('0 %');
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => computeTrends([], { from: NOVEMBER.to, to: NOVEMBER.from })).toThrow(RangeError);
  });
});

describe('trend chart layout', () => {
  const trends = computeTrends(
    [deployment('2026-11-03T10:00:00Z', ['pass']), deployment('2026-11-04T10:00:00Z', ['fail']), deployment('2026-11-10T10:00:00Z', ['pass'])],
    NOVEMBER,
  );

  it('draws one bar per week, its height the share, none for a week without deployments', () => {
    const layout = trendChartLayout(trends.weeks, 640, 200);
    const plotHeight = layout.plot.bottom - layout.plot.top;
    expect(layout.bars.map((bar) => bar.label)).toEqual(['W44', 'W45', 'W46', 'W47', 'W48', 'W49']);
    expect(layout.bars[1].height).toBeCloseTo(plotHeight / 2, 0);
    expect(layout.bars[2].height).toBeCloseTo(plotHeight, 0);
    expect(layout.bars[0].height).toBe(0);
    expect(layout.bars.every((bar) => bar.y + bar.height === layout.plot.bottom || Math.abs(bar.y + bar.height - layout.plot.bottom) < 0.2)).toBe(true);
    // Bars stay inside the plot and in week order.
    const xs = layout.bars.map((bar) => bar.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(layout.bars[5].x + layout.bars[5].width).toBeLessThanOrEqual(layout.plot.right);
  });

  it('names the chart with every week and its figures', () => {
    expect(trendChartLabel('Deployments passing every control', trends.weeks)).toBe(
      'Deployments passing every control, 6 weeks. 2026-W44 (partial: 2026-11-01 – 2026-11-01): no deployments; 2026-W45: 1 of 2 passed (50 %); 2026-W46: 1 of 1 passed (100 %); 2026-W47: no deployments; 2026-W48: no deployments; 2026-W49 (partial: 2026-11-30 – 2026-11-30): no deployments.',
    );
  });

  it('reads a report’s own window, and refuses one it cannot read', () => {
    const report = { window: { from: NOVEMBER.from.toISOString(), to: NOVEMBER.to.toISOString() }, deployments: [deployment('2026-11-03T10:00:00Z', ['pass'])] };
    expect(reportTrends(report)?.weeks).toHaveLength(6);
    expect(reportTrends({ ...report, window: { from: 'yesterday', to: NOVEMBER.to.toISOString() } })).toBeNull();
    expect(shareValue(199 / 200)).toBe(0.99);
  });
});
