import ExcelJS from 'exceljs';
import { buildReport } from '../core/engine/report';
import { exportReport } from '../core/export';
import { defaultPolicy } from '../core/policy';
import type { AuditReport } from '../core/report';
import { FakeAuditService, sampleDeployments } from '../../test/support/fake-audit-service';
import { checkIntegrity } from '../core/export/integrity';
import { checkPack, readPack } from '../core/export/pack';
import { ENGINE_VERSION } from '../core/version';
import { exportFileName, exportRows } from './export';
import { sortRows, toRow } from './rows';

const context = new FakeAuditService().context;
const request = { window: { from: new Date('2026-10-22T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') }, policy: defaultPolicy() };
// The integrity hash covers generatedAt, so it differs with it; the manifest says who made it (the hub), checked below.
const withoutTime = (report: AuditReport) => ({ ...report, generatedAt: 'x', integrity: undefined, manifest: undefined });

describe('hub exports', () => {
  it('equal the command line’s report of the same deployments, whatever the table’s sort', async () => {
    const deployments = sampleDeployments(9);
    const rows = sortRows(
      deployments.map((deployment) => toRow(deployment, request.policy)),
      { key: 'environment', descending: false },
    );
    const file = await exportRows(rows, 'json', context, request);
    const cli = buildReport({ orgUrl: context.orgUrl, project: context.project.name, window: request.window, policy: request.policy, deployments });
    expect(withoutTime(JSON.parse(file.content as string))).toEqual(withoutTime(JSON.parse(await exportReport(cli, 'json'))));
  });

  it('write the evidence pack: every format and a manifest of their SHA-256, as the command line packs them', async () => {
    const rows = sampleDeployments(3).map((deployment) => toRow(deployment, request.policy));
    const pack = await exportRows(rows, 'pack', context, request);
    expect(pack).toMatchObject({ name: 'deploy-audit-shop-2026-10-22-to-2026-11-21.zip', mediaType: 'application/zip' });
    const files = await readPack(pack.content as Uint8Array);
    expect([...files.keys()].sort()).toEqual(['manifest.json', 'report.csv', 'report.html', 'report.json', 'report.xlsx']);
    expect(checkPack(files).problems).toEqual([]);
    const report = JSON.parse(new TextDecoder().decode(files.get('report.json')!)) as AuditReport;
    expect(checkIntegrity(report).status).toBe('intact');
    expect(report.manifest?.generator).toBe('hub');
  });

  it('write CSV, HTML and an Excel workbook', async () => {
    const rows = sampleDeployments(3).map((deployment) => toRow(deployment, request.policy));
    const csv = await exportRows(rows, 'csv', context, request);
    expect(csv).toMatchObject({ name: 'deploy-audit-shop-2026-10-22-to-2026-11-21.csv', mediaType: 'text/csv;charset=utf-8' });
    expect((csv.content as string).split(/\r?\n/).filter(Boolean)).toHaveLength(4);
    const html = await exportRows(rows, 'html', context, request);
    expect(html.content as string).toContain('<!DOCTYPE html>');
    const xlsx = await exportRows(rows, 'xlsx', context, request);
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.content as Uint8Array) as never);
    expect(workbook.worksheets.length).toBeGreaterThanOrEqual(2);
  });

  it('describe themselves: the hub, the signed-in user, the project’s id, the settings that made the policy, unfiltered', async () => {
    const rows = sampleDeployments(4).map((deployment) => toRow(deployment, request.policy));
    const settings = {
      policy: request.policy,
      stored: { schemaVersion: 1 as const, policy: {}, updatedAt: '2026-11-01T09:00:00.000Z', updatedBy: { id: 'u-bob', displayName: 'Bob Admin', uniqueName: 'bob@contoso.com' } },
      problem: null,
    };
    const file = await exportRows(rows, 'json', context, request, undefined, null, { settings, filter: {}, total: 4 });
    const report = JSON.parse(file.content as string) as AuditReport;
    expect(Object.keys(report).indexOf('manifest')).toBe(Object.keys(report).indexOf('deployments') - 1);
    expect(report.manifest).toMatchObject({
      engine: { name: 'deploy-audit', version: ENGINE_VERSION },
      generator: 'hub',
      ranBy: { id: context.user.id, displayName: context.user.displayName, uniqueName: context.user.name },
      generatedAt: report.generatedAt,
      organization: { name: report.organization, url: context.orgUrl },
      project: { name: context.project.name, id: context.project.id },
      window: report.window,
      deployments: { inReport: 4, fromKeptEvidence: 0 },
      collection: null,
      filtered: null,
      policy: { source: { kind: 'settings', version: 1, updatedAt: '2026-11-01T09:00:00.000Z', updatedBy: settings.stored.updatedBy }, environmentsOverridden: false, relaxed: [] },
    });
    // The integrity hash covers the manifest.
    expect(checkIntegrity(report).status).toBe('intact');
    expect(checkIntegrity({ ...report, manifest: { ...report.manifest!, generator: 'command line' } }).status).toBe('changed');
    const csv = (await exportRows(rows, 'csv', context, request, undefined, null, { settings, filter: {}, total: 4 })).content as string;
    expect(csv.replace(/^\uFEFF/, '').startsWith('"key"')).toBe(true);
  });

  it('of a filtered view say FILTERED and N of M on the JSON manifest, the HTML’s first section, the first sheet and the CSV’s first row', async () => {
    const all = sampleDeployments(9).map((deployment) => toRow(deployment, request.policy));
    const environment = all[0].evidence.environment;
    const filter = { environments: [environment], statuses: ['any:fail' as const], people: ['approvedByMe' as const] };
    const shown = all.filter((row) => row.evidence.environment === environment).slice(0, 2);
    const scope = { settings: null, filter, total: all.length };

    const json = JSON.parse((await exportRows(shown, 'json', context, request, undefined, null, scope)).content as string) as AuditReport;
    expect(json.manifest!.filtered).toEqual({
      shown: 2,
      total: 9,
      text: `environment is ${environment}; deployments Alice Director approved; any control is fail`,
      filters: [
        { field: 'environment', values: [environment] },
        { field: 'person', values: ['approvedByMe'] },
        { field: 'status', values: ['any:fail'] },
      ],
    });
    expect(json.manifest!.policy.source).toEqual({ kind: 'defaults' });

    const csv = ((await exportRows(shown, 'csv', context, request, undefined, null, scope)).content as string).replace(/^\uFEFF/, '');
    const [first, header] = csv.split('\r\n');
    expect(first).toBe(`"FILTERED: 2 of 9 deployments (environment is ${environment}; deployments Alice Director approved; any control is fail)"`);
    expect(header.startsWith('"key"')).toBe(true);

    const html = (await exportRows(shown, 'html', context, request, undefined, null, scope)).content as string;
    const main = html.slice(html.indexOf('<main'));
    expect(main.indexOf('FILTERED')).toBeGreaterThan(0);
    expect(main.indexOf('FILTERED')).toBeLessThan(main.indexOf('<h2>Manifest</h2>'));
    expect(main).toContain(': 2 of 9 deployments');

    const xlsx = (await exportRows(shown, 'xlsx', context, request, undefined, null, scope)).content as Uint8Array;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx) as never);
    expect(workbook.worksheets[0].name).toBe('Manifest');
    expect(String(workbook.worksheets[0].getRow(1).getCell(1).value)).toMatch(/^FILTERED: 2 of 9 deployments \(/);
  });

  it('of an audit not wholly collected, or under a relaxed policy, say so first in every format', async () => {
    const policy = { ...request.policy, requiredApprovals: 1 };
    const rows = sampleDeployments(3).map((deployment) => toRow(deployment, policy));
    const scope = { settings: null, collection: { state: 'cancelled' as const, collected: 3, total: 7 } };
    const relaxedRequest = { ...request, policy };
    const json = JSON.parse((await exportRows(rows, 'json', context, relaxedRequest, undefined, null, scope)).content as string) as AuditReport;
    expect(json.manifest).toMatchObject({ collection: { state: 'cancelled', collected: 3, total: 7 }, filtered: null, policy: { relaxed: ['requiredApprovals is 1 (default 2)'] } });
    const csv = ((await exportRows(rows, 'csv', context, relaxedRequest, undefined, null, scope)).content as string).replace(/^\uFEFF/, '');
    expect(csv.split('\r\n').slice(0, 2)).toEqual([
      '"INCOMPLETE: 3 of 7 deployments collected (the audit was cancelled)"',
      '"RELAXED POLICY: requiredApprovals is 1 (default 2)"',
    ]);
    const html = (await exportRows(rows, 'html', context, relaxedRequest, undefined, null, scope)).content as string;
    expect(html).toContain('<p class="notice" role="alert"><strong>RELAXED POLICY</strong>: requiredApprovals is 1 (default 2)</p>');
    expect(html).toContain('<strong>INCOMPLETE</strong>: 3 of 7 deployments collected');
  });

  it('name files after the project and the window’s days', () => {
    expect(exportFileName('Fabrikam Shop / EU', request, 'html')).toBe('deploy-audit-fabrikam-shop-eu-2026-10-22-to-2026-11-21.html');
  });
});
