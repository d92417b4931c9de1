/**
 * Hardening, end to end against the fake Azure DevOps: the typed clients' Accept options (enums as numbers,
 * "\/Date()\/" dates, bare arrays), listed-group approvers, a pull request's work items when its build has none, an
 * HTML page on one request, server text with escape sequences, and no warning leaking to the terminal.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditReport } from '../../src/core/report';
import { FakeOrganization } from '../fake-ado/model';
import { sampleOrganization, TOKENS, type SampleOrganization } from '../fake-ado/sample-org';
import { startFakeAdo, type FakeAdo, type FakeAdoOptions } from '../fake-ado/server';
import { runCli, spawnCli, tempDir } from './run-cli';

const WINDOW = ['--from', '2026-10-01', '--to', '2026-12-01'];
const TYPED = 'application/json;api-version=7.1;excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true';

let ado: FakeAdo | undefined;
let dir: string;

beforeEach(() => {
  dir = tempDir();
});
afterEach(async () => {
  await ado?.close();
  ado = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function collect(project: string, token: string, extra: string[] = [], env: Record<string, string> = {}) {
  const out = path.join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const result = await runCli(['collect', '--org-url', ado!.orgUrl, '--project', project, ...WINDOW, '--format', 'json', '--out', out, ...extra], {
    AZURE_DEVOPS_TOKEN: token,
    ...env,
  });
  const report = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as AuditReport) : null;
  return { ...result, report };
}

const byKey = (report: AuditReport | null, key: string) => report!.deployments.find((d) => d.key === key)!;
/** A report without what differs from one run to the next. */
const stable = (report: AuditReport | null) =>
  JSON.parse(JSON.stringify({ ...report!, generatedAt: null, integrity: null, manifest: report!.manifest && { ...report!.manifest, generatedAt: null, deployments: { ...report!.manifest.deployments, oldestCapture: null } }, deployments: report!.deployments.map((d) => ({ ...d, capturedAt: null, evidence: d.evidence && { ...d.evidence, capturedAt: undefined } })) }));

