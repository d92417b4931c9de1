/**
 * collect against the fake Azure DevOps server, then the auditor's tools on what it wrote: the evidence pack, and
 * verify re-performing every control from the evidence the report recorded.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PackManifest } from '../../src/core/export/pack';
import { sampleOrganization, TOKENS } from '../fake-ado/sample-org';
import { startFakeAdo, type FakeAdo } from '../fake-ado/server';
import { readZip } from '../support/zip';
import { runCli, tempDir } from './run-cli';

const GOOD = { AZURE_DEVOPS_TOKEN: TOKENS.good };
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

const collect = (extra: string[]) =>
  runCli(['collect', '--org-url', ado.orgUrl, '--project', 'Shop', '--from', '2026-10-01', '--to', '2026-12-01', ...extra], GOOD);

describe('collect, then verify and pack', () => {
  it('writes a report whose every verdict verify re-performs from the recorded evidence', async () => {
    const out = path.join(dir, 'report.json');
    expect([0, 3]).toContain((await collect(['--format', 'json', '--out', out])).code);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(report.deployments.length).toBeGreaterThan(0);
    for (const deployment of report.deployments) expect(deployment.evidence).toMatchObject({ key: deployment.key, approvals: expect.any(Array) });
    const verified = await runCli(['verify', out], {});
    expect(verified.stdout).toContain('every verdict reproduces');
    expect(verified.code).toBe(0);
  });

  it('writes --format pack: report.json, report.html, report.xlsx, report.csv and manifest.json with each file’s size and SHA-256', async () => {
    const out = path.join(dir, 'audit.zip');
    expect([0, 3]).toContain((await collect(['--format', 'pack', '--out', out])).code);
    const entries = readZip(fs.readFileSync(out));
    expect([...entries.keys()]).toEqual(['report.json', 'report.html', 'report.xlsx', 'report.csv', 'manifest.json']);
    const manifest: PackManifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ format: 'deploy-audit-pack', organization: 'contoso', project: 'Shop' });
    expect(manifest.sample).toBeUndefined();
    for (const file of manifest.files) {
      expect(file).toEqual({ name: file.name, size: entries.get(file.name)!.length, sha256: createHash('sha256').update(entries.get(file.name)!).digest('hex') });
    }
    expect(manifest.integrity).toEqual(JSON.parse(entries.get('report.json')!.toString('utf8')).integrity);
    // The report in the pack verifies on its own.
    fs.writeFileSync(path.join(dir, 'report.json'), entries.get('report.json')!);
    expect((await runCli(['verify', path.join(dir, 'report.json')], {})).code).toBe(0);
  });
});
