import * as ExcelJS from 'exceljs';
import type { AuditReport } from '../report';
import { reportTrends } from '../trends';
import { TRENDS_SHEET } from './trends-xlsx';
import { toXlsx } from './xlsx';
import { sampleReport } from '../../../test/fixtures/sample-report';

async function trendsSheet(report: AuditReport): Promise<ExcelJS.Worksheet | undefined> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await toXlsx(report)) as unknown as ArrayBuffer);
  return workbook.getWorksheet(TRENDS_SHEET);
}

/** The sheet's rows as arrays of plain values (ExcelJS rows start at index 1). */
const rows = (sheet: ExcelJS.Worksheet): unknown[][] => {
  const values: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => values.push((row.values as unknown[]).slice(1)));
  return values;
};

describe('the workbook’s Trends sheet', () => {
  it('holds the hub’s figures week by week: all deployments, then by environment and by pipeline', async () => {
    const report = sampleReport();
    const sheet = (await trendsSheet(report))!;
    expect(sheet).toBeDefined();
    const trends = reportTrends(report)!;
    const all = rows(sheet).filter((row) => row[0] === 'All');
    expect(all).toEqual(
      trends.weeks.map((week) => [
        'All',
        week.week,
        week.from,
        week.through,
        week.partial ? 'partial' : '',
        week.deployments,
        week.passed,
        week.failed,
        week.unknown,
        ...(week.share === null ? [] : [Math.floor(week.share * 100 + 1e-9) / 100]),
      ]),
    );
    expect(all.map((row) => row[1])).toEqual(['2024-W18', '2024-W19', '2024-W20', '2024-W21', '2024-W22']);
    expect(all[0][4]).toBe('partial');
    // One row per environment and week, and per pipeline and week.
    const environments = trends.byEnvironment.map((series) => series.name);
    expect(rows(sheet).filter((row) => environments.includes(row[0] as string))).toHaveLength(environments.length * trends.weeks.length);
    const header = rows(sheet).find((row) => row[0] === 'Environment')!;
    expect(header.slice(1)).toEqual(['Week (ISO)', 'First day (UTC)', 'Last day (UTC)', 'Partial week', 'Deployments', 'Passed', 'Failed', 'Unknown', 'Share passing']);
  });

  it('leaves the share of a week without deployments empty, not 0 %, and formats shares as percent', async () => {
    const sheet = (await trendsSheet(sampleReport()))!;
    const trends = reportTrends(sampleReport())!;
    // The sample's first deployment is on 10 May: its first week (1–5 May) has none.
    expect(trends.weeks[0]).toMatchObject({ week: '2024-W18', deployments: 0 });
    const empty = rows(sheet).find((row) => row[0] === 'All' && row[1] === '2024-W18')!;
    expect(empty[5]).toBe(0);
    expect(empty[9]).toBeUndefined();
    let percent = 0;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'All' && typeof row.getCell(10).value === 'number') {
        expect(row.getCell(10).numFmt).toBe('0%');
        percent++;
      }
    });
    expect(percent).toBe(trends.weeks.filter((week) => week.deployments > 0).length);
  });

  it('neutralises a name a spreadsheet would take for a formula', async () => {
    const report = sampleReport();
    report.deployments[0].environment = '=HYPERLINK("http://evil","x")';
    const sheet = (await trendsSheet(report))!;
    const names = rows(sheet).map((row) => row[0]);
    expect(names).toContain(`'=HYPERLINK("http://evil","x")`);
    expect(names).not.toContain('=HYPERLINK("http://evil","x")');
  });

  it('is left out when the report’s window cannot be read', async () => {
    expect(await trendsSheet({ ...sampleReport(), window: { from: 'May', to: 'June' } })).toBeUndefined();
  });
});
