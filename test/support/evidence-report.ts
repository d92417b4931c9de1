/**
 * A report that records its evidence, built by the engine (buildReport) from the control fixtures: twelve production
 * deployments over three months, two environments and both sources, with passing, failing and unknown controls.
 * For verify, sample and pack: everything they read is in the report, as in a file the command line wrote.
 */
import { buildReport } from '../../src/core/engine/report';
import type { DeploymentEvidence } from '../../src/core/model';
import type { AuditReport } from '../../src/core/report';
import { approval, classicEvidence, evidence, evidenceError, person, policy, pullRequest } from './control-evidence';

const MONTHS = ['2026-09', '2026-10', '2026-11'];

export function evidenceDeployments(): DeploymentEvidence[] {
  const deployments: DeploymentEvidence[] = [];
  for (let i = 0; i < 12; i++) {
    const month = MONTHS[i % 3];
    const day = String(3 + i).padStart(2, '0');
    const environment = i % 4 === 3 ? 'production-eu' : 'production';
    const make = i % 3 === 2 ? classicEvidence : evidence;
    const overrides: Partial<DeploymentEvidence> = {
      key: i % 3 === 2 ? `classic:${900 + i}` : `yaml:7:${33100 + i}:Production:1`,
      runId: 33100 + i,
      runName: `2026${month.slice(5)}${day}.${i}`,
      environment,
      startedAt: `${month}-${day}T10:00:00.000Z`,
      finishedAt: `${month}-${day}T10:20:00.000Z`,
    };
    // Violations: one approval (i = 1, 7), self-review (i = 4), unreadable tests (i = 5).
    if (i === 1 || i === 7) overrides.approvals = [approval(person('Rik Brouwer'))];
    if (i === 4) overrides.pullRequests = [pullRequest({ reviewers: [] })];
    if (i === 5) {
      overrides.tests = null;
      overrides.errors = [evidenceError('tests', 500, 'test results could not be read')];
    }
    deployments.push(make(overrides));
  }
  return deployments;
}

export function evidenceReport(): AuditReport {
  return buildReport({
    orgUrl: 'https://dev.azure.com/raboweb-test',
    project: 'SOx-compliant-demo',
    window: { from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') },
    policy: policy({ productionEnvironments: ['production*'] }),
    deployments: evidenceDeployments(),
    generatedAt: new Date('2026-12-01T06:00:00Z'),
  });
}
