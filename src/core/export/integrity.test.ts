import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evidenceReport } from '../../../test/support/evidence-report';
import { canonicalJson } from './canonical-json';
import { checkIntegrity, reportSha256 } from './integrity';
import { toJson } from './json';
import { sampleReport } from '../../../test/fixtures/sample-report';

const README = path.resolve(__dirname, '../../../README.md');

/** Python's one-liner is run where Python 3 is installed (it is not a dependency of Deploy Audit). */
const hasPython = spawnSync('python3', ['--version']).status === 0;

/** The check one-liners of README.md's integrity section, as a reader would copy them. */
function readmeOneLiners(): { node: string; python: string } {
  const lines = fs.readFileSync(README, 'utf8').split('\n').map((line) => line.trim());
  const node = lines.find((line) => line.startsWith("node -e '") && line.includes('integrity'));
  const python = lines.find((line) => line.startsWith("python3 -c '") && line.includes('integrity'));
  if (!node || !python) throw new Error('README.md has no integrity one-liners');
  return { node, python };
}

describe('the integrity block', () => {
  it('is the SHA-256 of the report without it, in RFC 8785 form, written last', () => {
    const json = toJson(evidenceReport());
    const parsed = JSON.parse(json);
    expect(Object.keys(parsed).at(-1)).toBe('integrity');
    const { integrity, ...rest } = parsed;
    expect(integrity).toEqual({
      algorithm: 'sha256',
      canonicalization: 'RFC 8785',
      sha256: createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex'),
    });
    expect(checkIntegrity(parsed)).toEqual({ status: 'intact', sha256: integrity.sha256 });
  });

  it('no longer matches a report edited by hand, whatever was edited', () => {
    const edits: ((report: any) => void)[] = [
      (report) => (report.deployments[1].controls['approval-count'].status = 'pass'),
      (report) => (report.deployments[0].evidence.approvals[0].approver.displayName = 'Someone Else'),
      (report) => (report.policy.requiredApprovals = 1),
      (report) => report.deployments.pop(),
      (report) => (report.generatedAt = '2026-12-02T06:00:00.000Z'),
    ];
    for (const edit of edits) {
      const report = JSON.parse(toJson(evidenceReport()));
      edit(report);
      expect(checkIntegrity(report)).toMatchObject({ status: 'changed' });
    }
  });

  it('ignores formatting: the same report re-indented or with its keys reordered is intact', () => {
    const report = JSON.parse(toJson(sampleReport()));
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(report).reverse())));
    expect(checkIntegrity(reordered).status).toBe('intact');
    expect(reportSha256(report)).toBe(report.integrity.sha256);
  });

  it('says when a report has none or one it cannot check', () => {
    const report = JSON.parse(toJson(sampleReport()));
    delete report.integrity;
    expect(checkIntegrity(report).status).toBe('missing');
    report.integrity = { algorithm: 'md5', canonicalization: 'RFC 8785', sha256: 'x' };
    expect(checkIntegrity(report).status).toBe('unsupported');
  });

  it('can be checked with Node.js or Python alone, by the one-liners in README.md', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-audit-integrity-'));
    try {
      const { node, python } = readmeOneLiners();
      const run = (command: string) => execFileSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' }).trim();
      const json = toJson(evidenceReport());
      const sha256 = JSON.parse(json).integrity.sha256;
      fs.writeFileSync(path.join(dir, 'report.json'), json);
      expect(run(node)).toBe(`intact ${sha256}`);
      if (hasPython) expect(run(python)).toBe(`intact ${sha256}`);
      // Hostile text (HTML, formulas, non-ASCII names) hashes the same in both.
      fs.writeFileSync(path.join(dir, 'report.json'), toJson(sampleReport()));
      const sampleSha = JSON.parse(toJson(sampleReport())).integrity.sha256;
      expect(run(node)).toBe(`intact ${sampleSha}`);
      if (hasPython) expect(run(python)).toBe(`intact ${sampleSha}`);
      fs.writeFileSync(path.join(dir, 'report.json'), json.replace('"status": "fail"', '"status": "pass"'));
      expect(run(node)).toMatch(/^CHANGED /);
      if (hasPython) expect(run(python)).toMatch(/^CHANGED /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
