import * as ExcelJS from 'exceljs';
import type { AuditReport } from '../report';
import { deploymentColumns } from './columns';
import { HOSTILE_FORMULA_TITLE, JAVASCRIPT_URL, sampleReport } from '../../../test/fixtures/sample-report';
import { DEPLOYMENTS_SHEET, STATUS_COLORS, SUMMARY_SHEET, toXlsx } from './xlsx';

async function readBack(report: AuditReport): Promise<ExcelJS.Workbook> {
  const bytes = await toXlsx(report);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

const sheet = (workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet => {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
};

/** The cell in a deployment's row under the column with that CSV id. */
function cellOf(report: AuditReport, worksheet: ExcelJS.Worksheet, deploymentIndex: number, columnId: string): ExcelJS.Cell {
  const index = deploymentColumns(report).findIndex((column) => column.id === columnId);
  if (index < 0) throw new Error(`no column ${columnId}`);
  return worksheet.getRow(deploymentIndex + 2).getCell(index + 1);
}

const fillOf = (cell: ExcelJS.Cell): string | undefined => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

function allCells(workbook: ExcelJS.Workbook): ExcelJS.Cell[] {
  const cells: ExcelJS.Cell[] = [];
  workbook.eachSheet((worksheet) =>
    worksheet.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (cell) => cells.push(cell))),
  );
  return cells;
}