describe('the typed clients’ Accept options, end to end', () => {
  let sample: SampleOrganization;
  const start = async (options: FakeAdoOptions = {}) => {
    sample = sampleOrganization();
    ado = await startFakeAdo(sample.org, options);
  };

  it('the fake answers them with numbers, /Date()/ dates and bare arrays (what this test relies on)', async () => {
    await start();
    const auth = `Basic ${Buffer.from(`:${TOKENS.good}`).toString('base64')}`;
    const answer = await fetch(`${ado!.vsrmUrl}/Shop/_apis/release/deployments?api-version=7.1`, { headers: { Authorization: auth, Accept: TYPED } });
    const text = await answer.text();
    const list = JSON.parse(text) as Array<{ deploymentStatus: unknown; preDeployApprovals: Array<{ status: unknown }> }>;
    expect(Array.isArray(list)).toBe(true);
    expect(typeof list[0].deploymentStatus).toBe('number');
    expect(list.flatMap((d) => d.preDeployApprovals.map((a) => typeof a.status))).toContain('number');
    expect(text).toMatch(/"\\\/Date\(\d+\)\\\/"/);
  });

  it('give the same report as plain JSON, with approvals, results, tests and dates read right', async () => {
    await start();
    const plain = await collect('Shop', TOKENS.good);
    const typed = await collect('Shop', TOKENS.good, [], { DEPLOY_AUDIT_ACCEPT: 'typed' });
    expect(typed.code).toBe(3); // the deleted run, as with plain JSON
    expect(plain.code).toBe(3);

    const release = byKey(typed.report, `classic:${sample.release.environment('Prod').latest!.id}`);
    expect(release).toMatchObject({
      result: 'succeeded',
      approvals: [{ approver: { displayName: 'Alice Director' }, status: 'approved', comment: 'Go' }],
      tests: { total: 40, passed: 40, failed: 0, other: 0 },
    });
    expect(release.controls['approval-count']!.status).toBe('fail'); // one approval of the two required
    expect(release.startedAt).toMatch(/^2026-11-0\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const run = byKey(typed.report, `yaml:${sample.prod.id}:${sample.run.id}:Production:1`);
    expect(run).toMatchObject({
      result: 'succeeded',
      approvals: [{ approver: { displayName: 'Alice Director' }, status: 'approved' }],
      tests: { total: 123, passed: 120, failed: 0, other: 3 },
      workItems: [101, 102],
    });
    expect(run.startedAt! >= '2026-11-01T09:00:00.000Z' && run.startedAt! < '2026-11-02T00:00:00.000Z').toBe(true);
    const rerun = byKey(typed.report, `yaml:${sample.prod.id}:${sample.rerun.id}:Production:2`);
    expect(rerun.tests).toEqual({ total: 82, passed: 80, failed: 2, other: 0 });
    expect(rerun.controls['build-succeeded']!.status).toBe('fail');

    expect(stable(typed.report)).toEqual(stable(plain.report));
  });
});

/** An organization for the cases the sample leaves out. */
function groupOrganization() {
  const org = new FakeOrganization('fabrikam');
  const alice = org.person('Alice Director', 'alice@fabrikam.com');
  const bob = org.person('Bob Builder', 'bob@fabrikam.com');
  const carol = org.person('Carol Developer', 'carol@fabrikam.com');
  const approvers = org.group('[Web]\\Release Approvers');
  org.token('pat', { user: alice });
  const web = org.project('Web');
  const repo = web.repository('web');
  const prod = web.environment('Production');
  const pipeline = { id: 1, name: 'web' };
  const pr = web.pullRequest({
    repository: repo,
    title: 'Items only on the pull request',
    createdBy: carol,
    createdAt: '2026-11-01T08:00:00Z',
    completedAt: '2026-11-01T09:00:00Z',
    reviewers: [{ identity: alice, vote: 10 }],
    workItems: [501, 502],
  });
  const stages = (approval: { steps: Array<{ assignedTo: typeof alice; actedBy: typeof alice }> }) => [
    { name: 'Build' },
    { name: 'Production', environment: prod, approval },
  ];
  // Approved by Alice for the listed group; the build has no work items of its own, its pull request has two.
  const viaGroup = web.yamlRun({ pipeline, requestedFor: carol, pullRequest: pr, queuedAt: '2026-11-02T09:00:00Z', tests: { passed: 5, failed: 0 }, stages: stages({ steps: [{ assignedTo: approvers, actedBy: alice }] }) });
  // Approved by Bob, asked as himself: not a listed approver, and not acting for the listed group.
  const direct = web.yamlRun({ pipeline, requestedFor: carol, queuedAt: '2026-11-03T09:00:00Z', tests: { passed: 5, failed: 0 }, workItems: [600], stages: stages({ steps: [{ assignedTo: bob, actedBy: bob }] }) });
  const ci = web.ciBuild({ pipeline: { id: 2, name: 'web-ci' }, requestedFor: carol, queuedAt: '2026-11-04T08:00:00Z', tests: { passed: 3, failed: 0 } });
  const release = web.classicRelease({
    definition: { id: 9, name: 'web-classic' },
    artifactBuild: ci,
    requestedBy: carol,
    environments: [{ name: 'Production', preDeployApprovals: [{ approver: approvers, approvedBy: alice, comments: 'for the group' }] }],
  });
  const releaseDirect = web.classicRelease({
    definition: { id: 9, name: 'web-classic' },
    artifactBuild: ci,
    requestedBy: carol,
    createdOn: '2026-11-05T10:00:00Z',
    environments: [{ name: 'Production', preDeployApprovals: [{ approver: bob, approvedBy: bob, comments: 'myself' }] }],
  });
  return { org, prod, viaGroup, direct, release, releaseDirect };
}

describe('listed groups and pull request work items, end to end', () => {
  let o: ReturnType<typeof groupOrganization>;
  beforeEach(async () => {
    o = groupOrganization();
    ado = await startFakeAdo(o.org);
  });

  it('counts an approval by a member acting for a listed group, and not one by an unlisted person', async () => {
    const config = path.join(dir, 'policy.json');
    fs.writeFileSync(config, JSON.stringify({ requiredApprovals: 1, approvers: ['[web]\\release approvers'] }));
    const { report, code } = await collect('Web', 'pat', ['--config', config]);
    expect(code).toBe(0);
    const status = (key: string) => byKey(report, key).controls['approval-count']!.status;
    expect(status(`yaml:${o.prod.id}:${o.viaGroup.id}:Production:1`)).toBe('pass');
    expect(status(`yaml:${o.prod.id}:${o.direct.id}:Production:1`)).toBe('fail');
    expect(status(`classic:${o.release.environment('Production').latest!.id}`)).toBe('pass');
    expect(status(`classic:${o.releaseDirect.environment('Production').latest!.id}`)).toBe('fail');
    expect(byKey(report, `yaml:${o.prod.id}:${o.direct.id}:Production:1`).controls['approval-count']!.reason).toContain('Bob Builder');
  });

  it('without a list, every distinct approver counts', async () => {
    const config = path.join(dir, 'policy.json');
    fs.writeFileSync(config, JSON.stringify({ requiredApprovals: 1 }));
    const { report } = await collect('Web', 'pat', ['--config', config]);
    expect(report!.deployments.every((d) => d.controls['approval-count']!.status === 'pass')).toBe(true);
  });

  it("reads the pull request's work items when its build has none", async () => {
    const { report } = await collect('Web', 'pat');
    const deployment = byKey(report, `yaml:${o.prod.id}:${o.viaGroup.id}:Production:1`);
    expect(deployment.workItems).toEqual([501, 502]);
    expect(deployment.controls['work-item-linked']!.status).toBe('pass');
    expect(byKey(report, `yaml:${o.prod.id}:${o.direct.id}:Production:1`).workItems).toEqual([600]);
  });
});

describe('bad answers, end to end', () => {
  let sample: SampleOrganization;
  beforeEach(async () => {
    sample = sampleOrganization();
    ado = await startFakeAdo(sample.org);
  });

  it("an HTML page for one run's timeline is unreadable evidence of that run (exit 3), not a failed sign-in", async () => {
    ado!.setFaults([
      { path: `/_apis/build/builds/${sample.run.id}/timeline`, status: 200, body: '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>', contentType: 'text/html', times: Infinity },
    ]);
    const { code, report, stderr } = await collect('Shop', TOKENS.good);
    expect(stderr).not.toContain('authentication failed');
    expect(code).toBe(3);
    const deployment = byKey(report, `yaml:${sample.prod.id}:${sample.run.id}:Production:1`);
    expect(deployment.errors.map((e) => e.message).join(' ')).toContain('HTML page');
    // The other runs were read as usual (the run after the deleted one cannot read its history since it).
    expect(byKey(report, `yaml:${sample.prod.id}:${sample.untested.id}:Production:1`).errors.map((e) => e.source)).toEqual(['changes']);
    expect(ado!.count(/connectionData/)).toBeGreaterThan(0);
  });

  it('an HTML page everywhere, connectionData included, is a failed sign-in (exit 2)', async () => {
    ado!.setFaults([{ path: /_apis\//, status: 200, body: '<html><title>Sign in</title></html>', contentType: 'text/html', times: Infinity }]);
    const { code, stderr, report } = await collect('Shop', TOKENS.good);
    expect(code).toBe(2);
    expect(stderr).toContain('authentication failed');
    expect(report).toBeNull();
  });

  it("shows a server's message on the terminal without escape sequences or control characters", async () => {
    const hostile = 'boom\x1b]0;owned\x07\x1b[2J\x1b[1;31m red\x1b[0m\r\nsecond line\x9b2K';
    ado!.setFaults([{ path: '/release/deployments', status: 500, body: { message: hostile, typeKey: 'X' }, times: Infinity }]);
    const { code, stderr } = await collect('Shop', TOKENS.good);
    expect(code).toBe(2);
    expect(stderr).toContain('boom red second line');
    expect(stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the terminal of a real process', () => {
  it('gets no warning from Node, even with many requests in flight on one abort signal', async () => {
    const sample = sampleOrganization(60);
    ado = await startFakeAdo(sample.org, { latencyMs: 10 });
    const result = await spawnCli(['collect', '--org-url', ado.orgUrl, '--project', 'Shop', ...WINDOW, '--format', 'json', '--out', path.join(dir, 'r.json')], {
      AZURE_DEVOPS_TOKEN: TOKENS.good,
      DEPLOY_AUDIT_CONCURRENCY: '16',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).not.toContain('Warning');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^warning: some evidence of 2 of 66 deployments could not be read/)]);
  });
});
