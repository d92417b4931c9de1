/**
 * Exports of exactly the rows the hub shows after filtering, through the command line's exporters: the same report
 * contract (assembleReport), in the engine's order whatever the table's sort, so an unfiltered export of a window
 * equals the command line's report of that window.
 *
 * The exporters (and the spreadsheet library) load on first use, so the hub opens without them.
 */
import { assembleReport } from '../core/engine/report';
import type { ExportFormat } from '../core/export';
import type { AuditContext, SavedFile } from '../extension/audit-service';
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

export async function exportRows(rows: readonly AuditRow[], format: ExportFormat, context: AuditContext, request: AuditRequest): Promise<SavedFile> {
  const { exportReport, EXPORT_FILE_TYPES } = await import(/* webpackChunkName: "exporters" */ '../core/export');
  const deployments = [...rows].sort(canonicalCompare).map((row) => row.report);
  const report = assembleReport({ orgUrl: context.orgUrl, project: context.project.name, window: request.window, policy: request.policy }, deployments);
  const content = await exportReport(report, format);
  const type = EXPORT_FILE_TYPES[format];
  return { name: exportFileName(context.project.name, request, type.extension), mediaType: type.mediaType, content };
}
