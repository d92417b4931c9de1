/** The formats the command line writes: the exporters' and the evidence pack, to a file or standard output. */
import { EXPORT_FORMATS, exportReport, type ExportFormat } from '../core/export';
import { toPack } from '../core/export/pack';
import { toSampleHtml } from '../core/export/sample-html';
import { toSampleXlsx } from '../core/export/sample-xlsx';
import type { AuditReport } from '../core/report';
import { writeAtomically, writeStdout } from './output';

export type OutputFormat = ExportFormat | 'pack';

export const OUTPUT_FORMATS: readonly OutputFormat[] = [...EXPORT_FORMATS, 'pack'];

export const isOutputFormat = (value: string): value is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(value);

/**
 * Writes the report in the format, whole or not at all, to the file or (out null) standard output. A sample's HTML
 * has one evidence page per deployment, its workbook a Sample sheet.
 */
export async function writeReport(report: AuditReport, format: OutputFormat, out: string | null): Promise<void> {
  const content =
    format === 'pack'
      ? await toPack(report)
      : report.sample && format === 'html'
        ? toSampleHtml(report)
        : report.sample && format === 'xlsx'
          ? await toSampleXlsx(report)
          : await exportReport(report, format);
  if (out) await writeAtomically(out, content);
  else await writeStdout(content);
}
