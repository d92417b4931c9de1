/**
 * What the hub exports: the command line's formats and the evidence pack (a ZIP of every format with a manifest of
 * their SHA-256), written by the same functions, in the export worker or on the page.
 */
import { EXPORT_FILE_TYPES, exportReport, type ExportFormat } from '../core/export';
import { PACK_FILE_TYPE, toPack } from '../core/export/pack';
import type { AuditReport, DeploymentReport } from '../core/report';
import { XlsxReportWriter } from '../core/export/xlsx';

export type HubExportFormat = ExportFormat | 'pack';

export interface WrittenExport {
  content: string | Uint8Array;
  type: { extension: string; mediaType: string };
}

export async function writeExport(report: AuditReport, format: HubExportFormat): Promise<WrittenExport> {
  if (format === 'pack') return { content: await toPack(report), type: PACK_FILE_TYPE };
  return { content: await exportReport(report, format), type: EXPORT_FILE_TYPES[format] };
}

/**
 * An export put together from the report's head and its deployments in slices, as the export worker receives them:
 * a workbook's rows are written as each slice arrives (while the page clones the next), any other file once the last
 * has come. The file is writeExport's of the whole report (export-formats.test.ts).
 */
export class ExportAssembler {
  private readonly deployments: DeploymentReport[] = [];
  private readonly workbook: XlsxReportWriter | null;

  constructor(
    private readonly head: AuditReport,
    private readonly format: HubExportFormat,
  ) {
    this.workbook = format === 'xlsx' ? new XlsxReportWriter(head) : null;
  }

  add(deployments: readonly DeploymentReport[]): void {
    for (const deployment of deployments) this.deployments.push(deployment);
    this.workbook?.add(deployments);
  }

  async finish(): Promise<WrittenExport> {
    const report = { ...this.head, deployments: this.deployments };
    if (this.workbook) return { content: await this.workbook.finish(report), type: EXPORT_FILE_TYPES.xlsx };
    return writeExport(report, this.format);
  }
}
