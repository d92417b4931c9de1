/**
 * Every report describes itself: collect against the fake Azure DevOps server names who ran it (connectionData's
 * authenticated user), when, the organization, the policy's source (the --config file's path and SHA-256, or the
 * defaults) and every relaxed setting, in the JSON, the CSV's first row, the HTML, the workbook and the pack; verify
 * still verifies, and a sample carries its population's manifest.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { PackManifest } from '../../src/core/export/pack';
import type { AuditReport } from '../../src/core/report';
import { ENGINE_VERSION } from '../../src/core/version';
import { sampleOrganization, TOKENS } from '../fake-ado/sample-org';
import { startFakeAdo, type FakeAdo } from '../fake-ado/server';
import { readZip } from '../support/zip';
import { runCli, tempDir } from './run-cli';

const NOW = '2026-12-01T08:30:00.000Z';
const ENV = { AZURE_DEVOPS_TOKEN: TOKENS.good, DEPLOY_AUDIT_NOW: NOW };
let ado: FakeAdo;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  ado = await startFakeAdo(sampleOrganization(0).org);
});
afterEach(async () => {
  await ado?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const collect = (extra: string[], env: Record<string, string> = ENV) =>
  runCli(['collect', '--org-url', ado.orgUrl, '--project', 'Shop', '--from', '2026-10-01', '--to', '2026-12-01', ...extra], env);

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as AuditReport;

describe('the manifest of a report the command line writes', () => {
  it('names who ran it, when, where, with which engine, and that the defaults applied, unfiltered and complete', async () => {
    const out = path.join(dir, 'report.json');
    expect([0, 3]).toContain((await collect(['--format', 'json', '--out', out])).code);
    const report = read(out);
    const keys = Object.keys(report);
    expect(keys.slice(keys.indexOf('policy'), keys.indexOf('deployments') + 1)).toEqual(['policy', 'population', 'manifest', 'deployments']);
    expect(report.manifest).toEqual({
      engine: { name: 'deploy-audit', version: ENGINE_VERSION },
      generator: 'command line',
      ranBy: { id: expect.any(String), displayName: 'Alice Director', uniqueName: 'alice@contoso.com' },
      generatedAt: NOW,
      organization: { name: 'contoso', id: expect.stringMatching(/^[0-9a-f-]{36}$/), url: ado.orgUrl },
      project: { name: 'Shop', id: null },
      window: { from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
      deployments: { inReport: report.deployments.length, fromKeptEvidence: 0, oldestCapture: NOW },
      collection: null,
      filtered: null,
      policy: { source: { kind: 'defaults' }, environmentsOverridden: false, relaxed: [] },
    });
    // The same person the organization knows: Alice's id on the deployments she approved.
    const alice = report.deployments.flatMap((d) => d.approvals).find((a) => a.approver.uniqueName === 'alice@contoso.com');
    if (alice) expect(report.manifest!.ranBy!.id).toBe(alice.approver.id);
    // The CSV of an unrelaxed, unfiltered report starts with its header.
    const csv = path.join(dir, 'report.csv');
    await collect(['--format', 'csv', '--out', csv]);
    expect(fs.readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').startsWith('"key"')).toBe(true);
  });

  it('records a --config file by path and SHA-256, marks every relaxed setting in every format, and still verifies', async () => {
    const config = path.join(dir, 'policy.json');
    const bytes = Buffer.from(JSON.stringify({ requiredApprovals: 1, allowedBranches: ['*'], controls: { 'work-item-linked': { enabled: false } } }));
    fs.writeFileSync(config, bytes);
    const relaxed = [
      'requiredApprovals is 1 (default 2)',
      'allowedBranches "*" allows branches the defaults do not (e.g. refs/heads/feature/x)',
      'control work-item-linked is disabled',
    ];

    const out = path.join(dir, 'audit.zip');
    expect([0, 3]).toContain((await collect(['--config', config, '--environment', 'production', '--format', 'pack', '--out', out])).code);
    const files = readZip(fs.readFileSync(out));
    const report = JSON.parse(files.get('report.json')!.toString('utf8')) as AuditReport;
    expect(report.manifest!.policy).toEqual({
      source: { kind: 'file', path: config, sha256: createHash('sha256').update(bytes).digest('hex') },
      environmentsOverridden: true,
      relaxed,
    });
    // The pack's manifest.json carries the report's manifest.
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as PackManifest;
    expect(manifest.manifest).toEqual(report.manifest);
    // CSV: the first row, before the header.
    const csvLines = files.get('report.csv')!.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(csvLines[0]).toBe(`"RELAXED POLICY: ${relaxed.join('; ').replace(/"/g, '""')}"`);
    expect(csvLines[1].startsWith('"key"')).toBe(true);
    // HTML: a warning box in the first section.
    const html = files.get('report.html')!.toString('utf8');
    const main = html.slice(html.indexOf('<main'));
    expect(main.indexOf('<strong>RELAXED POLICY</strong>')).toBeLessThan(main.indexOf('<h2>Manifest</h2>'));
    expect(main.indexOf('<h2>Manifest</h2>')).toBeLessThan(main.indexOf('<h2>Policy</h2>'));
    // Excel: the first sheet, the first row.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(files.get('report.xlsx')! as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Manifest', 'Summary', 'Deployments', 'Trends']);
    expect(workbook.worksheets[0].getRow(1).getCell(1).value).toBe(`RELAXED POLICY: ${relaxed.join('; ')}`);
    const labels = workbook.worksheets[0].getColumn(1).values.slice(1).map(String);
    expect(labels).toEqual(expect.arrayContaining(['Run by', 'Engine', 'Policy from', 'Relaxed settings', 'Filtered']));

    // The integrity hash covers the manifest; verify re-performs the controls and leaves the manifest as recorded.
    const verified = await runCli(['verify', out], {});
    expect(verified.stdout).toContain('every verdict reproduces');
    expect(verified.stdout).toContain(`manifest: made by the command line (deploy-audit ${ENGINE_VERSION}), run by Alice Director at ${NOW}; policy from the policy file ${config}`);
    expect(verified.stdout).toContain(`manifest: RELAXED POLICY: ${relaxed.join('; ')}`);
    expect(verified.code).toBe(0);
    const json = path.join(dir, 'report.json');
    fs.writeFileSync(json, JSON.stringify({ ...report, manifest: { ...report.manifest, ranBy: null } }));
    expect((await runCli(['verify', json], {})).stdout).toContain('integrity: CHANGED');
  });

  it('of a sample: made by the command line from the population report, carrying that report’s essentials', async () => {
    const config = path.join(dir, 'policy.json');
    fs.writeFileSync(config, JSON.stringify({ requiredApprovals: 1 }));
    const population = path.join(dir, 'report.json');
    await collect(['--config', config, '--format', 'json', '--out', population]);
    const sampled = path.join(dir, 'sample.json');
    expect((await runCli(['sample', population, '--size', '2', '--seed', '7', '--out', sampled], { DEPLOY_AUDIT_NOW: '2026-12-02T00:00:00Z' })).code).toBe(0);
    const from = read(population);
    const sample = read(sampled);
    expect(sample.manifest).toMatchObject({
      generator: 'command line',
      ranBy: null,
      organization: from.manifest!.organization,
      deployments: { inReport: 2 },
      policy: { source: { kind: 'report', sha256: from.integrity!.sha256 }, relaxed: ['requiredApprovals is 1 (default 2)'] },
      source: {
        engine: from.manifest!.engine,
        generator: 'command line',
        ranBy: from.manifest!.ranBy,
        generatedAt: from.generatedAt,
        policy: from.manifest!.policy,
        filtered: null,
        collection: null,
      },
    });
    expect((await runCli(['verify', sampled], {})).code).toBe(0);
  });
});
