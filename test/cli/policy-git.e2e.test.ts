/**
 * Policy as code on the command line: collect --config-repo/--config-branch/--config-path reads the policy from a file
 * in one of the project's Git repositories on the fake Azure DevOps server, applies it, and the report's manifest cites
 * the file's repository, branch, path, the commit that last changed it, its author and date, and the content's SHA-256.
 * A policy that cannot be read ends the audit (exit 2, nothing written): an audit under another policy would mislead.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditReport } from '../../src/core/report';
import { commitGitFile } from '../fake-ado/routes/git-items';
import { sampleOrganization, TOKENS, type SampleOrganization } from '../fake-ado/sample-org';
import { startFakeAdo, type FakeAdo } from '../fake-ado/server';
import { runCli, tempDir } from './run-cli';

const NOW = '2026-12-01T08:30:00.000Z';
const ENV = { AZURE_DEVOPS_TOKEN: TOKENS.good, DEPLOY_AUDIT_NOW: NOW };
const POLICY_PATH = '/deploy-audit/policy.json';
const FIRST = '{ "requiredApprovals": 2 }\n';
const LATEST = '{\n  "requiredApprovals": 1,\n  "controls": { "work-item-linked": { "enabled": false } }\n}\n';
let ado: FakeAdo;
let sample: SampleOrganization;
let dir: string;
let latestCommit: string;

beforeEach(async () => {
  dir = tempDir();
  sample = sampleOrganization(0);
  const config = sample.shop.repository('config');
  const file = { branch: 'main', path: POLICY_PATH, author: sample.people.alice };
  commitGitFile(config, { ...file, content: FIRST, date: new Date('2026-09-01T10:00:00Z') });
  latestCommit = commitGitFile(config, { ...file, content: LATEST, date: new Date('2026-09-15T16:45:00Z'), comment: 'One approval is enough' }).id;
  ado = await startFakeAdo(sample.org);
});
afterEach(async () => {
  await ado?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const collect = (extra: string[]) =>
  runCli(['collect', '--org-url', ado.orgUrl, '--project', 'Shop', '--from', '2026-10-01', '--to', '2026-12-01', ...extra], ENV);
const fromGit = (branch = 'main', file = 'deploy-audit/policy.json', repo = 'config') => ['--config-repo', repo, '--config-branch', branch, '--config-path', file];

describe('collect with the policy in a Git file', () => {
  it('applies the file as of its latest commit and cites that commit, its author, date and SHA-256', async () => {
    const out = path.join(dir, 'report.json');
    expect([0, 3]).toContain((await collect([...fromGit(), '--format', 'json', '--out', out])).code);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as AuditReport;
    expect(report.policy.requiredApprovals).toBe(1);
    expect(report.policy.controls['work-item-linked'].enabled).toBe(false);
    expect(report.manifest!.policy.source).toEqual({
      kind: 'git',
      repository: { id: sample.shop.repository('config').id, name: 'config' },
      branch: 'refs/heads/main',
      path: POLICY_PATH,
      commitId: latestCommit,
      author: { name: 'Alice Director', email: 'alice@contoso.com' },
      date: '2026-09-15T16:45:00.000Z',
      sha256: createHash('sha256').update(LATEST).digest('hex'),
      url: `${ado.orgUrl}/Shop/_git/config?path=%2Fdeploy-audit%2Fpolicy.json&version=GC${latestCommit}`,
    });
    // The relaxed settings the file brought are marked as such.
    expect(report.manifest!.policy.relaxed.join('; ')).toMatch(/requiredApprovals is 1/);
    // Only the file's own requests: the repository, the commit that last touched it, the content at that commit.
    const gitRequests = ado.requests.filter((r) => /git\/repositories\/config|items|itemPath/i.test(`${r.route}?${new URLSearchParams(r.query)}`));
    expect(gitRequests.map((r) => r.routeId)).toEqual(['git.repository', 'git.commits', 'git.items']);
    expect(gitRequests.find((r) => r.routeId === 'git.items')!.query['versionDescriptor.version']).toBe(latestCommit);
  });

  it('names the Git file in the HTML and the CSV, and verify still reproduces every verdict', async () => {
    const html = path.join(dir, 'report.html');
    const csv = path.join(dir, 'report.csv');
    const json = path.join(dir, 'report.json');
    await collect([...fromGit(), '--format', 'html', '--out', html]);
    await collect([...fromGit(), '--format', 'csv', '--out', csv]);
    await collect([...fromGit(), '--format', 'json', '--out', json]);
    expect(fs.readFileSync(html, 'utf8')).toContain(`the Git file ${POLICY_PATH} on refs/heads/main in repository config, commit ${latestCommit} by Alice Director`);
    expect(fs.readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^\uFEFF?"RELAXED POLICY: requiredApprovals is 1/);
    const verified = await runCli(['verify', json], ENV);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`policy from the Git file ${POLICY_PATH}`);
  });

  it.each([
    [fromGit('release'), 'the branch release does not exist in repository config'],
    [fromGit('main', 'policy.json'), 'the policy file /policy.json is not on branch main of repository config'],
    [fromGit('main', POLICY_PATH, 'missing-repo'), 'the repository missing-repo does not exist, or you may not read it'],
  ])('ends the audit with a clear message and writes nothing when the file cannot be read (%j)', async (args, message) => {
    const out = path.join(dir, 'report.json');
    const result = await collect([...args, '--format', 'json', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a file that is not a valid policy, naming the commit', async () => {
    const broken = commitGitFile(sample.shop.repository('config'), { branch: 'main', path: POLICY_PATH, content: '{"requiredApprovals": -1}', author: sample.people.carol, date: new Date('2026-10-02T00:00:00Z') });
    const result = await collect([...fromGit(), '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`(commit ${broken.id.slice(0, 8)}): invalid policy: requiredApprovals`);
  });
});
