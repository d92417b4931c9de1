/**
 * The report as CSV: one row per deployment, the columns of columns.ts, for Excel and for scripts.
 *
 * - UTF-8 with a byte order mark (U+FEFF at the start of the string): without it Excel reads the file in the
 *   local ANSI code page and garbles names like "Pruyssenaere de la Woestijne" or "Łukasz". Scripts that do
 *   not want it pass `{ bom: false }`. Write the string as UTF-8.
 * - RFC 4180: CRLF after every record (the last one too), quotes doubled, and every text cell quoted (numbers are
 *   not): a branch named `x;=1+cmd|'/c calc'!A0` stays one cell whatever list separator the spreadsheet splits on
 *   (comma, semicolon, tab), so no part of it can start a cell of its own.
 * - Formula injection (OWASP): every text cell starting with = + - @ tab or carriage return, also after leading
 *   whitespace, gets a leading single quote, whoever wrote it (pull request titles, names, branch names and commit
 *   messages come from users). Numbers are written as numbers and never prefixed.
 * - Timestamps stay ISO 8601 in UTC, as in the JSON.
 * - The delimiter is a comma unless asked otherwise (`{ delimiter: ';' }` for spreadsheets set to a semicolon).
 * - What a reader must not miss comes first, one quoted cell per row before the header, and only when it applies
 *   (manifest.ts, manifestNotices): `FILTERED: N of M deployments (…)` for a filtered view's export, `INCOMPLETE: N
 *   of M deployments collected (…)`, `RELAXED POLICY: …` for settings weaker than the defaults. A report without
 *   them starts with the header, as before.
 */
import { unparse } from 'papaparse';
import type { AuditReport } from '../report';
import { deploymentColumns } from './columns';
import { manifestNotices } from './manifest';
import { neutraliseFormula } from './text';

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark so Excel detects the encoding. Default true. */
  bom?: boolean;
  /** The field separator: a comma (default), a semicolon or a tab. */
  delimiter?: CsvDelimiter;
}

export type CsvDelimiter = ',' | ';' | '\t';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

export const CSV_NEWLINE = '\r\n';
const BOM = '\uFEFF';

export function toCsv(report: AuditReport, options: CsvOptions = {}): string {
  const columns = deploymentColumns(report);
  const rows = report.deployments.map((deployment) =>
    columns.map((column) => {
      const value = column.value(deployment);
      if (value === null || value === undefined) return '';
      return typeof value === 'number' ? value : neutraliseFormula(value);
    }),
  );
  const body = unparse(
    { fields: columns.map((column) => neutraliseFormula(column.id)), data: rows },
    {
      newline: CSV_NEWLINE,
      // Every text cell (the header's too), blank ones included; numbers bare.
      quotes: (value: unknown) => typeof value === 'string',
      quoteChar: '"',
      escapeChar: '"',
      delimiter: CSV_DELIMITERS.includes(options.delimiter as CsvDelimiter) ? options.delimiter : ',',
      header: true,
    },
  );
  // papaparse ends the header with a newline when there are no rows, and the last row without one.
  const records = body.endsWith(CSV_NEWLINE) ? body : `${body}${CSV_NEWLINE}`;
  const notices = manifestNotices(report).map((notice) => `"${neutraliseFormula(notice).replace(/"/g, '""')}"${CSV_NEWLINE}`);
  return `${options.bom === false ? '' : BOM}${notices.join('')}${records}`;
}
