import ExcelJS from 'exceljs';
import { buildReport } from '../core/engine/report';
import { exportReport } from '../core/export';
import { defaultPolicy } from '../core/policy';
import type { AuditReport } from '../core/report';
import { FakeAuditService, sampleDeployments } from '../../test/support/fake-audit-service';
import { exportFileName, exportRows } from './export';
import { sortRows, toRow } from './rows';

const context = new FakeAuditService().context;
const request = { window: { from: new Date('2026-10-22T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') }, policy: defaultPolicy() };
// The integrity hash covers generatedAt, so it differs with it.
const withoutTime = (report: AuditReport) => ({ ...report, generatedAt: 'x', integrity: undefined });

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

  it('name files after the project and the window’s days', () => {
    expect(exportFileName('Fabrikam Shop / EU', request, 'html')).toBe('deploy-audit-fabrikam-shop-eu-2026-10-22-to-2026-11-21.html');
  });
});
