/**
 * Trends: per ISO week (UTC, Monday to Sunday) of the window, the share of deployments passing every control, over
 * all deployments and by environment and by pipeline. The hub's chart and the HTML and Excel reports show these
 * figures, so they are worked out once, here.
 *
 * What counts as passing: every enabled control `pass` or `notApplicable` (a control that does not apply is not a
 * failure). A deployment with any `fail` is failing; one with no `fail` but an `unknown` is counted as `unknown` and
 * is NOT passing: evidence that could not be read is never taken as a pass. The share's denominator is every
 * deployment of the week, unknown ones included, so unreadable evidence lowers the share rather than vanishing from it.
 */
import type { ControlStatus } from './model';

/** What a trend reads of a deployment: its start, where it went, and its verdicts (only the enabled controls). */
export interface TrendDeployment {
  startedAt: string;
  environment: string;
  pipeline: { name: string };
  controls: Partial<Record<string, { status: ControlStatus } | undefined>>;
}

export interface TrendWeek {
  /** ISO 8601 week, e.g. `2026-W45` (the year is the ISO week-numbering year). */
  week: string;
  /** The week's Monday and Sunday (YYYY-MM-DD, UTC). */
  start: string;
  end: string;
  /** The days of the week inside the window: the whole week, or part of it at the window's edges. */
  from: string;
  through: string;
  /** The window covers only part of this week: its figures are for `from` to `through`. */
  partial: boolean;
  deployments: number;
  /** Every control passed or did not apply. */
  passed: number;
  /** At least one control failed. */
  failed: number;
  /** No control failed, at least one is unknown (evidence that could not be read). */
  unknown: number;
  /** passed / deployments; null when the week has no deployments (no share, not 0 %). */
  share: number | null;
}

export interface TrendSeries {
  /** The environment's or pipeline's name. */
  name: string;
  weeks: TrendWeek[];
  deployments: number;
  passed: number;
  share: number | null;
}

export interface Trends {
  /** The window's first and last day (YYYY-MM-DD, UTC). */
  window: { from: string; through: string };
  /** Every deployment of the window, week by week; weeks without deployments are in it, with share null. */
  weeks: TrendWeek[];
  byEnvironment: TrendSeries[];
  byPipeline: TrendSeries[];
  /** The whole window. */
  deployments: number;
  passed: number;
  share: number | null;
  /** Deployments given that started outside the window: not counted. */
  outsideWindow: number;
}

/** How the share is counted, in words, for the chart's caption and the reports. */
export const TREND_RULE =
  'Share of deployments passing every control: every enabled control passed or did not apply. A deployment with a failing control, or with evidence that could not be read (unknown), does not pass and stays in the count. Weeks are ISO weeks (UTC, Monday to Sunday); a week cut by the window is marked partial and counts only its days in the window.';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Midnight UTC of the Monday of the week holding `ms`. */
function mondayOf(ms: number): number {
  const day = Math.floor(ms / DAY) * DAY;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return day - weekday * DAY;
}

