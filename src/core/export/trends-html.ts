/**
 * The HTML report's Trends section: the week-by-week share of deployments passing every control as an inline SVG
 * chart and, for every reader and screen reader, the same figures as tables (all deployments, by environment, by
 * pipeline).
 *
 * The report's Content-Security-Policy allows only its own stylesheet (by hash) and no inline style attributes, so
 * the SVG is styled by classes in TRENDS_CSS (appended to the report's stylesheet) and by presentation attributes;
 * it has no script. Every name from the report is escaped.
 */
import type { AuditReport } from '../report';
import { reportTrends, shareText, TREND_RULE, trendChartLabel, trendChartLayout, type TrendSeries, type TrendWeek, weekFigures, weekLabel } from '../trends';
import { formatDays } from './text';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (char) => ENTITIES[char]);

export const TRENDS_CSS = `
.trend-chart{display:block;width:100%;max-width:760px;height:auto;background:var(--card);border:1px solid var(--line);border-radius:4px}
.trend-chart .grid{stroke:var(--line);stroke-width:1}
.trend-chart .axis{fill:var(--muted);font-size:11px}
.trend-chart .bar{fill:var(--accent)}
.trend-chart .bar.partial{fill:var(--accent);fill-opacity:.45}
.trend-chart .empty{fill:var(--muted);font-size:11px}
table.trends caption{text-align:left;padding:12px 0 4px}
table.trends td.share{white-space:nowrap;font-variant-numeric:tabular-nums}
table.trends .partial-week{color:var(--muted);font-weight:400}
.trend-scroll{overflow-x:auto}`;

const TITLE = 'Share of deployments passing every control, per week';

/** The week-by-week bar chart as an SVG string (role img, its figures in its label and in each bar's title). */
export function trendChartSvg(weeks: readonly TrendWeek[], title = TITLE): string {
  const layout = trendChartLayout(weeks);
  const grid = layout.grid
    .map((line) => `<line class="grid" x1="${layout.plot.left}" x2="${layout.plot.right}" y1="${line.y}" y2="${line.y}"/><text class="axis" x="${layout.plot.left - 6}" y="${line.y + 4}" text-anchor="end">${escape(line.label)}</text>`)
    .join('');
  const bars = layout.bars
    .map((bar, index) => {
      const label = index % layout.labelEvery === 0 ? `<text class="axis" x="${bar.centre}" y="${layout.plot.bottom + 16}" text-anchor="middle">${escape(bar.label)}${bar.week.partial ? '*' : ''}</text>` : '';
      const tip = `<title>${escape(`${weekLabel(bar.week)}: ${weekFigures(bar.week)}`)}</title>`;
      const shape =
        bar.week.share === null
          ? `<text class="empty" x="${bar.centre}" y="${layout.plot.bottom - 4}" text-anchor="middle">—${tip}</text>`
          : `<rect class="bar${bar.week.partial ? ' partial' : ''}" x="${bar.x}" y="${bar.y}" width="${bar.width}" height="${Math.max(bar.height, 1)}">${tip}</rect>`;
      return shape + label;
    })
    .join('');
  return `<svg class="trend-chart" role="img" aria-label="${escape(trendChartLabel(title, weeks))}" viewBox="0 0 ${layout.width} ${layout.height}" xmlns="http://www.w3.org/2000/svg">${grid}${bars}</svg>`;
}

const weekHeader = (week: TrendWeek): string =>
  week.partial ? `${escape(week.week)}<br><span class="partial-week">partial: ${escape(week.from)} – ${escape(week.through)}</span>` : escape(week.week);

function weeksTable(weeks: readonly TrendWeek[]): string {
  const rows = weeks
    .map(
      (week) =>
        `<tr><th scope="row">${weekHeader(week)}</th><td>${escape(week.from)} – ${escape(week.through)}</td><td class="count">${week.deployments}</td><td class="count">${week.passed}</td><td class="count">${week.failed}</td><td class="count">${week.unknown}</td><td class="share">${escape(shareText(week.share))}</td></tr>`,
    )
    .join('');
  return `<table class="trends"><caption class="sub">All deployments, week by week</caption><thead><tr><th scope="col">Week</th><th scope="col">Days (UTC)</th><th scope="col" class="count">Deployments</th><th scope="col" class="count">Passed</th><th scope="col" class="count">Failed</th><th scope="col" class="count">Unknown</th><th scope="col">Share passing</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function seriesTable(caption: string, what: string, series: readonly TrendSeries[], weeks: readonly TrendWeek[]): string {
  if (!series.length) return '';
  const head = weeks.map((week) => `<th scope="col">${weekHeader(week)}</th>`).join('');
  const rows = series
    .map(
      (item) =>
        `<tr><th scope="row">${escape(item.name)}</th>${item.weeks.map((week) => `<td class="share" title="${escape(weekFigures(week))}">${escape(shareText(week.share))}${week.deployments ? ` <span class="sub">(${week.passed}/${week.deployments})</span>` : ''}</td>`).join('')}<td class="share">${escape(shareText(item.share))} <span class="sub">(${item.passed}/${item.deployments})</span></td></tr>`,
    )
    .join('');
  return `<div class="trend-scroll"><table class="trends"><caption class="sub">${escape(caption)}</caption><thead><tr><th scope="col">${escape(what)}</th>${head}<th scope="col">Window</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The Trends section (heading included); empty when the report's window cannot be read. */
export function trendsSection(report: AuditReport): string {
  const trends = reportTrends(report);
  if (!trends) return '';
  return `<h2>Trends</h2>
<section class="trends" aria-label="Trends">
<p class="sub">${escape(TREND_RULE)} — means no deployments that week; * marks a partial week.</p>
<p><strong>${escape(shareText(trends.share))}</strong> of ${trends.deployments} deployments in ${escape(formatDays(trends.window.from, trends.window.through))} passed every control.</p>
${trendChartSvg(trends.weeks)}
${weeksTable(trends.weeks)}
${seriesTable('Share passing by environment (passed/deployments)', 'Environment', trends.byEnvironment, trends.weeks)}
${seriesTable('Share passing by pipeline (passed/deployments)', 'Pipeline', trends.byPipeline, trends.weeks)}
</section>`;
}
