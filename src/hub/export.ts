/**
 * Exports of exactly the rows the hub shows after filtering, through the command line's exporters: the same report
 * contract (assembleReport), in the engine's order whatever the table's sort, so an unfiltered export of a window
 * equals the command line's report of that window.
 *
 * The exporters (and the spreadsheet library) load on first use, so the hub opens without them; in a browser they run
 * in a Web Worker (export-worker.ts), so that writing the workbook of 20,000 deployments never freezes the page.
 */
import type { PopulationFacts } from '../core/engine/collect';
import { assembleReport } from '../core/engine/report';
import type { ExportFormat } from '../core/export';
import type { AuditContext, SavedFile } from '../extension/audit-service';
import type { AuditReport } from '../core/report';
import type { ExportedFile, ExportProgress } from './export-worker';
import { canonicalCompare, type AuditRow } from './rows';
import type { AuditRequest } from './useCollection';
import { isoDay } from './windows';

export const EXPORT_CHOICES: readonly { format: ExportFormat; text: string }[] = [
  { format: 'csv', text: 'CSV' },
  { format: 'xlsx', text: 'Excel' },
  { format: 'html', text: 'HTML report' },
  { format: 'json', text: 'JSON' },
];

const DAY = 86_400_000;

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase() || 'project';

export function exportFileName(project: string, request: AuditRequest, extension: string): string {
  const last = new Date(request.window.to.getTime() - DAY);
  return `deploy-audit-${slug(project)}-${isoDay(request.window.from)}-to-${isoDay(last)}.${extension}`;
}

export type { ExportProgress } from './export-worker';

export async function exportRows(
  rows: readonly AuditRow[],
  format: ExportFormat,
  context: AuditContext,
  request: AuditRequest,
  onProgress?: (progress: ExportProgress) => void,
  /** How the audit's list of deployments was made, as the command line's report says. */
  population?: PopulationFacts | null,
): Promise<SavedFile> {
  const deployments = [...rows].sort(canonicalCompare).map((row) => row.report);
  const report = assembleReport(
    { orgUrl: context.orgUrl, project: context.project.name, window: request.window, policy: request.policy, population: population ?? undefined },
    deployments,
  );
  const { content, type } = await write(report, format, onProgress);
  return { name: exportFileName(context.project.name, request, type.extension), mediaType: type.mediaType, content };
}

/** The file's content: in a worker where the browser has them, else on this thread (and under jsdom and Node). */
async function write(report: AuditReport, format: ExportFormat, onProgress?: (progress: ExportProgress) => void): Promise<ExportedFile> {
  const total = report.deployments.length;
  if (typeof Worker !== 'undefined') {
    const { exportInWorker, ExportWorkerUnavailable } = await import(/* webpackChunkName: "export-worker" */ './export-worker');
    try {
      return await exportInWorker(report, format, onProgress);
    } catch (error) {
      if (!(error instanceof ExportWorkerUnavailable)) throw error;
    }
  }
  onProgress?.({ stage: 'writing', handed: total, total });
  const { exportReport, EXPORT_FILE_TYPES } = await import(/* webpackChunkName: "exporters" */ '../core/export');
  return { content: await exportReport(report, format), type: EXPORT_FILE_TYPES[format] };
}
