/**
 * A sample report's "Sample" sheet, last in its workbook (xlsx.ts): how the deployments were drawn (seed, size, rule,
 * the population report's hash, and per stratum the deployments, included and drawn), so the workbook a tester fills
 * in names the sample it holds.
 */
import type * as ExcelJS from 'exceljs';
import type { ReportSample } from '../report';
import { neutraliseFormula } from './text';
import { styleHeader, TITLE_FONT } from './xlsx-style';

export const SAMPLE_SHEET = 'Sample';

export function addSampleSheet(workbook: ExcelJS.Workbook, sample: ReportSample): void {
  const sheet = workbook.addWorksheet(SAMPLE_SHEET);
  sheet.columns = [{ width: 26 }, { width: 16 }, { width: 12 }, { width: 12 }];
  sheet.addRow(['Sample']).font = TITLE_FONT;
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
  styleHeader(sheet.addRow([sample.options.stratify ? `Stratum (${sample.options.stratify})` : 'Population', 'Deployments', 'Included', 'Drawn']));
  for (const stratum of sample.strata) sheet.addRow([neutraliseFormula(stratum.name), stratum.population, stratum.included, stratum.drawn]);
}
