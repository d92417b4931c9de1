/**
 * Exports of exactly the rows the hub shows after filtering, through the command line's exporters: the same report
 * contract (assembleReport), in the engine's order whatever the table's sort, so an unfiltered export of a window
 * equals the command line's report of that window.
 *
 * The exporters (and the spreadsheet library) load on first use, so the hub opens without them; in a browser they run
 * in a Web Worker (export-worker.ts), so that writing the workbook of 20,000 deployments never freezes the page.
 */
import type { PopulationFacts } from '../core/engine/collect';
import { assembleReport, type ManifestInput } from '../core/engine/report';
import type { HubExportFormat } from './export-formats';
import { defaultPolicy } from '../core/policy';
import type { AuditContext, SavedFile } from '../extension/audit-service';
import { settingsPolicySource, type ProjectSettings } from '../extension/settings';
import type { AuditReport, ReportFiltered, ReportManifest, ReportPolicySource } from '../core/report';
import type { ExportedFile, ExportProgress } from './export-worker';
import { canonicalCompare, PERSON_FILTERS, type AuditRow, type RowFilter } from './rows';
import type { AuditRequest } from './useCollection';
import { isoDay } from './windows';

export const EXPORT_CHOICES: readonly { format: HubExportFormat; text: string }[] = [
  { format: 'csv', text: 'CSV' },
  { format: 'xlsx', text: 'Excel' },
  { format: 'html', text: 'HTML report' },
  { format: 'json', text: 'JSON' },
  { format: 'pack', text: 'Evidence pack (ZIP)' },
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

/** What the export's manifest says beyond the rows: the settings, the view's filters, how much of the audit there is. */
export interface ExportScope {
  /** The project's settings the audit's policy came from; null when they could not be read (the defaults applied). */
  settings?: ProjectSettings | null;
  /** The filters the view applies to the audit's rows. */
  filter?: RowFilter;
  /** Deployments in the audit, before filtering. */
  total?: number;
  /** An audit that stopped before every deployment found was collected (the hub exports only complete audits today). */
  collection?: ReportManifest['collection'];
  /** Results that no longer match the window, environments or settings on screen (stale.ts): what differs. */
  stale?: string | null;
  /** What the manifest says instead of the live audit's facts (a published snapshot's policy source). */
  manifest?: Partial<ManifestInput>;
}

const STATUS_WORDS: Record<string, string> = { pass: 'pass', fail: 'fail', unknown: 'unknown', notApplicable: 'not applicable' };

/** The view's filters as the manifest records them: structured, and in words (the signed-in user named for "me"). */
export function describeFilters(filter: RowFilter, me: string): Omit<ReportFiltered, 'shown' | 'total'> | null {
  const filters: ReportFiltered['filters'] = [];
  const words: string[] = [];
  const keyword = filter.keyword?.trim();
  if (keyword) {
    filters.push({ field: 'keyword', values: [keyword] });
    words.push(`text contains "${keyword}"`);
  }
  if (filter.environments?.length) {
    filters.push({ field: 'environment', values: [...filter.environments] });
    words.push(`environment is ${filter.environments.join(' or ')}`);
  }
  if (filter.pipelines?.length) {
    filters.push({ field: 'pipeline', values: [...filter.pipelines] });
    words.push(`pipeline is ${filter.pipelines.join(' or ')}`);
  }
  if (filter.people?.length) {
    filters.push({ field: 'person', values: [...filter.people] });
    const text = filter.people.map((id) => (PERSON_FILTERS.find((item) => item.id === id)?.text ?? id).replace(/^Deployments /, '').replace(/\bI\b/, me).replace(/\bme\b/, me));
    words.push(`deployments ${text.join(' or ')}`);
  }
  if (filter.approvers?.length) {
    filters.push({ field: 'approver', values: [...filter.approvers] });
    words.push(`approved by ${filter.approvers.join(' or ')}`);
  }
  if (filter.statuses?.length) {
    filters.push({ field: 'status', values: [...filter.statuses] });
    const text = filter.statuses.map((item) => {
      const [control, status] = item.split(':');
      return `${control === 'any' ? 'any control' : control} is ${STATUS_WORDS[status] ?? status}`;
    });
    words.push(text.join(' or '));
  }
  return filters.length ? { text: words.join('; '), filters } : null;
}

/** The export's manifest input: the hub, the signed-in user, the project's ids, the settings and the filters. */
export function hubManifest(context: AuditContext, request: AuditRequest, scope: ExportScope = {}): ManifestInput {
  const described = scope.filter ? describeFilters(scope.filter, context.user.displayName || context.user.name) : null;
  const settingsEnvironments = (scope.settings?.policy ?? defaultPolicy()).productionEnvironments;
  return {
    generator: 'hub',
    ranBy: { id: context.user.id, displayName: context.user.displayName, uniqueName: context.user.name },
    projectId: context.project.id,
    policySource: settingsPolicySource(scope.settings),
    environmentsOverridden: request.policy.productionEnvironments.join('\n') !== settingsEnvironments.join('\n'),
    filtered: described && scope.total !== undefined ? { total: scope.total, ...described } : null,
    collection: scope.collection ?? null,
    stale: scope.stale ?? null,
    ...scope.manifest,
  };
}

export async function exportRows(
  rows: readonly AuditRow[],
  format: HubExportFormat,
  context: AuditContext,
  request: AuditRequest,
  onProgress?: (progress: ExportProgress) => void,
  /** How the audit's list of deployments was made, as the command line's report says. */
  population?: PopulationFacts | null,
  /** The settings, the view's filters and the audit's total, for the manifest (FILTERED: N of M). */
  scope: ExportScope = {},
): Promise<SavedFile> {
  const report = viewReport(rows, context, request, population, scope);
  const { content, type } = await writeFile(report, format, onProgress);
  return { name: exportFileName(context.project.name, request, type.extension), mediaType: type.mediaType, content };
}

/** The report of the rows shown, as an export writes it (and a sample draws from it). */
export function viewReport(rows: readonly AuditRow[], context: AuditContext, request: AuditRequest, population?: PopulationFacts | null, scope: ExportScope = {}): AuditReport {
  const deployments = [...rows].sort(canonicalCompare).map((row) => row.report);
  return assembleReport(
    { orgUrl: context.orgUrl, project: context.project.name, window: request.window, policy: request.policy, population: population ?? undefined, manifest: hubManifest(context, request, scope) },
    deployments,
  );
}

/** The file's content: in a worker where the browser has them, else on this thread (and under jsdom and Node). */
export async function writeFile(report: AuditReport, format: HubExportFormat, onProgress?: (progress: ExportProgress) => void): Promise<ExportedFile> {
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
  const { writeExport } = await import(/* webpackChunkName: "exporters" */ './export-formats');
  return writeExport(report, format);
}
