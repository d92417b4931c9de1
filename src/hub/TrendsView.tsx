/**
 * The hub's Trends view: per ISO week of the audit's window, the share of deployments passing every control, as a
 * chart (all deployments, or one environment or pipeline picked from a list) with its figures in a table, and the
 * same shares by environment and by pipeline. The figures are the core's (trends.ts), as in the reports.
 */
import * as React from 'react';
import { Card } from 'azure-devops-ui/Card';
import type { AuditWindow } from '../core/engine/window';
import { computeTrends, shareText, TREND_RULE, weekFigures, type TrendSeries, type TrendWeek } from '../core/trends';
import { formatDays } from '../core/export/text';
import { count, plural } from '../views/format';
import { TrendChart } from '../views/TrendChart';
import type { AuditRow } from './rows';
import '../views/trends.css';

export interface TrendsViewProps {
  rows: readonly AuditRow[];
  window: AuditWindow;
  /** The audit is still running (or was cancelled): the figures are of the deployments collected so far. */
  incomplete?: string | null;
}

const ALL = 'all';

function WeekHeader({ week }: { week: TrendWeek }): JSX.Element {
  return (
    <>
      {week.week}
      {week.partial && <span className="da-partial"> (partial: {week.from} – {week.through})</span>}
    </>
  );
}

function WeeksTable({ caption, weeks }: { caption: string; weeks: readonly TrendWeek[] }): JSX.Element {
  return (
    <div className="da-figures-scroll">
      <table className="da-figures da-trend-weeks">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col">Days (UTC)</th>
            <th scope="col">Deployments</th>
            <th scope="col">Passed</th>
            <th scope="col">Failed</th>
            <th scope="col">Unknown</th>
            <th scope="col">Share passing</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.week} data-week={week.week}>
              <th scope="row">
                <WeekHeader week={week} />
              </th>
              <td>
                {week.from} – {week.through}
              </td>
              <td>{count(week.deployments)}</td>
              <td>{count(week.passed)}</td>
              <td>{count(week.failed)}</td>
              <td>{count(week.unknown)}</td>
              <td>{week.deployments ? shareText(week.share) : 'no deployments'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SeriesTable({ caption, what, series, weeks }: { caption: string; what: string; series: readonly TrendSeries[]; weeks: readonly TrendWeek[] }): JSX.Element {
  return (
    <div className="da-figures-scroll">
      <table className="da-figures" aria-label={caption}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{what}</th>
            {weeks.map((week) => (
              <th scope="col" key={week.week}>
                <WeekHeader week={week} />
              </th>
            ))}
            <th scope="col">Window</th>
          </tr>
        </thead>
        <tbody>
          {series.map((item) => (
            <tr key={item.name}>
              <th scope="row">{item.name}</th>
              {item.weeks.map((week) => (
                <td key={week.week} title={weekFigures(week)}>
                  {shareText(week.share)}
                  {week.deployments > 0 && <span className="secondary-text"> ({week.passed}/{week.deployments})</span>}
                </td>
              ))}
              <td title={`${item.passed} of ${item.deployments} passed`}>
                {shareText(item.share)} <span className="secondary-text">({item.passed}/{item.deployments})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TrendsView({ rows, window, incomplete }: TrendsViewProps): JSX.Element {
  const trends = React.useMemo(() => computeTrends(rows.map((row) => row.report), window), [rows, window]);
  const [shown, setShown] = React.useState<string>(ALL);
  const choices = React.useMemo(
    () => [
      ...trends.byEnvironment.map((series) => ({ id: `environment:${series.name}`, text: `Environment ${series.name}`, series })),
      ...trends.byPipeline.map((series) => ({ id: `pipeline:${series.name}`, text: `Pipeline ${series.name}`, series })),
    ],
    [trends],
  );
  const picked = choices.find((choice) => choice.id === shown) ?? null;
  const weeks = picked ? picked.series.weeks : trends.weeks;
  const subject = picked ? picked.text : 'All deployments';
  const title = `${subject}: share passing every control, per week`;

  return (
    <div className="da-trends flex-column rhythm-vertical-16">
      <Card className="da-trends-card">
        <div className="flex-column rhythm-vertical-8 flex-grow">
          <span className="title-s da-trends-headline">
            {trends.deployments
              ? `${shareText(trends.share)} of ${plural(trends.deployments, 'deployment')} in ${formatDays(trends.window.from, trends.window.through)} passed every control`
              : `No deployments in ${formatDays(trends.window.from, trends.window.through)}`}
          </span>
          {incomplete && <span className="da-trends-incomplete">{incomplete}</span>}
          <span className="secondary-text body-s">{TREND_RULE} “—” marks a week without deployments; * a partial week.</span>
          <label className="flex-row flex-center rhythm-horizontal-8">
            <span>Chart</span>
            <select className="da-trend-select" value={picked ? shown : ALL} onChange={(event) => setShown(event.target.value)}>
              <option value={ALL}>All deployments</option>
              {choices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.text}
                </option>
              ))}
            </select>
          </label>
          <TrendChart title={title} weeks={weeks} />
          <WeeksTable caption={`${subject}, week by week`} weeks={weeks} />
        </div>
      </Card>
      {trends.byEnvironment.length > 0 && (
        <Card>
          <SeriesTable caption="Share passing by environment (passed/deployments)" what="Environment" series={trends.byEnvironment} weeks={trends.weeks} />
        </Card>
      )}
      {trends.byPipeline.length > 0 && (
        <Card>
          <SeriesTable caption="Share passing by pipeline (passed/deployments)" what="Pipeline" series={trends.byPipeline} weeks={trends.weeks} />
        </Card>
      )}
    </div>
  );
}
