/**
 * The demo organization served as an Azure DevOps Server 2022 collection (REST 7.0, no read-only environment routes,
 * no result summary by build, Release Management and Test Results on the collection's own host): the command line
 * negotiates down, falls back to the routes the server has, and gives every deployment the verdicts it gets from
 * Azure DevOps Services.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditReport } from '../../src/core/report';
import { DEMO_TOKENS } from '../fake-ado/demo';
import { startDemoServer, type DemoServer } from '../fake-ado/cli';
import { runCli, tempDir } from './run-cli';

const NOW = new Date('2026-11-30T00:00:00Z');
const options = { seed: 7, deployments: 200, months: 1, now: NOW };

async function audit(server: DemoServer, dir: string, name: string): Promise<{ code: number; report: AuditReport }> {
  const out = path.join(dir, `${name}.json`);
  const result = await runCli(
    ['collect', '--org-url', server.orgUrl, '--project', server.demo.project.name, '--from', '2026-11-01', '--to', '2026-12-01', '--format', 'json', '--out', out],
    { AZURE_DEVOPS_TOKEN: DEMO_TOKENS.director, DEPLOY_AUDIT_NOW: NOW.toISOString() },
  );
  return { code: result.code, report: JSON.parse(fs.readFileSync(out, 'utf8')) };
}

describe('the demo organization on Azure DevOps Server 2022', () => {
  let services: DemoServer;
  let server2022: DemoServer;
  let dir: string;

  beforeAll(async () => {
    [services, server2022] = await Promise.all([startDemoServer(options), startDemoServer({ ...options, server2022: true })]);
    dir = tempDir();
  });

  afterAll(async () => {
    await Promise.all([services.close(), server2022.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every deployment the verdicts it gets from Azure DevOps Services, asking at REST 7.0', async () => {
    const [cloud, onPremises] = await Promise.all([audit(services, dir, 'services'), audit(server2022, dir, 'server-2022')]);
    expect(onPremises.code).toBe(cloud.code);
    const verdicts = (report: AuditReport) =>
      Object.fromEntries(report.deployments.map((d) => [d.key, Object.fromEntries(Object.entries(d.controls).map(([id, v]) => [id, v!.status]))]));
    expect(onPremises.report.deployments.length).toBeGreaterThan(20);
    expect(verdicts(onPremises.report)).toEqual(verdicts(cloud.report));
    // Test results from the builds' test runs, the server having no summary by build.
    expect(onPremises.report.deployments.map((d) => d.tests)).toEqual(cloud.report.deployments.map((d) => d.tests));
    // Environments through the routes the server has; nothing refused more than once per route.
    const paths = server2022.requests.map((entry) => entry.path);
    expect(paths.some((p) => /distributedtask\/environments/.test(p))).toBe(true);
    expect(paths.some((p) => /_apis\/test\/runs/.test(p))).toBe(true);
    const refused = server2022.requests.filter((entry) => entry.status === 400).length;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(12);
  });
});
