/**
 * The report as an Excel workbook (exceljs): a "Manifest" sheet first when the report has a manifest (what a reader
 * must not miss — FILTERED, INCOMPLETE, RELAXED POLICY — in its first rows, then who made it, with what and from which
 * policy), a "Summary" sheet (scope, policy, counts per control with what each
 * control checks, and a status legend) and a "Deployments" sheet with the CSV's columns, a frozen header row,
 * an autofilter, hyperlinks, coloured statuses and timestamps as real Excel dates in UTC; then the "Trends" sheet
 * (trends-xlsx.ts) and, for a sample, the "Sample" sheet (sample-xlsx.ts).
 *
 * Every value is written as a plain value (text, number, date or hyperlink), never as a formula. Text that a
 * spreadsheet would take for a formula when someone edits the cell gets the same leading single quote as in
 * the CSV, so both files show the same thing.
 */
import * as ExcelJS from 'exceljs';
import type { ControlStatus } from '../model';
import type { AuditReport, DeploymentReport } from '../report';
import { disabledControls, enabledControls, statusCounts } from './checklist';
import { type DeploymentColumn, deploymentColumns, LIST_SEPARATOR } from './columns';
import { manifestFacts, manifestNotices } from './manifest';
import { formatWindow, neutraliseFormula, parseTimestamp, STATUS_LABELS, STATUS_MEANINGS, STATUS_ORDER } from './text';
import { addSampleSheet } from './sample-xlsx';
import { addTrendsSheet } from './trends-xlsx';
import { SECTION_FONT, solid, styleHeader, TITLE_FONT } from './xlsx-style';

export const MANIFEST_SHEET = 'Manifest';
export const SUMMARY_SHEET = 'Summary';
export const DEPLOYMENTS_SHEET = 'Deployments';
export const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** Excel's own Good / Bad / Neutral cell styles, and a grey for not applicable (ARGB). */
export const STATUS_COLORS: Record<ControlStatus, { fill: string; font: string }> = {
  pass: { fill: 'FFC6EFCE', font: 'FF006100' },
  fail: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  unknown: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  notApplicable: { fill: 'FFEDEDED', font: 'FF595959' },
};

const LINK_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF0563C1' }, underline: true };

const text = (value: string): string => neutraliseFormula(value);

const statusStyle = (status: ControlStatus): { fill: ExcelJS.Fill; font: Partial<ExcelJS.Font> } => {
  const colors = STATUS_COLORS[status];
  return { fill: solid(colors.fill), font: { color: { argb: colors.font }, bold: status === 'fail' } };
};

function paintStatus(cell: ExcelJS.Cell, status: ControlStatus): void {
  const { fill, font } = statusStyle(status);
  cell.fill = fill;
  cell.font = font;
}

/**
 * One style object per kind of cell, shared by every cell of that kind on the Deployments sheet: exceljs files a cell's
 * style under the object's identity, so 20,000 rows cost a few style look-ups instead of one per cell (and a new
 * object per cell for the collector). Never changed after creation: a change would restyle every cell sharing it.
 */
const SHARED_STYLES = {
  /** Per value type: exceljs gives an unstyled number "General" and an unstyled text no format, under one identity. */
  plainText: {} as Partial<ExcelJS.Style>,
  plainNumber: {} as Partial<ExcelJS.Style>,
  link: { font: LINK_FONT } as Partial<ExcelJS.Style>,
  date: { numFmt: DATE_FORMAT } as Partial<ExcelJS.Style>,
  status: {
    pass: statusStyle('pass'),
    fail: statusStyle('fail'),
    unknown: statusStyle('unknown'),
    notApplicable: statusStyle('notApplicable'),
  } satisfies Record<ControlStatus, Partial<ExcelJS.Style>>,
};

