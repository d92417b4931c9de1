import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { evidenceReport } from '../../../test/support/evidence-report';
import { readZip } from '../../../test/support/zip';
import { sampleReport } from '../engine/sample';
import { checkIntegrity } from './integrity';
import { toJson } from './json';
import { checkPack, type PackManifest, readPack, toPack } from './pack';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('the evidence pack', () => {
  it('holds the report in every format and a manifest of each file’s size and SHA-256', async () => {
    const report = evidenceReport();
    const entries = readZip(Buffer.from(await toPack(report)));
    expect([...entries.keys()]).toEqual(['report.json', 'report.html', 'report.xlsx', 'report.csv', 'manifest.json']);
    const manifest: PackManifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ format: 'deploy-audit-pack', version: 1, organization: 'raboweb-test', project: 'SOx-compliant-demo' });
    expect(manifest.files.map((file) => file.name)).toEqual(['report.json', 'report.html', 'report.xlsx', 'report.csv']);
    for (const file of manifest.files) {
      const content = entries.get(file.name)!;
      expect(file).toEqual({ name: file.name, size: content.length, sha256: sha256(content) });
    }
    expect(entries.get('report.json')!.toString('utf8')).toBe(toJson(report));
    const json = JSON.parse(entries.get('report.json')!.toString('utf8'));
    expect(manifest.integrity).toEqual(json.integrity);
    expect(checkIntegrity(json).status).toBe('intact');
    expect(entries.get('report.html')!.toString('utf8')).toContain('<!DOCTYPE html>');
    expect(entries.get('report.csv')!.toString('utf8').split(/\r?\n/).filter(Boolean)).toHaveLength(13);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(entries.get('report.xlsx')! as never);
    expect(workbook.worksheets.length).toBeGreaterThanOrEqual(2);
  });

  it('of a sample carries the sample block in its manifest and the sample’s evidence pages', async () => {
    const sample = sampleReport(evidenceReport(), { size: 4, seed: 3, stratify: 'month', include: [] }, 'cd'.repeat(32));
    const entries = readZip(Buffer.from(await toPack(sample)));
    const manifest: PackManifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.sample).toMatchObject({ seed: 3, size: 4, populationSha256: 'cd'.repeat(32), options: { stratify: 'month', include: [] } });
    expect(entries.get('report.html')!.toString('utf8')).toContain('<h2>Sample</h2>');
  });

  it('is the same bytes for the same report', async () => {
    const report = evidenceReport();
    const first = readZip(Buffer.from(await toPack(report)));
    const second = readZip(Buffer.from(await toPack(report)));
    for (const name of ['report.json', 'report.html', 'report.csv']) expect(second.get(name)!.equals(first.get(name)!)).toBe(true);
  });
});

describe('checkPack', () => {
  it('finds every file as the manifest says in an untouched pack', async () => {
    const files = await readPack(await toPack(evidenceReport()));
    const check = checkPack(files);
    expect(check.problems).toEqual([]);
    expect(check.lines).toHaveLength(4);
    expect(check.lines[0]).toMatch(/^pack: report\.json: intact \(\d+ bytes, sha256 [0-9a-f]{64}\)$/);
  });

  it('names a file changed, missing or added after the pack was made', async () => {
    const files = await readPack(await toPack(evidenceReport()));
    const csv = Buffer.from(files.get('report.csv')!).toString('utf8').replace('pass', 'fail');
    files.set('report.csv', new Uint8Array(Buffer.from(csv)));
    files.delete('report.xlsx');
    files.set('notes.txt', new Uint8Array([1]));
    expect(checkPack(files).problems).toEqual([
      'report.xlsx: listed in the manifest, missing from the pack',
      expect.stringMatching(/^report\.csv: CHANGED, its sha256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64}$/),
      'notes.txt: in the pack, not in the manifest',
    ]);
    files.delete('manifest.json');
    expect(checkPack(files).problems).toEqual(['the pack has no manifest.json']);
  });
});

describe('the sample’s workbook', () => {
  it('has the report’s sheets and a Sample sheet saying how it was drawn', async () => {
    const sample = sampleReport(evidenceReport(), { size: 4, seed: 3, stratify: 'month', include: [] }, 'cd'.repeat(32));
    const entries = readZip(Buffer.from(await toPack(sample)));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(entries.get('report.xlsx')! as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Deployments', 'Trends', 'Sample']);
    expect(workbook.getWorksheet('Deployments')!.rowCount).toBe(5);
    const values = workbook.getWorksheet('Sample')!.getSheetValues().flat().filter((value) => value !== undefined && value !== null);
    expect(values).toEqual(expect.arrayContaining(['Seed', 3, 'Population report SHA-256', 'cd'.repeat(32), '2026-10', 'Drawn']));
  });
});
