/**
 * The command line on report files: verify (integrity and re-performance), sample (reproducible, stratified, with
 * what must be included) and the evidence pack. The reports are written by the engine from the control fixtures,
 * as `collect --format json` writes them.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toJson } from '../../src/core/export/json';
import JSZip from 'jszip';
import { type PackManifest, readPack, toPack } from '../../src/core/export/pack';
import type { AuditReport } from '../../src/core/report';
import { evidenceReport } from '../support/evidence-report';
import { readZip } from '../support/zip';
import { runCli, spawnCli, tempDir } from './run-cli';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes a report file (optionally edited after it was written) and returns its path. */
function reportFile(edit?: (report: AuditReport) => void, name = 'report.json'): string {
  const file = path.join(dir, name);
  const json = toJson(evidenceReport());
  if (!edit) {
    fs.writeFileSync(file, json);
    return file;
  }
  const report = JSON.parse(json) as AuditReport;
  edit(report);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as AuditReport;

describe('deploy-audit verify', () => {
  it('verifies an intact report: exit 0, every verdict reproduced', async () => {
    const result = await runCli(['verify', reportFile()], {});
    expect(result.stdout).toContain('integrity: intact (sha256 ');
    expect(result.stdout).toContain('re-performed 96 verdicts of 12 deployments under the recorded policy: every verdict reproduces');
    expect(result.stdout.trim().endsWith('verified')).toBe(true);
    expect(result.code).toBe(0);
  });

  it('runs as a real process', async () => {
    const result = await spawnCli(['verify', reportFile()], {});
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('every verdict reproduces');
  });

  it('fails a verdict changed by hand: exit 4, naming the deployment, the control, recorded and recomputed status', async () => {
    const key = evidenceReport().deployments[1].key;
    const file = reportFile((report) => (report.deployments[1].controls['approval-count']!.status = 'pass'));
    const result = await runCli(['verify', file], {});
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('integrity: CHANGED since it was written');
    expect(result.stdout).toContain(`difference: ${key}  approval-count: recorded pass, recomputed fail (`);
    expect(result.stdout.trim().endsWith('NOT verified')).toBe(true);
  });

  it('fails evidence changed by hand, even with its hash recomputed: the verdict no longer follows', async () => {
    const key = evidenceReport().deployments[0].key;
    const file = reportFile((report) => {
      report.deployments[0].evidence!.tests = { total: 124, passed: 120, failed: 4, other: 0 };
      delete report.integrity;
      report.integrity = JSON.parse(toJson(report)).integrity; // a forger who knows the algorithm
    });
    const result = await runCli(['verify', file], {});
    expect(result.stdout).toContain('integrity: intact');
    expect(result.stdout).toContain(`difference: ${key}  tests-passed: recorded pass, recomputed fail (`);
    expect(result.stdout).toContain(`difference: ${key}  tests: the recorded value is not what the recorded evidence gives`);
    expect(result.code).toBe(4);
  });

  it('fails a changed policy, naming each verdict it changes', async () => {
    const file = reportFile((report) => (report.policy.allowedBranches = ['refs/heads/release/*']));
    const result = await runCli(['verify', file], {});
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('integrity: CHANGED');
    expect(result.stdout.match(/source-branch: recorded pass, recomputed fail/g)).toHaveLength(12);
  });

  it('fails a report without an integrity block or without evidence', async () => {
    const noBlock = await runCli(['verify', reportFile((report) => delete report.integrity)], {});
    expect(noBlock.code).toBe(4);
    expect(noBlock.stdout).toContain('integrity: no integrity block');
    const noEvidence = await runCli(['verify', reportFile((report) => delete report.deployments[0].evidence, 'old.json')], {});
    expect(noEvidence.code).toBe(4);
    expect(noEvidence.stdout).toContain('no evidence recorded');
  });

  it('verifies a pack: each file against the manifest, then its report', async () => {
    const pack = path.join(dir, 'audit.zip');
    fs.writeFileSync(pack, await toPack(evidenceReport()));
    const intact = await runCli(['verify', pack], {});
    expect(intact.stdout).toMatch(/^pack: report\.json: intact \(\d+ bytes, sha256 [0-9a-f]{64}\)\n/);
    expect(intact.stdout).toContain('pack: report.csv: intact');
    expect(intact.stdout).toContain('every verdict reproduces');
    expect(intact.code).toBe(0);

    // The CSV edited inside the pack: the report still verifies, the pack does not.
    const files = await readPack(fs.readFileSync(pack));
    const zip = new JSZip();
    for (const [name, content] of files) zip.file(name, name === 'report.csv' ? Buffer.from(content).toString('utf8').replace('pass', 'fail') : content);
    fs.writeFileSync(pack, await zip.generateAsync({ type: 'uint8array' }));
    const changed = await runCli(['verify', pack], {});
    expect(changed.stdout).toContain('pack: report.csv: CHANGED, its sha256 is');
    expect(changed.stdout).toContain('integrity: intact');
    expect(changed.stdout.trim().endsWith('NOT verified')).toBe(true);
    expect(changed.code).toBe(4);
  });

  it('prints no escape sequence a report carries', async () => {
    const file = reportFile((report) => {
      report.deployments[0].controls['tests-passed']!.reason = '\u001b[2J\u001b]0;pwned\u0007all good';
      report.deployments[1].controls['approval-count']!.status = 'pass';
    });
    const result = await runCli(['verify', file], {});
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('recorded "all good"');
    expect(result.stdout).not.toMatch(/[\u001b\u0007]/);
  });

  it('is fatal (exit 2, one line) for a file that is not a report', async () => {
    const file = path.join(dir, 'x.json');
    fs.writeFileSync(file, '{"hello": 1}');
    const result = await runCli(['verify', file], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`deploy-audit: ${file} is not a Deploy Audit JSON report (schemaVersion 1, with a policy and deployments)\n`);
    expect((await runCli(['verify'], {})).code).toBe(2);
    expect((await runCli(['verify', path.join(dir, 'missing.json')], {})).stderr).toContain('ENOENT');
  });
});

describe('deploy-audit sample', () => {
  it('draws the same deployments for the same report, seed and options, and records how', async () => {
    const population = reportFile();
    const out = (name: string) => path.join(dir, name);
    const args = ['sample', population, '--size', '5', '--seed', '20261205', '--stratify', 'month'];
    const first = await runCli([...args, '--out', out('a.json')], {});
    const second = await runCli([...args, '--out', out('b.json')], {});
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('sample: 5 of 12 deployments, seed 20261205\nrule: size 5: chosen by the auditor');
    const a = read(out('a.json'));
    expect(a.deployments.map((d) => d.key)).toEqual(read(out('b.json')).deployments.map((d) => d.key));
    expect(a.sample).toEqual({
      seed: 20261205,
      size: 5,
      options: { stratify: 'month', include: [] },
      populationSha256: read(population).integrity!.sha256,
      population: 12,
      selected: 5,
      rule: expect.stringContaining('by month, proportional allocation with largest remainders'),
      strata: [
        { name: '2026-09', population: 4, included: 0, drawn: 2 },
        { name: '2026-10', population: 4, included: 0, drawn: 2 },
        { name: '2026-11', population: 4, included: 0, drawn: 1 },
      ],
    });
    expect(Object.keys(a).slice(-2)).toEqual(['sample', 'integrity']);
    // The sample is a report of its own: it verifies.
    const verified = await runCli(['verify', out('a.json')], {});
    expect(verified.stdout).toContain('re-performed 40 verdicts of 5 deployments');
    expect(verified.code).toBe(0);
  });

  it('includes every deployment with a failing or unknown control, and defaults to 25 with the rule printed', async () => {
    const out = path.join(dir, 'sample.json');
    const result = await runCli(['sample', reportFile(), '--include', 'fail,unknown', '--seed', '1', '--out', out], {});
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('rule: size 25: the usual attribute-sampling size for a control that operates many times a day, lower risk');
    const sample = read(out);
    expect(sample.sample).toMatchObject({ size: 25, selected: 12, options: { include: ['fail', 'unknown'] } });
  });

  it('chooses a seed when none is given, and says how to draw the same sample again', async () => {
    const result = await runCli(['sample', reportFile(), '--size', '3', '--out', path.join(dir, 's.json')], {});
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/seed \d+ \(chosen at random: pass --seed to draw the same sample again\)/);
  });

  it('refuses a population report changed after it was written (exit 4, nothing written)', async () => {
    const out = path.join(dir, 's.json');
    const file = reportFile((report) => (report.deployments[0].controls['code-review']!.status = 'fail'));
    const result = await runCli(['sample', file, '--seed', '1', '--out', out], {});
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('was changed after it was written');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('rejects bad options with one line (exit 2)', async () => {
    const file = reportFile();
    for (const [options, message] of [
      [['--size', '0'], '--size must be a whole number of at least 1'],
      [['--seed', '1.5'], '--seed must be a whole number from 0 to 4294967295'],
      [['--seed=-1'], '--seed must be a whole number from 0 to 4294967295'],
      [['--stratify', 'team'], '--stratify must be one of environment, month, source'],
      [['--include', 'fail,broken'], '--include: "broken" is not a status'],
      [['--format', 'pdf'], '--format must be one of json, csv, xlsx, html, pack'],
    ] as const) {
      const result = await runCli(['sample', file, ...options], {});
      expect([result.code, result.stderr]).toEqual([2, expect.stringContaining(message)]);
    }
  });

  it('writes the sample as an evidence pack: every format, the manifest with the sample block and each file’s hash', async () => {
    const out = path.join(dir, 'sample.zip');
    const result = await runCli(['sample', reportFile(), '--size', '4', '--seed', '5', '--stratify', 'environment', '--format', 'pack', '--out', out], {});
    expect(result.code).toBe(0);
    const entries = readZip(fs.readFileSync(out));
    expect([...entries.keys()]).toEqual(['report.json', 'report.html', 'report.xlsx', 'report.csv', 'manifest.json']);
    const manifest: PackManifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.sample).toMatchObject({ seed: 5, size: 4, options: { stratify: 'environment', include: [] } });
    for (const file of manifest.files) {
      expect(file.sha256).toBe(createHash('sha256').update(entries.get(file.name)!).digest('hex'));
      expect(file.size).toBe(entries.get(file.name)!.length);
    }
    const html = entries.get('report.html')!.toString('utf8');
    expect(html.split('<article class="deployment')).toHaveLength(5);
  });

  it('writes the sample as HTML to standard output', async () => {
    const result = await runCli(['sample', reportFile(), '--size', '2', '--seed', '5', '--format', 'html'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('<h2>Sample</h2>');
  });
});
