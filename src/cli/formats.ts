/** The formats the command line writes: the exporters' and the evidence pack, to a file or standard output. */
import { EXPORT_FORMATS, exportReport, type ExportFormat } from '../core/export';
import { toPack } from '../core/export/pack';
import type { AuditReport } from '../core/report';
import { writeAtomically, writeStdout } from './output';

export type OutputFormat = ExportFormat | 'pack';

export const OUTPUT_FORMATS: readonly OutputFormat[] = [...EXPORT_FORMATS, 'pack'];

export const isOutputFormat = (value: string): value is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(value);

/**
 * Writes the report in the format, whole or not at all, to the file or (out null) standard output (a sample's as
 * exportReport writes a sample).
 */
export async function writeReport(report: AuditReport, format: OutputFormat, out: string | null): Promise<void> {
  const content = format === 'pack' ? await toPack(report) : await exportReport(report, format);
  if (out) await writeAtomically(out, content);
  else await writeStdout(content);
}
