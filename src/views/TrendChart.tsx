/**
 * A week-by-week bar chart of the share of deployments passing every control: SVG of our own (no charting
 * dependency), laid out by the core's trendChartLayout as the HTML report's chart is, themed by azure-devops-ui's CSS
 * variables (trends.css). It is one image for assistive technology (role img) whose name holds every week's figures;
 * the views show the same figures as a table beside it.
 */
import * as React from 'react';
import { trendChartLabel, trendChartLayout, weekFigures, weekLabel, type TrendWeek } from '../core/trends';
import './trends.css';

export interface TrendChartProps {
  /** What the bars are, e.g. "Share of deployments passing every control, per week". */
  title: string;
  weeks: readonly TrendWeek[];
}

export function TrendChart({ title, weeks }: TrendChartProps): JSX.Element {
  const layout = React.useMemo(() => trendChartLayout(weeks), [weeks]);
  return (
    <svg
      className="da-trend-chart"
      role="img"
      aria-label={trendChartLabel(title, weeks)}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      data-weeks={weeks.length}
      // Focusable so that a keyboard user hears its name; its figures are also in the table that follows it.
      tabIndex={0}
    >
      {layout.grid.map((line) => (
        <g key={line.value}>
          <line className="da-trend-grid" x1={layout.plot.left} x2={layout.plot.right} y1={line.y} y2={line.y} />
          <text className="da-trend-axis" x={layout.plot.left - 6} y={line.y + 4} textAnchor="end">
            {line.label}
          </text>
        </g>
      ))}
      {layout.bars.map((bar, index) => {
        const tip = <title>{`${weekLabel(bar.week)}: ${weekFigures(bar.week)}`}</title>;
        return (
          <g key={bar.week.week} className="da-trend-week" data-week={bar.week.week} data-partial={bar.week.partial || undefined}>
            {bar.week.share === null ? (
              <text className="da-trend-empty" x={bar.centre} y={layout.plot.bottom - 4} textAnchor="middle">
                —{tip}
              </text>
            ) : (
              <rect className={`da-trend-bar${bar.week.partial ? ' partial' : ''}`} x={bar.x} y={bar.y} width={bar.width} height={Math.max(bar.height, 1)}>
                {tip}
              </rect>
            )}
            {index % layout.labelEvery === 0 && (
              <text className="da-trend-axis" x={bar.centre} y={layout.plot.bottom + 16} textAnchor="middle">
                {bar.label}
                {bar.week.partial ? '*' : ''}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
