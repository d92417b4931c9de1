/**
 * The command line end to end against the fake Azure DevOps server: the report, the policy, readers, bad tokens,
 * unknown projects, paging, throttling and broken answers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { AuditReport } from '../../src/core/report';
import { sampleOrganization, TOKENS, type SampleOrganization } from '../fake-ado/sample-org';
import { startFakeAdo, type FakeAdo, type FakeAdoOptions } from '../fake-ado/server';
import { runCli, spawnCli, tempDir } from './run-cli';

const WINDOW = ['--from', '2026-10-01', '--to', '2026-12-01'];
const GOOD = { AZURE_DEVOPS_TOKEN: TOKENS.good };

let sample: SampleOrganization;
let ado: FakeAdo;
let dir: string;

async function start(options: FakeAdoOptions = {}, bulkRuns = 0) {
  sample = sampleOrganization(bulkRuns);
  ado = await startFakeAdo(sample.org, options);
}

beforeEach(() => {
  dir = tempDir();
});
afterEach(async () => {
  await ado?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const args = (extra: string[] = [], project = 'Shop') => ['collect', '--org-url', ado.orgUrl, '--project', project, ...WINDOW, ...extra];

async function collectJson(extra: string[] = [], env: Record<string, string> = GOOD) {
  const out = path.join(dir, 'report.json');
  const result = await runCli(args(['--format', 'json', '--out', out, ...extra]), env);
  const report = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as AuditReport) : null;
  return { ...result, report };
}

const statuses = (report: AuditReport | null, key: string) =>
  Object.fromEntries(Object.entries(report!.deployments.find((d) => d.key === key)!.controls).map(([id, verdict]) => [id, verdict!.status]));

const key = {
  run: () => `yaml:${sample.prod.id}:${sample.run.id}:Production:1`,
  rerun: (attempt: number) => `yaml:${sample.prod.id}:${sample.rerun.id}:Production:${attempt}`,
  deleted: () => `yaml:${sample.prod.id}:${sample.deleted.id}:Production:1`,
  untested: () => `yaml:${sample.prod.id}:${sample.untested.id}:Production:1`,
  release: () => `classic:${sample.release.environment('Prod').latest!.id}`,
};

describe('deploy-audit collect against the sample organization', () => {
  beforeEach(() => start());

  it('finds every production deployment once: both attempts of a re-run, a deleted run, a classic release', async () => {
    const { code, report, stderr } = await collectJson();
    // The deleted run's evidence is unreadable, and so is the history of the next run since it.
    expect(code).toBe(3);
    expect(stderr).toContain('2 of 6 deployments');
    expect(report!.deployments.map((d) => d.key).sort()).toEqual(
      [key.run(), key.rerun(1), key.rerun(2), key.deleted(), key.untested(), key.release()].sort(),
    );
    // Staging is not production; a rejected approval never deployed (no record, notDeployed release).
    expect(report!.deployments.some((d) => d.environment === 'Staging')).toBe(false);
    expect(report).toMatchObject({ schemaVersion: 1, organization: 'contoso', project: 'Shop', window: { from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' } });
  });

  it('fills the contract fields of a YAML deployment from its run, approvals, pull request and tests', async () => {
    const { report } = await collectJson();
    const deployment = report!.deployments.find((d) => d.key === key.run())!;
    expect(deployment).toMatchObject({
      source: 'yaml',
      environment: 'Production',
      pipeline: { id: 12, name: 'shop-web' },
      runId: sample.run.id,
      stage: 'Production',
      result: 'succeeded',
      requestedBy: { displayName: 'Carol Developer', uniqueName: 'carol@contoso.com' },
      approvals: [{ approver: { displayName: 'Alice Director' }, status: 'approved', comment: 'Looks good' }],
      builds: [{ id: sample.run.id, result: 'succeeded', sourceBranch: 'refs/heads/main' }],
      pullRequests: [{ id: sample.pr.id, title: 'Add basket discounts', createdBy: { displayName: 'Carol Developer' }, bypassPolicy: false }],
      tests: { total: 123, passed: 120, failed: 0, other: 3 },
      workItems: [101, 102],
      errors: [],
    });
    expect(deployment.url).toContain(`buildId=${sample.run.id}`);
    expect(Object.keys(deployment)).toEqual([
      'key', 'source', 'environment', 'pipeline', 'runId', 'runName', 'stage', 'startedAt', 'finishedAt', 'result',
      'requestedBy', 'url', 'approvals', 'otherApprovals', 'builds', 'pullRequests', 'previousDeployment', 'changes', 'tests', 'workItems',
      'controls', 'errors', 'capturedAt', 'evidence',
    ]);
    expect(statuses(report, key.run())).toEqual({
      'approval-count': 'fail', // one approver, the policy asks for two
      'approval-independence': 'pass',
      'code-review': 'pass',
      'branch-policy': 'pass',
      'source-branch': 'pass',
      'build-succeeded': 'pass',
      'tests-passed': 'pass',
      'work-item-linked': 'pass',
    });
    expect(deployment.controls['code-review']!.evidence).toContain(deployment.pullRequests[0].url);
  });

  it('reports each violation built into the sample', async () => {
    const { report } = await collectJson();
    expect(statuses(report, key.rerun(2))).toMatchObject({
      'code-review': 'fail', // only the author approved
      'branch-policy': 'fail', // bypassed
      'build-succeeded': 'fail', // partially succeeded build stage
      'tests-passed': 'fail', // 2 failed
    });
    expect(report!.deployments.find((d) => d.key === key.rerun(1))!.result).toBe('failed');
    expect(statuses(report, key.untested())).toMatchObject({
      'approval-independence': 'fail', // Carol approved her own run
      'source-branch': 'fail', // feature branch
      'tests-passed': 'fail', // no tests
      // Its previous production deployment is the deleted run: what it shipped since cannot be read.
      'code-review': 'unknown',
      'branch-policy': 'unknown',
    });
    expect(report!.deployments.find((d) => d.key === key.untested())!.controls['code-review']!.reason).toContain('the change set could not be read');
  });

  it('makes every control of a run deleted by retention unknown, naming what is missing', async () => {
    const { report } = await collectJson();
    const deployment = report!.deployments.find((d) => d.key === key.deleted())!;
    expect(Object.values(deployment.controls).every((verdict) => verdict!.status === 'unknown')).toBe(true);
    expect(deployment.controls['tests-passed']!.reason).toMatch(/not found.*retention/);
    expect(deployment.errors).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'build', status: 404 })]));
  });

  it('reads a classic deployment: its approvals, its primary build artifact and that build\'s evidence', async () => {
    const { report } = await collectJson();
    const deployment = report!.deployments.find((d) => d.key === key.release())!;
    expect(deployment).toMatchObject({
      source: 'classic',
      environment: 'Prod',
      requestedBy: { displayName: 'Dave Developer' },
      approvals: [{ approver: { displayName: 'Alice Director' }, status: 'approved', comment: 'Go' }],
      builds: [{ id: sample.ci.id }],
      tests: { total: 40, passed: 40, failed: 0 },
      workItems: [103],
    });
  });

  it('applies a policy file: required approvals, approvers by group, disabled controls', async () => {
    const config = path.join(dir, 'policy.json');
    fs.writeFileSync(config, JSON.stringify({ requiredApprovals: 1, approvers: ['ALICE@contoso.com'], controls: { 'work-item-linked': { enabled: false } } }));
    const { report } = await collectJson(['--config', config]);
    expect(statuses(report, key.run())['approval-count']).toBe('pass');
    // Carol approved for the group, but only Alice is a listed approver.
    expect(statuses(report, key.untested())['approval-count']).toBe('fail');
    expect(report!.deployments.every((d) => !('work-item-linked' in d.controls))).toBe(true);
    expect(Object.keys(report!.summary.controls)).not.toContain('work-item-linked');
    expect(report!.policy).toMatchObject({ requiredApprovals: 1, controls: { 'work-item-linked': { enabled: false } } });
  });

  it('takes --environment over the policy, case-insensitively', async () => {
    const { report } = await collectJson(['--environment', 'STAGING']);
    expect(report!.deployments.map((d) => d.environment)).toEqual(['Staging']);
    expect(report!.policy.productionEnvironments).toEqual(['STAGING']);
  });

  it('warns of a production pattern that matches no environment or release stage', async () => {
    const { report, stderr } = await collectJson(['--environment', 'Production', '--environment', 'Prodution-typo']);
    expect(stderr).toContain('warning: the production pattern "Prodution-typo" matches no environment or release stage');
    expect(stderr).not.toContain('"Production"');
    expect(report!.deployments.length).toBeGreaterThan(0);
    // The report says how its list was made.
    expect(report!.population!.patterns).toEqual([
      { pattern: 'Production', matched: ['Production'] },
      { pattern: 'Prodution-typo', matched: [] },
    ]);
  });

  it('rejects a malformed policy file with one line and no report', async () => {
    const config = path.join(dir, 'policy.json');
    fs.writeFileSync(config, JSON.stringify({ requiredApprovals: 'two' }));
    const { code, stderr, report } = await collectJson(['--config', config]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('requiredApprovals');
    expect(report).toBeNull();
  });

  it("shows an auditor who cannot read approvals 'unknown' approval controls, and everything else", async () => {
    const { code, report } = await collectJson([], { AZURE_DEVOPS_TOKEN: TOKENS.reader });
    expect(code).toBe(3);
    const verdicts = report!.deployments.find((d) => d.key === key.run())!.controls;
    expect(verdicts['approval-count']).toMatchObject({ status: 'unknown', reason: expect.stringContaining('access denied (HTTP 403)') });
    expect(verdicts['approval-independence']!.status).toBe('unknown');
    expect(verdicts['code-review']!.status).toBe('pass');
    // Classic approvals come with the deployment, so a reader sees them.
    expect(statuses(report, key.release())['approval-count']).toBe('fail');
  });

  it('authenticates a pipeline token as Bearer', async () => {
    const { code, report } = await collectJson([], { SYSTEM_ACCESSTOKEN: TOKENS.bearer });
    expect(code).toBe(3);
    expect(report!.deployments).toHaveLength(6);
  });

  it('fails with exit 2 and one line on a bad token, and leaves an existing report untouched', async () => {
    const out = path.join(dir, 'report.json');
    fs.writeFileSync(out, 'previous report');
    const result = await runCli(args(['--format', 'json', '--out', out]), { AZURE_DEVOPS_TOKEN: 'not-a-valid-pat' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('authentication failed');
    expect(result.stderr).not.toContain('not-a-valid-pat');
    expect(fs.readFileSync(out, 'utf8')).toBe('previous report');
    expect(fs.readdirSync(dir)).toEqual(['report.json']);
  });

  it('fails with exit 2 on an unknown project, and writes nothing', async () => {
    const out = path.join(dir, 'report.json');
    const result = await runCli(args(['--format', 'json', '--out', out], 'Nope'), GOOD);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/project "Nope" was not found/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('fails with exit 2 without a token', async () => {
    const result = await runCli(args(['--format', 'json']), {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('AZURE_DEVOPS_TOKEN');
  });

  it('asks for nothing twice and batches builds and approvals', async () => {
    await collectJson();
    const gets = ado.requests.filter((r) => r.method === 'GET').map((r) => `${r.path}?${new URLSearchParams(r.query as any)}`);
    expect(new Set(gets).size).toBe(gets.length);
    expect(ado.count(/\/_apis\/build\/builds\?/)).toBe(1);
    expect(ado.count(/\/_apis\/pipelines\/approvals\?/)).toBe(1);
    expect(ado.count(/pullrequestquery/)).toBe(1);
  });
});

describe('deploy-audit collect: a release that deploys a build of another project', () => {
  it("reads that build, its tests and work items in the build's own project", async () => {
    sample = sampleOrganization();
    const platform = sample.org.project('Platform');
    const build = platform.ciBuild({ pipeline: { id: 90, name: 'platform-ci' }, requestedFor: sample.people.dave, queuedAt: '2026-11-08T08:00:00Z', tests: { passed: 7, failed: 0 }, workItems: [555] });
    const release = sample.shop.classicRelease({
      definition: { id: 6, name: 'platform-to-shop' },
      artifactBuild: build,
      requestedBy: sample.people.dave,
      createdOn: '2026-11-08T09:00:00Z',
      environments: [{ name: 'Prod', preDeployApprovals: [{ approver: sample.people.alice, approvedBy: sample.people.alice }] }],
    });
    ado = await startFakeAdo(sample.org);
    const { report } = await collectJson();
    const deployment = report!.deployments.find((d) => d.key === `classic:${release.environment('Prod').latest!.id}`)!;
    expect(deployment).toMatchObject({ builds: [{ id: build.id }], tests: { total: 7, passed: 7 }, workItems: [555], errors: [] });
    expect(ado.count(new RegExp(`/${platform.id}/_apis/build/builds\\?`))).toBe(1);
  });
});

describe('deploy-audit collect --cache', () => {
  it('asks again only for what it could not keep, and keeps evidence that retention deletes later', async () => {
    await start({}, 60);
    const cache = path.join(dir, 'cache');
    const first = await collectJson(['--cache', cache]);
    const firstRequests = ado.requests.length;
    ado.resetLog();

    const second = await collectJson(['--cache', cache]);
    // Only the lists: what could not be read is gone for good (404: the deleted run, and the history of the run after
    // it), so it is kept as it was read rather than asked for again every audit.
    expect(ado.requests.length).toBeLessThanOrEqual(Math.ceil(firstRequests * 0.05));
    expect(new Set(ado.requests.map((entry) => entry.routeId))).toEqual(
      new Set(['core.resourceAreas', 'core.connectionData', 'environments.list', 'environments.records', 'release.deployments']),
    );
    // The same report, but for when it was generated (which the integrity hash covers) and how much of it was kept.
    const withoutTime = (report: AuditReport) => ({
      ...report,
      generatedAt: '',
      integrity: undefined,
      manifest: report.manifest && { ...report.manifest, generatedAt: '', deployments: undefined },
    });
    expect(withoutTime(second.report!)).toEqual(withoutTime(first.report!));

    // Retention removes the run; the kept evidence still proves the deployment.
    (sample.run as unknown as { deleted: boolean }).deleted = true;
    const third = await collectJson(['--cache', cache]);
    const deployment = third.report!.deployments.find((d) => d.key === key.run())!;
    expect(deployment.builds).toHaveLength(1);
    const before = first.report!.deployments.find((d) => d.key === key.run())!;
    expect(deployment.controls['code-review']).toEqual(before.controls['code-review']);
    expect(deployment.capturedAt).toBe(first.report!.deployments.find((d) => d.key === key.run())!.capturedAt);
  });

  it('starts afresh from a damaged cache file, with a warning', async () => {
    await start();
    const cache = path.join(dir, 'cache');
    await collectJson(['--cache', cache]);
    for (const file of fs.readdirSync(cache)) fs.writeFileSync(path.join(cache, file), '{"scope":');
    const again = await collectJson(['--cache', cache]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('ignoring the unreadable cache file');
    expect(again.report!.deployments).toHaveLength(6);
  });
});

describe('deploy-audit collect: paging, throttling and broken answers', () => {
  it('reads every page of deployment records and classic deployments, nothing lost or doubled', async () => {
    await start({ maxPageSize: 7 }, 60);
    const { report } = await collectJson();
    const bulkKeys = sample.bulk.map((run) => `yaml:${sample.prod.id}:${run.id}:Production:1`);
    const keys = report!.deployments.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(bulkKeys));
    expect(keys).toHaveLength(66);
    // 60 runs × 2 jobs + the others' records, 7 to a page.
    expect(ado.count(/environmentdeploymentrecords/)).toBeGreaterThan(15);
  });

  it('waits out a 429 with Retry-After and still writes a complete report', async () => {
    await start();
    ado.setFaults([{ path: '/_apis/build/builds?', status: 429, times: 2, headers: { 'Retry-After': '0' } }]);
    const { report } = await collectJson();
    expect(report!.deployments.find((d) => d.key === key.run())!.builds).toHaveLength(1);
    expect(ado.faultHits()).toEqual([2]);
  });

  it('falls back to the checks panel when the Approvals API fails', async () => {
    await start();
    ado.setFaults([{ path: '/_apis/pipelines/approvals', status: 500, times: Infinity }]);
    const { report } = await collectJson();
    const deployment = report!.deployments.find((d) => d.key === key.run())!;
    expect(deployment.approvals.map((a) => a.approver.displayName)).toEqual(['Alice Director']);
    expect(deployment.errors).toEqual([]);
    expect(ado.count(/HierarchyQuery/)).toBeGreaterThan(0);
  });

  it('turns a service that keeps failing into unknown controls, not a crash', async () => {
    await start();
    // Test results: the project's runs by week, then the build's own summary; both keep failing.
    ado.setFaults([
      { path: '/_apis/test/runs', status: 503, times: Infinity },
      { path: '/testresults/resultsummarybybuild', status: 503, times: Infinity },
    ]);
    const { code, report } = await collectJson();
    expect(code).toBe(3);
    const verdict = report!.deployments.find((d) => d.key === key.run())!.controls['tests-passed']!;
    expect(verdict.status).toBe('unknown');
    expect(verdict.reason).toContain('503');
  });

  it('turns a malformed answer into an evidence error on the deployments that needed it', async () => {
    await start();
    ado.setFaults([{ path: 'pullrequestquery', body: '{"queries":[],"results":[{', times: Infinity, status: 200, contentType: 'application/json' }]);
    const { code, report } = await collectJson();
    expect(code).toBe(3);
    const deployment = report!.deployments.find((d) => d.key === key.run())!;
    expect(deployment.controls['code-review']!.status).toBe('unknown');
    expect(deployment.errors).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'pullRequests', status: null })]));
    expect(deployment.controls['build-succeeded']!.status).toBe('pass');
  });

  it('stops cleanly on Ctrl-C while evidence requests are in flight: exit 130, no report, nothing left unhandled', async () => {
    await start({ latencyMs: 40 }, 40);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const out = path.join(dir, 'report.json');
      const running = runCli(args(['--format', 'json', '--out', out]), GOOD);
      // Interrupt once the evidence requests have started.
      while (!ado.requests.some((r) => r.path.includes('/timeline'))) await new Promise((resolve) => setTimeout(resolve, 5));
      process.emit('SIGINT');
      const result = await running;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('cancelled');
      expect(fs.existsSync(out)).toBe(false);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('stops with exit 2 when a list of deployments cannot be read: the population would be incomplete', async () => {
    await start();
    ado.setFaults([{ path: '/release/deployments', status: 500, times: Infinity }]);
    const out = path.join(dir, 'report.json');
    const result = await runCli(args(['--format', 'json', '--out', out]), GOOD);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('could not list classic release deployments');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('deploy-audit collect: the other formats', () => {
  beforeEach(() => start());

  it('writes one CSV row per deployment with a column per control', async () => {
    const out = path.join(dir, 'report.csv');
    expect((await runCli(args(['--format', 'csv', '--out', out]), GOOD)).code).toBe(3);
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(6);
    const row = rows.find((r) => r.key === key.run())!;
    expect(row['code-review']).toBe('pass');
    expect(row['approval-count']).toBe('fail');
  });

  it('writes an Excel workbook with a summary and linked deployments', async () => {
    const out = path.join(dir, 'report.xlsx');
    expect((await runCli(args(['--format', 'xlsx', '--out', out]), GOOD)).code).toBe(3);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Manifest', 'Summary', 'Deployments', 'Trends']);
    expect(workbook.getWorksheet('Deployments')!.rowCount).toBe(7);
  });

  it('writes a self-contained HTML report', async () => {
    const out = path.join(dir, 'report.html');
    expect((await runCli(args(['--format', 'html', '--out', out]), GOOD)).code).toBe(3);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('Add basket discounts');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
  });

  it('runs as a real process and writes JSON to standard output', async () => {
    const result = await spawnCli(args(['--format', 'json']), GOOD);
    expect(result.code).toBe(3);
    expect((JSON.parse(result.stdout) as AuditReport).deployments).toHaveLength(6);
    // Progress is for terminals only: a pipe gets the warning and nothing else.
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