describe('toXlsx', () => {
  it('returns the bytes of a zip (xlsx) as a plain Uint8Array', async () => {
    const bytes = await toXlsx(sampleReport());
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // "PK"
  });

  it('has a Summary and a Deployments sheet', async () => {
    const workbook = await readBack(sampleReport());
    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual([SUMMARY_SHEET, DEPLOYMENTS_SHEET, 'Trends']);
    expect([SUMMARY_SHEET, DEPLOYMENTS_SHEET]).toEqual(['Summary', 'Deployments']);
  });

  it('lists the deployments with the CSV columns under a frozen, filterable header row', async () => {
    const report = sampleReport();
    const worksheet = sheet(await readBack(report), DEPLOYMENTS_SHEET);
    const header = (worksheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(deploymentColumns(report).map((column) => column.label));
    expect(header.slice(0, 6)).toEqual(['Key', 'Source', 'Environment', 'Pipeline', 'Run', 'Run ID']);
    expect(header).toContain('Approved by enough people');
    expect(header).toContain('Approved by enough people: reason');
    expect(header).not.toContain('Work item linked');
    expect(header[header.length - 1]).toBe('Evidence errors');
    expect(worksheet.rowCount).toBe(1 + 4);
    expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(worksheet.autoFilter).toBeTruthy();
    expect(JSON.stringify(worksheet.autoFilter)).toMatch(/A1/);
    expect(cellOf(report, worksheet, 1, 'key').value).toBe('classic:7:311:977');
    expect(cellOf(report, worksheet, 0, 'runId').value).toBe(1204);
    expect(cellOf(report, worksheet, 0, 'tests').value).toBe('120/120, 0 failed');
  });

  it('links the run, the only build and the only pull request, never a non-web link', async () => {
    const report = sampleReport();
    const worksheet = sheet(await readBack(report), DEPLOYMENTS_SHEET);
    expect(cellOf(report, worksheet, 0, 'run').value).toEqual({
      text: '20240514.3',
      hyperlink: 'https://dev.azure.com/fabrikam/Fabrikam-Fiber/_build/results?buildId=1204&view=results',
    });
    expect(cellOf(report, worksheet, 0, 'url').hyperlink).toBe(report.deployments[0].url);
    expect(cellOf(report, worksheet, 0, 'builds').value).toEqual({
      text: '20240514.3',
      hyperlink: 'https://dev.azure.com/fabrikam/Fabrikam-Fiber/_build/results?buildId=1204',
    });
    expect(cellOf(report, worksheet, 0, 'pullRequests').value).toEqual({
      text: '!22',
      hyperlink: 'https://dev.azure.com/fabrikam/Fabrikam-Fiber/_git/fiber-web/pullrequest/22',
    });
    // Two builds share one cell: no single link fits.
    expect(cellOf(report, worksheet, 1, 'builds').value).toBe('20240519.1; 20240519.2');
    // The pull request whose link is javascript: gets text, no hyperlink.
    const hostile = cellOf(report, worksheet, 3, 'pullRequests');
    expect(hostile.value).toBe('!40');
    expect(hostile.hyperlink).toBeUndefined();
    expect(JSON.stringify(allCells(await readBack(report)).map((cell) => cell.value))).not.toContain(JAVASCRIPT_URL);
  });

  it('writes timestamps as Excel dates in UTC', async () => {
    const report = sampleReport();
    const worksheet = sheet(await readBack(report), DEPLOYMENTS_SHEET);
    const started = cellOf(report, worksheet, 0, 'startedAt');
    expect(started.type).toBe(ExcelJS.ValueType.Date);
    expect((started.value as Date).toISOString()).toBe('2024-05-14T09:12:31.553Z');
    expect(started.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(cellOf(report, worksheet, 2, 'finishedAt').value).toBeNull();
  });

  it('colours each status', async () => {
    const report = sampleReport();
    const worksheet = sheet(await readBack(report), DEPLOYMENTS_SHEET);
    const pass = cellOf(report, worksheet, 0, 'approval-count');
    const fail = cellOf(report, worksheet, 1, 'approval-count');
    const unknown = cellOf(report, worksheet, 2, 'approval-count');
    const notApplicable = cellOf(report, worksheet, 2, 'code-review');
    expect([pass.value, fail.value, unknown.value, notApplicable.value]).toEqual(['Pass', 'Fail', 'Unknown', 'Not applicable']);
    expect(fillOf(pass)).toBe('FFC6EFCE');
    expect(fillOf(fail)).toBe('FFFFC7CE');
    expect(fillOf(unknown)).toBe('FFFFEB9C');
    expect(fillOf(notApplicable)).toBe(STATUS_COLORS.notApplicable.fill);
    expect(new Set([pass, fail, unknown, notApplicable].map(fillOf)).size).toBe(4);
    expect([!!pass.font?.bold, fail.font?.bold]).toEqual([false, true]);
  });

  it('styles each kind of cell on its own, although cells of a kind share one style', async () => {
    const report = sampleReport();
    const worksheet = sheet(await readBack(report), DEPLOYMENTS_SHEET);
    const link = cellOf(report, worksheet, 0, 'url');
    const plain = cellOf(report, worksheet, 0, 'stage');
    const started = cellOf(report, worksheet, 0, 'startedAt');
    const pass = cellOf(report, worksheet, 0, 'approval-count');
    expect(link.font?.underline).toBe(true);
    expect([plain.font?.underline, fillOf(plain), plain.numFmt]).toEqual([undefined, undefined, undefined]);
    expect([started.font?.underline, fillOf(started)]).toEqual([undefined, undefined]);
    expect([pass.numFmt, pass.font?.underline]).toEqual([undefined, undefined]);
  });

  it('never writes a formula, and neutralises formula-like text', async () => {
    const report = sampleReport();
    report.deployments[0].runName = HOSTILE_FORMULA_TITLE;
    report.deployments[0].stage = '=1+1';
    report.project = '=cmd|" /C calc"!A0';
    const workbook = await readBack(report);
    const cells = allCells(workbook);
    expect(cells.length).toBeGreaterThan(100);
    for (const cell of cells) {
      expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      expect(cell.formula).toBeFalsy();
    }
    const worksheet = sheet(workbook, DEPLOYMENTS_SHEET);
    expect(cellOf(report, worksheet, 0, 'run').text).toBe(`'${HOSTILE_FORMULA_TITLE}`);
    expect(cellOf(report, worksheet, 0, 'stage').value).toBe("'=1+1");
    expect(cellOf(report, worksheet, 1, 'requestedBy').value).toBe("'+Deploy Bot <deploybot@fabrikam.com>");
    const texts = cells.map((cell) => cell.text);
    expect(texts).toContain(`'=cmd|" /C calc"!A0`);
    expect(texts.filter((text) => /^[=+\-@\t\r]/.test(text))).toEqual([]);
  });

  it('summarises scope, policy and the counts per control with what each control checks', async () => {
    const report = sampleReport();
    const worksheet = sheet(await readBack(report), SUMMARY_SHEET);
    const rows: unknown[][] = [];
    worksheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const rowStarting = (first: string): unknown[] => {
      const row = rows.find((candidate) => candidate[0] === first);
      if (!row) throw new Error(`no row starting ${first}`);
      return row;
    };
    expect(rowStarting('Organization')[1]).toBe('fabrikam');
    expect(rowStarting('Project')[1]).toBe('Fabrikam-Fiber');
    expect(rowStarting('Window')[1]).toBe('1 May 2024 to 31 May 2024 (UTC)');
    expect((rowStarting('Generated at (UTC)')[1] as Date).toISOString()).toBe('2024-06-01T06:30:00.000Z');
    expect(rowStarting('Deployments')[1]).toBe(4);
    expect(rowStarting('Required approvals')[1]).toBe(2);
    expect(rowStarting('Allowed branches')[1]).toBe('refs/heads/main; refs/heads/release/*');
    expect(rowStarting('Disabled controls')[1]).toBe('Work item linked (work-item-linked)');
    expect(rowStarting('Control')).toEqual(['Control', 'Title', 'Pass', 'Fail', 'Unknown', 'Not applicable', 'What it checks']);
    const approvalCount = rowStarting('approval-count');
    expect(approvalCount.slice(0, 6)).toEqual(['approval-count', 'Approved by enough people', 2, 1, 1, 0]);
    expect(String(approvalCount[6])).toMatch(/approvals/);
    expect(rowStarting('branch-policy').slice(2, 6)).toEqual([1, 1, 1, 1]);
    expect(rowStarting('tests-passed').slice(2, 6)).toEqual([2, 1, 0, 1]);
    expect(rows.some((row) => row[0] === 'work-item-linked')).toBe(false);
    expect(rowStarting('Unknown')[1]).toMatch(/not a pass/);
  });

  it('writes the commits each deployment shipped and those without a pull request as numbers, blank when not known', async () => {
    const report = sampleReport();
    const worksheet = sheet(await readBack(report), DEPLOYMENTS_SHEET);
    const header = (worksheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('Commits');
    expect(header).toContain('Commits without a pull request');
    const counts = [0, 1, 2, 3].map((index) => [cellOf(report, worksheet, index, 'changes').value, cellOf(report, worksheet, index, 'uncoveredChanges').value]);
    expect(counts).toEqual([
      [2, 0],
      [3, 2],
      [null, null],
      [1, 0],
    ]);
  });
});
