/**
 * The engine against the demo organization's ground truth: every production deployment found exactly once, paired
 * with its previous production deployment, shipping the commits the generator put between the two, every built-in
 * violation reported by its control, the verdicts the generator expects, and clean deployments passing every control.
 * The truth is computed by the generator from what it built, not by the engine's rules over the server's answers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ControlId } from '../../src/core/controls/ids';
import type { AuditReport, DeploymentReport } from '../../src/core/report';
import { DEMO_NOT_VIOLATIONS, DEMO_TOKENS, type DemoAnyFinding, type DemoDeployment } from '../fake-ado/demo';
import { startDemoServer, type DemoServer } from '../fake-ado/cli';
import { runCli, tempDir } from './run-cli';

/** The control that must fail (or be unknown, for evidence gone) for each finding that is a violation. */
const EXPECTED: Partial<Record<DemoAnyFinding, [ControlId, 'fail' | 'unknown']>> = {
  singleApprover: ['approval-count', 'fail'],
  noApproval: ['approval-count', 'fail'],
  selfApproval: ['approval-independence', 'fail'],
  prAuthorOnlyApproval: ['code-review', 'fail'],
  prGroupOnlyApproval: ['code-review', 'fail'],
  unreviewedEarlierChange: ['code-review', 'fail'],
  directPush: ['code-review', 'fail'],
  fastForward: ['code-review', 'fail'],
  policyBypass: ['branch-policy', 'fail'],
  unprotectedBranch: ['branch-policy', 'fail'],
  otherResourceApproval: ['approval-count', 'fail'],
  failedTests: ['tests-passed', 'fail'],
  noTests: ['tests-passed', 'fail'],
  testsRetained: ['tests-passed', 'unknown'],
  featureBranch: ['source-branch', 'fail'],
  multipleArtifacts: ['source-branch', 'fail'],
  partiallySucceeded: ['build-succeeded', 'fail'],
  buildDeleted: ['tests-passed', 'unknown'],
};

const NOW = new Date('2026-11-30T00:00:00Z');

/** The report's deployment and the change set it records (JSON contract: changes, previousDeployment). */
type Found = DeploymentReport & { changes?: { commit: string; covered: boolean }[]; previousDeployment?: { key: string } | null };

