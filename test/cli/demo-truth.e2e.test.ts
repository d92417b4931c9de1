/**
 * The engine against the demo organization's ground truth: every production deployment found exactly once, every
 * built-in violation reported by its control, and clean deployments passing every control.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ControlId } from '../../src/core/controls/ids';
import type { AuditReport } from '../../src/core/report';
import { DEMO_TOKENS, type DemoDeployment, type DemoFinding } from '../fake-ado/demo';
import { startDemoServer, type DemoServer } from '../fake-ado/cli';
import { runCli, tempDir } from './run-cli';

/** The control that must fail (or be unknown, for evidence gone) for each finding. */
const EXPECTED: Record<Exclude<DemoFinding, 'rerun' | 'rejectedApproval'>, [ControlId, 'fail' | 'unknown']> = {
  singleApprover: ['approval-count', 'fail'],
  noApproval: ['approval-count', 'fail'],
  selfApproval: ['approval-independence', 'fail'],
  prAuthorOnlyApproval: ['code-review', 'fail'],
  prGroupOnlyApproval: ['code-review', 'fail'],
  policyBypass: ['branch-policy', 'fail'],
  failedTests: ['tests-passed', 'fail'],
  noTests: ['tests-passed', 'fail'],
  featureBranch: ['source-branch', 'fail'],
  partiallySucceeded: ['build-succeeded', 'fail'],
  buildDeleted: ['tests-passed', 'unknown'],
};

const NOW = new Date('2026-11-30T00:00:00Z');

const keyOf = (truth: DemoDeployment, environmentIds: Map<string, number>) =>
  truth.source === 'classic' ? `classic:${truth.deploymentId}` : `yaml:${environmentIds.get(truth.environment)}:${truth.runId}:${truth.stage}:${truth.attempt}`;

// The demo's own mix, and the benchmark's shape: every change deployed to four regions.
describe.each([
  { shape: 'the demo organization', regions: undefined },
  { shape: 'an organization deploying every change to four regions', regions: 4 },
])('$shape audited by the command line', ({ regions }) => {
  let server: DemoServer;
  let report: AuditReport;
  let dir: string;

  beforeAll(async () => {
    server = await startDemoServer({ seed: 7, deployments: 600, months: 2, now: NOW, regions });
    dir = tempDir();
    const out = path.join(dir, 'demo.json');
    const result = await runCli(
      ['collect', '--org-url', server.orgUrl, '--project', server.demo.project.name, '--from', '2026-09-01', '--to', '2026-12-01', '--format', 'json', '--out', out],
      { AZURE_DEVOPS_TOKEN: DEMO_TOKENS.director },
    );
    expect(result.code).toBe(3); // builds deleted by retention
    report = JSON.parse(fs.readFileSync(out, 'utf8'));
  });

  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const environmentIds = () => new Map(server.demo.project.environments.map((environment) => [environment.name, environment.id]));
  const population = () => server.demo.truth.filter((truth) => truth.result !== 'notDeployed');

  it('finds every production deployment exactly once', () => {
    const expected = population().map((truth) => keyOf(truth, environmentIds())).sort();
    const found = report.deployments.map((deployment) => deployment.key).sort();
    expect(found).toEqual(expected);
    expect(found.length).toBeGreaterThan(500);
    if (regions) {
      // Four production deployments of each change: as many environments, about a quarter as many runs and releases.
      expect(new Set(report.deployments.map((deployment) => deployment.environment)).size).toBe(8);
      const changes = new Set(population().map((truth) => truth.runId ?? `release ${truth.releaseId}`)).size;
      expect(found.length / changes).toBeGreaterThan(3.5);
    }
  });

  it('reports every built-in violation through its control', () => {
    const byKey = new Map(report.deployments.map((deployment) => [deployment.key, deployment]));
    const misses: string[] = [];
    for (const truth of population()) {
      const deployment = byKey.get(keyOf(truth, environmentIds()))!;
      for (const finding of truth.findings) {
        const expectation = EXPECTED[finding as keyof typeof EXPECTED];
        if (!expectation) continue;
        const [control, status] = expectation;
        const verdict = deployment.controls[control]!;
        if (verdict.status !== status) misses.push(`${deployment.key} ${finding}: ${control} is ${verdict.status} (${verdict.reason})`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('passes every control of a deployment with nothing wrong built in', () => {
    const byKey = new Map(report.deployments.map((deployment) => [deployment.key, deployment]));
    const clean = population().filter((truth) => truth.findings.every((finding) => finding === 'rerun'));
    expect(clean.length).toBeGreaterThan(300);
    const complaints = clean.flatMap((truth) => {
      const deployment = byKey.get(keyOf(truth, environmentIds()))!;
      return Object.entries(deployment.controls)
        .filter(([, verdict]) => verdict!.status !== 'pass' && verdict!.status !== 'notApplicable')
        .map(([id, verdict]) => `${deployment.key} ${id}: ${verdict!.status} (${verdict!.reason})`);
    });
    expect(complaints).toEqual([]);
  });
});
