/**
 * Exports of an audit report. Pure functions of the report, the same in the browser and in Node: text formats
 * come back as strings (write them as UTF-8), the workbook as bytes. Saving or downloading is the caller's job.
 */
import type { AuditReport } from '../report';
import { type CsvOptions, toCsv } from './csv';
import { toHtml } from './html';
import { toJson } from './json';
import { toSampleHtml } from './sample-html';
import { toXlsx } from './xlsx';

export { toCsv, type CsvOptions } from './csv';
export { toHtml } from './html';
export { toJson } from './json';
export { toXlsx } from './xlsx';

export type ExportFormat = 'json' | 'csv' | 'xlsx' | 'html';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'xlsx', 'html'];

/** File extension and media type of each format, for file names and downloads. */
export const EXPORT_FILE_TYPES: Record<ExportFormat, { extension: string; mediaType: string }> = {
  json: { extension: 'json', mediaType: 'application/json' },
  csv: { extension: 'csv', mediaType: 'text/csv;charset=utf-8' },
  xlsx: { extension: 'xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  html: { extension: 'html', mediaType: 'text/html;charset=utf-8' },
};

export const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

export type ExportOptions = CsvOptions;

export function exportReport(report: AuditReport, format: 'xlsx', options?: ExportOptions): Promise<Uint8Array>;
export function exportReport(report: AuditReport, format: 'json' | 'csv' | 'html', options?: ExportOptions): Promise<string>;
export function exportReport(report: AuditReport, format: ExportFormat, options?: ExportOptions): Promise<string | Uint8Array>;
/**
 * The report in the given format: a string for json, csv and html, bytes for xlsx. A sample's HTML has one evidence
 * page per deployment (sample-html.ts), and its workbook a Sample sheet.
 */
export async function exportReport(report: AuditReport, format: ExportFormat, options: ExportOptions = {}): Promise<string | Uint8Array> {
  switch (format) {
    case 'json':
      return toJson(report);
    case 'csv':
      return toCsv(report, options);
    case 'xlsx':
      return toXlsx(report);
    case 'html':
      return report.sample ? toSampleHtml(report) : toHtml(report);
    default:
      throw new Error(`unknown export format "${String(format)}" (known: ${EXPORT_FORMATS.join(', ')})`);
  }
}