/** ISO 8601 week of a Monday: the week belongs to the year of its Thursday, and week 1 holds the year's first Thursday. */
export function isoWeek(monday: number): string {
  const thursday = new Date(monday + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Whether a deployment passes, fails or is unknown overall (worst of its verdicts; see the module's comment). */
export function trendOutcome(deployment: Pick<TrendDeployment, 'controls'>): 'passed' | 'failed' | 'unknown' {
  const statuses = Object.values(deployment.controls).map((verdict) => verdict?.status);
  if (statuses.includes('fail')) return 'failed';
  if (statuses.includes('unknown')) return 'unknown';
  return 'passed';
}

interface Counts {
  deployments: number;
  passed: number;
  failed: number;
  unknown: number;
}

const share = (counts: Pick<Counts, 'deployments' | 'passed'>): number | null => (counts.deployments ? counts.passed / counts.deployments : null);

/**
 * The trends of a window (`from` inclusive, `to` exclusive, as every audit window) over the deployments given; those
 * that started outside the window are left out and counted in `outsideWindow`.
 */
export function computeTrends(deployments: readonly TrendDeployment[], window: { from: Date; to: Date }): Trends {
  const from = window.from.getTime();
  const to = window.to.getTime();
  if (!(to > from)) throw new RangeError('The window must end after it starts.');
  // The weeks' skeleton: every week the window touches, even without a deployment.
  const skeleton: Omit<TrendWeek, keyof Counts | 'share'>[] = [];
  for (let monday = mondayOf(from); monday < to; monday += WEEK) {
    const first = Math.max(monday, from);
    const last = Math.min(monday + WEEK, to) - 1;
    skeleton.push({
      week: isoWeek(monday),
      start: isoDay(monday),
      end: isoDay(monday + 6 * DAY),
      from: isoDay(first),
      through: isoDay(last),
      partial: first > monday || last < monday + WEEK - 1,
    });
  }
  const firstMonday = mondayOf(from);
  const empty = (): Counts[] => skeleton.map(() => ({ deployments: 0, passed: 0, failed: 0, unknown: 0 }));
  const all = empty();
  const environments = new Map<string, Counts[]>();
  const pipelines = new Map<string, Counts[]>();
  let outsideWindow = 0;
  for (const deployment of deployments) {
    const started = Date.parse(deployment.startedAt);
    if (!(started >= from && started < to)) {
      outsideWindow++;
      continue;
    }
    const index = Math.floor((started - firstMonday) / WEEK);
    const outcome = trendOutcome(deployment);
    const add = (counts: Counts[]) => {
      counts[index].deployments++;
      counts[index][outcome]++;
    };
    add(all);
    const environment = environments.get(deployment.environment) ?? empty();
    environments.set(deployment.environment, environment);
    add(environment);
    const pipeline = pipelines.get(deployment.pipeline.name) ?? empty();
    pipelines.set(deployment.pipeline.name, pipeline);
    add(pipeline);
  }
  const weeksOf = (counts: Counts[]): TrendWeek[] => skeleton.map((week, i) => ({ ...week, ...counts[i], share: share(counts[i]) }));
  const total = (counts: Counts[]) => counts.reduce((sum, week) => ({ deployments: sum.deployments + week.deployments, passed: sum.passed + week.passed }), { deployments: 0, passed: 0 });
  const series = (groups: Map<string, Counts[]>): TrendSeries[] =>
    [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, counts]) => {
        const sum = total(counts);
        return { name, weeks: weeksOf(counts), ...sum, share: share(sum) };
      });
  const sum = total(all);
  return {
    window: { from: isoDay(from), through: isoDay(to - 1) },
    weeks: weeksOf(all),
    byEnvironment: series(environments),
    byPipeline: series(pipelines),
    ...sum,
    share: share(sum),
    outsideWindow,
  };
}

/** `87 %`, or `—` for a week without deployments. Whole percent, rounded down so that 99.6 % is never shown as 100 %. */
export const shareText = (value: number | null): string => (value === null ? '—' : `${Math.floor(value * 100 + 1e-9)} %`);

/** `2026-W45`, or `2026-W44 (partial: 2026-10-31 – 2026-11-01)`. */
export const weekLabel = (week: Pick<TrendWeek, 'week' | 'partial' | 'from' | 'through'>): string =>
  week.partial ? `${week.week} (partial: ${week.from} – ${week.through})` : week.week;

/** What a week's cell says: `17 of 20 passed (85 %)`, or `no deployments`. */
export const weekFigures = (week: Pick<TrendWeek, 'deployments' | 'passed' | 'share'>): string =>
  week.deployments ? `${week.passed} of ${week.deployments} passed (${shareText(week.share)})` : 'no deployments';

/** The share as the reports store it: whole percent rounded down, as a fraction (0.87), the same figure as shareText. */
export const shareValue = (value: number | null): number | null => (value === null ? null : Math.floor(value * 100 + 1e-9) / 100);

/** A report's trends over its own window; null when the window cannot be read (an edited or foreign report). */
export function reportTrends(report: { window: { from: string; to: string }; deployments: readonly TrendDeployment[] }): Trends | null {
  const from = new Date(report.window.from);
  const to = new Date(report.window.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || !(to > from)) return null;
  return computeTrends(report.deployments, { from, to });
}

/** One week's bar of the chart, in the chart's own units (the SVG's viewBox). */
export interface TrendBar {
  week: TrendWeek;
  /** The short axis label, `W45`. */
  label: string;
  x: number;
  width: number;
  /** Top of the bar and its height; height 0 for 0 % and for a week without deployments (`week.share` null). */
  y: number;
  height: number;
  /** The centre of the week's slot, for its axis label. */
  centre: number;
}

export interface TrendChartLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: TrendBar[];
  /** Horizontal grid lines: 0 %, 50 %, 100 %. */
  grid: { value: number; y: number; label: string }[];
  /** Show one axis label in `labelEvery` so that many weeks do not overlap. */
  labelEvery: number;
}

/**
 * Where the bars of a week-by-week share chart go: drawn as React SVG in the hub and as an SVG string in the HTML
 * report, from the same layout, so both show the same chart.
 */
export function trendChartLayout(weeks: readonly TrendWeek[], width = 640, height = 200): TrendChartLayout {
  const plot = { left: 44, top: 10, right: width - 8, bottom: height - 28 };
  const plotHeight = plot.bottom - plot.top;
  const slot = (plot.right - plot.left) / Math.max(weeks.length, 1);
  const barWidth = Math.max(2, Math.min(48, slot * 0.64));
  const round = (n: number) => Math.round(n * 10) / 10;
  const bars = weeks.map((week, index) => {
    const centre = plot.left + slot * (index + 0.5);
    const barHeight = week.share === null ? 0 : round(plotHeight * (shareValue(week.share) ?? 0));
    return {
      week,
      label: `W${week.week.slice(-2)}`,
      x: round(centre - barWidth / 2),
      width: round(barWidth),
      y: round(plot.bottom - barHeight),
      height: barHeight,
      centre: round(centre),
    };
  });
  const grid = [0, 0.5, 1].map((value) => ({ value, y: round(plot.bottom - plotHeight * value), label: `${value * 100} %` }));
  return { width, height, plot, bars, grid, labelEvery: Math.max(1, Math.ceil(weeks.length / 14)) };
}

/** The chart's accessible name: what it shows, and every week's figure, for a screen reader. */
export function trendChartLabel(title: string, weeks: readonly TrendWeek[]): string {
  const figures = weeks.map((week) => `${weekLabel(week)}: ${weekFigures(week)}`);
  return `${title}, ${weeks.length} ${weeks.length === 1 ? 'week' : 'weeks'}. ${figures.join('; ')}.`;
}
