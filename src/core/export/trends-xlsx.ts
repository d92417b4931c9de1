/**
 * The workbook's "Trends" sheet: the figures of the hub's trend chart, per ISO week of the report's window, for all
 * deployments and then by environment and by pipeline (one row per name and week, so a pivot table or a chart can be
 * made from it). Shares are stored as numbers formatted as percent, rounded down to the whole percent as the hub shows
 * them; a week without deployments has no share (an empty cell, not 0 %).
 */
import type * as ExcelJS from 'exceljs';
import type { AuditReport } from '../report';
import { reportTrends, shareValue, TREND_RULE, type TrendWeek } from '../trends';
import { formatDays, neutraliseFormula } from './text';
import { SECTION_FONT, styleHeader, TITLE_FONT } from './xlsx-style';

export const TRENDS_SHEET = 'Trends';

const WEEK_COLUMNS = ['Week (ISO)', 'First day (UTC)', 'Last day (UTC)', 'Partial week', 'Deployments', 'Passed', 'Failed', 'Unknown', 'Share passing'];

const weekCells = (week: TrendWeek): (string | number | null)[] => [
  week.week,
  week.from,
  week.through,
  week.partial ? 'partial' : '',
  week.deployments,
  week.passed,
  week.failed,
  week.unknown,
  shareValue(week.share),
];

/** Adds the Trends sheet; nothing when the report's window cannot be read. */
export function addTrendsSheet(workbook: ExcelJS.Workbook, report: AuditReport): void {
  const trends = reportTrends(report);
  if (!trends) return;
  const sheet = workbook.addWorksheet(TRENDS_SHEET);
  sheet.columns = [{ width: 36 }, { width: 12 }, { width: 15 }, { width: 15 }, { width: 12 }, { width: 13 }, { width: 9 }, { width: 9 }, { width: 10 }, { width: 14 }];
  sheet.addRow(['Trends']).font = TITLE_FONT;
  const rule = sheet.addRow([TREND_RULE]);
  rule.font = { italic: true, color: { argb: 'FF605E5C' } };
  sheet.addRow([`Window: ${formatDays(trends.window.from, trends.window.through)}`, null]);
  const total = sheet.addRow(['Share passing over the window', shareValue(trends.share), `${trends.passed} of ${trends.deployments} deployments`]);
  total.getCell(1).font = { bold: true };
  total.getCell(2).numFmt = '0%';
  sheet.addRow([]);

  const header = (first: string) => styleHeader(sheet.addRow([first, ...WEEK_COLUMNS]));
  const section = (name: string) => {
    sheet.addRow([name]).font = SECTION_FONT;
  };
  // Every table has the same columns, the first naming what the row counts, so the three read alike.
  const addWeek = (first: string, week: TrendWeek) => {
    sheet.addRow([neutraliseFormula(first), ...weekCells(week)]).getCell(10).numFmt = '0%';
  };

  section('All deployments');
  header('Deployments');
  for (const week of trends.weeks) addWeek('All', week);
  sheet.addRow([]);
  section('By environment');
  header('Environment');
  for (const series of trends.byEnvironment) for (const week of series.weeks) addWeek(series.name, week);
  sheet.addRow([]);
  section('By pipeline');
  header('Pipeline');
  for (const series of trends.byPipeline) for (const week of series.weeks) addWeek(series.name, week);
}