// The demo's own mix, and the benchmark's shape: every change deployed to four regions.
describe.each([
  { shape: 'the demo organization', regions: undefined },
  { shape: 'an organization deploying every change to four regions', regions: 4 },
])('$shape audited by the command line', ({ regions }) => {
  let server: DemoServer;
  let report: AuditReport;
  let dir: string;
  let byKey: Map<string, Found>;

  beforeAll(async () => {
    server = await startDemoServer({ seed: 7, deployments: 600, months: 2, now: NOW, regions });
    dir = tempDir();
    const out = path.join(dir, 'demo.json');
    const result = await runCli(
      ['collect', '--org-url', server.orgUrl, '--project', server.demo.project.name, '--from', '2026-09-01', '--to', '2026-12-01', '--format', 'json', '--out', out],
      // The audit runs on the demo's last day, whatever today is: test retention is judged against that day.
      { AZURE_DEVOPS_TOKEN: DEMO_TOKENS.director, DEPLOY_AUDIT_NOW: NOW.toISOString() },
    );
    expect(result.code).toBe(3); // builds deleted by retention
    report = JSON.parse(fs.readFileSync(out, 'utf8'));
    byKey = new Map(report.deployments.map((deployment) => [deployment.key, deployment as Found]));
  });

  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const inWindow = (truth: DemoDeployment) => truth.startedAt >= '2026-09-01' && truth.startedAt < '2026-12-01';
  const population = () => server.demo.truth.filter((truth) => truth.result !== 'notDeployed' && !truth.findings.includes('pendingClassic') && inWindow(truth));

  it('finds every production deployment exactly once, and none still waiting for approval', () => {
    const expected = population().map((truth) => truth.key).sort();
    const found = [...byKey.keys()].sort();
    expect(found).toEqual(expected);
    expect(found.length).toBeGreaterThan(500);
    const waiting = server.demo.truth.filter((truth) => truth.findings.includes('pendingClassic'));
    expect(waiting.length).toBeGreaterThan(0);
    for (const truth of waiting) expect(byKey.has(truth.key)).toBe(false);
    expect(report.population!.waiting).toBe(waiting.filter(inWindow).length);
    if (regions) {
      // Four production deployments of each change: as many environments, about a quarter as many runs and releases.
      expect(new Set(report.deployments.map((deployment) => deployment.environment)).size).toBe(8);
      const changes = new Set(population().map((truth) => truth.runId ?? `release ${truth.releaseId}`)).size;
      expect(found.length / changes).toBeGreaterThan(3.5);
    }
  });

  it('pairs each deployment with its previous successful production deployment', () => {
    const wrong = population()
      .map((truth) => [truth.key, truth.previous, byKey.get(truth.key)!.previousDeployment?.key ?? null] as const)
      .filter(([, expected, found]) => expected !== found);
    expect(wrong).toEqual([]);
  });

  it('records the commits each deployment shipped, those without a pull request into the branch marked uncovered', () => {
    const misses: string[] = [];
    for (const truth of population()) {
      const found = byKey.get(truth.key)!;
      if (found.errors.some((error) => ['build', 'changes'].includes(error.source))) continue;
      const expected = truth.changeSets.flatMap((set) => set.commits).sort();
      const commits = (found.changes ?? []).map((change) => change.commit).sort();
      if (JSON.stringify(commits) !== JSON.stringify(expected)) misses.push(`${truth.key}: ${commits.length} commits, expected ${expected.length}`);
      const uncovered = (found.changes ?? []).filter((change) => !change.covered).map((change) => change.commit).sort();
      if (JSON.stringify(uncovered) !== JSON.stringify([...truth.changeSet.uncoveredCommits].sort())) misses.push(`${truth.key}: uncovered ${uncovered.join(',')}`);
    }
    expect(misses).toEqual([]);
  });

  it('gives every verdict the generator expects', () => {
    const misses: string[] = [];
    for (const truth of population()) {
      const found = byKey.get(truth.key)!;
      for (const [control, status] of Object.entries(truth.expected)) {
        const verdict = found.controls[control as ControlId]!;
        if (verdict.status !== status) misses.push(`${truth.key} ${control}: ${verdict.status}, expected ${status} (${verdict.reason})`);
      }
    }
    expect(misses).toEqual([]);
    // Every case of the change-set issue is in this organization.
    const findings = new Set(server.demo.truth.flatMap((truth) => truth.findings));
    for (const finding of ['directPush', 'unreviewedEarlierChange', 'fastForward', 'redeploy', 'rollback', 'firstDeployment', 'unprotectedBranch', 'consumedArtifact', 'otherResourceApproval', 'multipleArtifacts', 'testsRetained'] as const) {
      expect([finding, findings.has(finding)]).toEqual([finding, true]);
    }
  });

  it('reports every built-in violation through its control, naming the uncovered commits', () => {
    const misses: string[] = [];
    for (const truth of population()) {
      const deployment = byKey.get(truth.key)!;
      for (const finding of truth.findings) {
        const expectation = EXPECTED[finding];
        if (!expectation) continue;
        const [control, status] = expectation;
        const verdict = deployment.controls[control]!;
        if (verdict.status !== status) misses.push(`${deployment.key} ${finding}: ${control} is ${verdict.status} (${verdict.reason})`);
      }
      if (deployment.controls['code-review']?.status === 'fail') {
        for (const commit of truth.changeSet.uncoveredCommits) {
          if (!deployment.controls['code-review'].reason.includes(commit.slice(0, 8))) misses.push(`${deployment.key}: the reason does not name ${commit.slice(0, 8)}`);
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it('says "nothing new" for a redeploy or a rollback', () => {
    const again = population().filter((truth) => truth.changeSet.nothingNew && truth.previous);
    expect(again.length).toBeGreaterThan(0);
    for (const truth of again) {
      const verdict = byKey.get(truth.key)!.controls['code-review']!;
      if (verdict.status !== 'unknown') expect([truth.key, verdict.status, verdict.reason]).toEqual([truth.key, 'notApplicable', expect.stringContaining('nothing new')]);
    }
  });

  it('passes every control of a deployment with nothing wrong built in', () => {
    const clean = population().filter((truth) => truth.findings.every((finding) => DEMO_NOT_VIOLATIONS.has(finding)));
    expect(clean.length).toBeGreaterThan(250);
    const complaints = clean.flatMap((truth) => {
      const deployment = byKey.get(truth.key)!;
      return Object.entries(deployment.controls)
        .filter(([id, verdict]) => verdict!.status !== 'pass' && verdict!.status !== 'notApplicable' && truth.expected[id as keyof DemoDeployment['expected']] !== verdict!.status)
        // The previous deployment's build removed by retention: its history cannot be read.
        .filter(([, verdict]) => !(verdict!.status === 'unknown' && /the change set could not be read|tests? results/.test(verdict!.reason)))
        .map(([id, verdict]) => `${deployment.key} ${id}: ${verdict!.status} (${verdict!.reason})`);
    });
    expect(complaints).toEqual([]);
  });
});