/** The manifest: its notices first (one row each, bold on red), then its facts as label and value. */
function fillManifestSheet(sheet: ExcelJS.Worksheet, report: AuditReport): void {
  sheet.columns = [{ width: 30 }, { width: 110 }];
  for (const notice of manifestNotices(report)) {
    const row = sheet.addRow([text(notice)]);
    row.getCell(1).fill = solid(STATUS_COLORS.fail.fill);
    row.getCell(1).font = { bold: true, color: { argb: STATUS_COLORS.fail.font } };
  }
  sheet.addRow(['Manifest']).font = TITLE_FONT;
  for (const [label, value] of manifestFacts(report)) {
    const row = sheet.addRow([text(label), text(value)]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
}

function fillSummarySheet(sheet: ExcelJS.Worksheet, report: AuditReport): void {
  sheet.columns = [{ width: 26 }, { width: 40 }, { width: 9 }, { width: 9 }, { width: 11 }, { width: 15 }, { width: 90 }];

  const title = sheet.addRow(['Deploy Audit']);
  title.font = TITLE_FONT;
  sheet.addRow([text('Production deployments and the evidence behind them')]).font = { italic: true, color: { argb: 'FF605E5C' } };
  sheet.addRow([]);

  const fact = (label: string, value: string | number | Date | null): ExcelJS.Row => {
    const row = sheet.addRow([label, typeof value === 'string' ? text(value) : value]);
    row.getCell(1).font = { bold: true };
    if (value instanceof Date) row.getCell(2).numFmt = DATE_FORMAT;
    row.getCell(2).alignment = { horizontal: 'left' };
    return row;
  };
  const when = (iso: string): Date | string => parseTimestamp(iso) ?? iso;

  fact('Organization', report.organization);
  fact('Project', report.project);
  fact('Window', formatWindow(report.window));
  fact('Generated at (UTC)', when(report.generatedAt));
  fact('Deployments', report.summary?.deployments ?? report.deployments.length);
  sheet.addRow([]);

  const section = (name: string): void => {
    sheet.addRow([name]).font = SECTION_FONT;
  };

  section('Policy');
  const { policy } = report;
  const joined = (items: readonly string[], none: string): string => (items.length ? items.join(LIST_SEPARATOR) : none);
  fact('Required approvals', policy.requiredApprovals);
  fact('Approvers', joined(policy.approvers, 'anyone allowed to approve in Azure DevOps'));
  fact('Allowed branches', joined(policy.allowedBranches, 'any branch'));
  fact('Production environments', joined(policy.productionEnvironments, 'none'));
  fact(
    'Disabled controls',
    joined(
      disabledControls(policy).map((control) => `${control.title} (${control.id})`),
      'none',
    ),
  );
  sheet.addRow([]);

  section('Controls');
  const header = sheet.addRow(['Control', 'Title', ...STATUS_ORDER.map((status) => STATUS_LABELS[status]), 'What it checks']);
  styleHeader(header);
  STATUS_ORDER.forEach((status, index) => paintStatus(header.getCell(3 + index), status));
  for (const control of enabledControls(policy)) {
    const counts = statusCounts(report, control.id);
    const row = sheet.addRow([control.id, text(control.title), ...STATUS_ORDER.map((status) => counts[status]), text(control.description)]);
    row.getCell(7).alignment = { wrapText: true, vertical: 'top' };
    STATUS_ORDER.forEach((status, index) => {
      if (counts[status] > 0) paintStatus(row.getCell(3 + index), status);
    });
  }
  sheet.addRow([]);

  section('Statuses');
  for (const status of STATUS_ORDER) {
    const row = sheet.addRow([STATUS_LABELS[status], STATUS_MEANINGS[status]]);
    paintStatus(row.getCell(1), status);
  }
}

function writeCell(cell: ExcelJS.Cell, column: DeploymentColumn, value: string | number | null, link: string | null): void {
  if (value === null || value === '') return;
  switch (column.kind) {
    case 'number':
      cell.value = typeof value === 'number' ? value : text(value);
      cell.style = typeof value === 'number' ? SHARED_STYLES.plainNumber : SHARED_STYLES.plainText;
      return;
    case 'timestamp': {
      const date = typeof value === 'string' ? parseTimestamp(value) : null;
      if (date) {
        cell.value = date;
        cell.style = SHARED_STYLES.date;
      } else {
        cell.value = text(String(value));
        cell.style = SHARED_STYLES.plainText;
      }
      return;
    }
    case 'status': {
      const status = value as ControlStatus;
      if (status in STATUS_COLORS) {
        cell.value = STATUS_LABELS[status];
        cell.style = SHARED_STYLES.status[status];
      } else {
        cell.value = text(String(value));
        cell.style = SHARED_STYLES.plainText;
      }
      return;
    }
    case 'text': {
      const shown = text(String(value));
      if (link) {
        cell.value = { text: shown, hyperlink: link };
        cell.style = SHARED_STYLES.link;
      } else {
        cell.value = shown;
        cell.style = SHARED_STYLES.plainText;
      }
    }
  }
}

/**
 * The workbook written as deployments arrive: the hub's export worker adds each slice while the page is still handing
 * over the next. The sheets are made in their order at the start; the Manifest and Summary are filled, and the Trends
 * sheet (and a sample's Sample sheet) added, once the whole report is known. `toXlsx` is this writer given every
 * deployment at once.
 */
export class XlsxReportWriter {
  private readonly workbook = new ExcelJS.Workbook();
  private readonly manifest: ExcelJS.Worksheet | null;
  private readonly summary: ExcelJS.Worksheet;
  private readonly deployments: ExcelJS.Worksheet;
  private readonly columns: DeploymentColumn[];

  /** `head`: the report, its deployments aside (its policy decides the columns; its manifest, whether to have one). */
  constructor(head: AuditReport) {
    const { workbook } = this;
    workbook.creator = 'Deploy Audit';
    workbook.title = `Deploy Audit: ${head.organization}/${head.project}`;
    const generated = parseTimestamp(head.generatedAt);
    if (generated) {
      // Stable metadata: the same report gives the same workbook properties.
      workbook.created = generated;
      workbook.modified = generated;
    }
    this.manifest = manifestFacts(head).length ? workbook.addWorksheet(MANIFEST_SHEET) : null;
    this.summary = workbook.addWorksheet(SUMMARY_SHEET);
    this.columns = deploymentColumns(head);
    this.deployments = workbook.addWorksheet(DEPLOYMENTS_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    this.deployments.columns = this.columns.map((column) => ({ width: column.width }));
    styleHeader(this.deployments.addRow(this.columns.map((column) => text(column.label))));
  }

  /** The next deployments' rows, in the report's order. */
  add(deployments: readonly DeploymentReport[]): void {
    for (const deployment of deployments) {
      const row = this.deployments.addRow([]);
      this.columns.forEach((column, index) => {
        writeCell(row.getCell(index + 1), column, column.value(deployment), column.link?.(deployment) ?? null);
      });
    }
  }

  /** The .xlsx file's bytes, once every deployment of `report` was added. */
  async finish(report: AuditReport): Promise<Uint8Array> {
    if (this.manifest) fillManifestSheet(this.manifest, report);
    fillSummarySheet(this.summary, report);
    this.deployments.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: this.columns.length } };
    addTrendsSheet(this.workbook, report);
    // A sample's workbook says how its deployments were drawn.
    if (report.sample) addSampleSheet(this.workbook, report.sample);
    // A lighter deflate than the default (6): a workbook of 20,000 deployments is written about a sixth sooner and is a
    // fifth bigger (level 1 is no faster). exceljs hands these options to JSZip.
    const zip = { compression: 'DEFLATE', compressionOptions: { level: 3 } };
    // exceljs types its result as an ArrayBuffer; at run time it is a Buffer (Node) or a polyfilled one (browser).
    const written = (await this.workbook.xlsx.writeBuffer({ zip } as ExcelJS.XlsxWriteOptions)) as unknown as ArrayBuffer | Uint8Array;
    // Hand back a plain Uint8Array either way.
    return written instanceof Uint8Array ? new Uint8Array(written.buffer, written.byteOffset, written.byteLength) : new Uint8Array(written);
  }
}

/** The report as an .xlsx file's bytes. */
export async function toXlsx(report: AuditReport): Promise<Uint8Array> {
  const writer = new XlsxReportWriter(report);
  writer.add(report.deployments);
  return writer.finish(report);
}
