/**
 * A sample report as a workbook: the report's workbook (xlsx.ts) and a "Sample" sheet saying how the deployments were
 * drawn (seed, size, rule, the population report's hash, and per stratum the deployments, included and drawn), so the
 * workbook a tester fills in names the sample it holds.
 */
import * as ExcelJS from 'exceljs';
import type { AuditReport, ReportSample } from '../report';
import { neutraliseFormula } from './text';
import { toXlsx } from './xlsx';

export const SAMPLE_SHEET = 'Sample';

function addSampleSheet(workbook: ExcelJS.Workbook, sample: ReportSample): void {
  const sheet = workbook.addWorksheet(SAMPLE_SHEET);
  sheet.columns = [{ width: 26 }, { width: 16 }, { width: 12 }, { width: 12 }];
  sheet.addRow(['Sample']).font = { bold: true, size: 16, color: { argb: 'FF0078D4' } };
  const facts: [string, string | number][] = [
    ['Deployments', `${sample.selected} of ${sample.population}`],
    ['Size asked', sample.size],
    ['Seed', sample.seed],
    ['Stratified by', sample.options.stratify ?? 'not stratified'],
    ['Included first', sample.options.include.length ? `every deployment with a control ${sample.options.include.join(' or ')}` : 'none'],
    ['Rule', sample.rule],
    ['Population report SHA-256', sample.populationSha256],
  ];
  for (const [label, value] of facts) {
    const row = sheet.addRow([label, typeof value === 'string' ? neutraliseFormula(value) : value]);
    row.getCell(1).font = { bold: true };
  }
  sheet.addRow([]);
  const head = sheet.addRow([sample.options.stratify ? `Stratum (${sample.options.stratify})` : 'Population', 'Deployments', 'Included', 'Drawn']);
  head.font = { bold: true };
  for (const stratum of sample.strata) sheet.addRow([neutraliseFormula(stratum.name), stratum.population, stratum.included, stratum.drawn]);
}

/** The sample's workbook: the report's sheets and the Sample sheet (the report's workbook when it is no sample). */
export async function toSampleXlsx(report: AuditReport): Promise<Uint8Array> {
  const bytes = await toXlsx(report);
  if (!report.sample) return bytes;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  addSampleSheet(workbook, report.sample);
  const written = (await workbook.xlsx.writeBuffer()) as unknown as ArrayBuffer | Uint8Array;
  return written instanceof Uint8Array ? new Uint8Array(written.buffer, written.byteOffset, written.byteLength) : new Uint8Array(written);
}
