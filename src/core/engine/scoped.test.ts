import { startDemoServer, type DemoServer } from '../../../test/fake-ado/cli';
import { DEMO_TOKENS } from '../../../test/fake-ado/demo';
import { sampleOrganization, TOKENS } from '../../../test/fake-ado/sample-org';
import { startFakeAdo, type FakeAdo } from '../../../test/fake-ado/server';
import { AdoClient } from '../ado/client';
import { defaultPolicy } from '../policy';
import { patAuth } from '../transport/auth';
import { AdoHttp } from '../transport/http';
import { collectReleaseDeployments, collectRunDeployments } from './scoped';

let sample: ReturnType<typeof sampleOrganization>;
let ado: FakeAdo;
let client: AdoClient;

beforeAll(async () => {
  sample = sampleOrganization(30);
  ado = await startFakeAdo(sample.org, { maxPageSize: 10 });
  client = await AdoClient.connect(new AdoHttp({ auth: patAuth(TOKENS.good) }), ado.orgUrl, 'Shop');
});
afterAll(() => ado.close());

describe('the audit of one run', () => {
  it("finds the run's production deployments, each attempt of a re-run stage, with their evidence", async () => {
    const deployments = await collectRunDeployments({ client, policy: defaultPolicy(), runId: sample.rerun.id });
    expect(deployments.map((d) => d.key)).toEqual([1, 2].map((attempt) => `yaml:${sample.prod.id}:${sample.rerun.id}:Production:${attempt}`));
    expect(deployments[1].approvals.map((a) => a.approver.displayName)).toEqual(['Alice Director']);
    expect(deployments[1].pullRequests.map((pr) => pr.id)).toEqual([sample.bypassedPr.id]);
  });

  it('leaves out stages that are not production, and stops paging at the run', async () => {
    ado.resetLog();
    const deployments = await collectRunDeployments({ client, policy: defaultPolicy(), runId: sample.run.id });
    expect(deployments.map((d) => d.environment)).toEqual(['Production']);
    // 30 newer bulk runs' records come first; paging stops once records are older than the run.
    const pages = ado.count(/environmentdeploymentrecords/);
    expect(pages).toBeLessThan(Math.ceil((sample.org.deploymentRecords(sample.prod).length) / 10));
  });

  it('throws when the run is gone', async () => {
    await expect(collectRunDeployments({ client, policy: defaultPolicy(), runId: sample.deleted.id })).rejects.toMatchObject({ status: 404 });
  });
});

describe('the audit of one release', () => {
  it("finds the release's production deployment with its approvals and build", async () => {
    ado.resetLog();
    const deployments = await collectReleaseDeployments({ client, policy: defaultPolicy(), releaseId: sample.release.id });
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({ source: 'classic', environment: 'Prod', builds: [{ id: sample.ci.id }] });
    // The release is read once: it names its build, so the evidence needs no other look at it.
    expect(ado.requests.filter((request) => request.routeId?.startsWith('release.') && request.routeId !== 'release.deployments')).toHaveLength(1);
  });

  it('finds nothing for a release whose production approval was rejected', async () => {
    expect(await collectReleaseDeployments({ client, policy: defaultPolicy(), releaseId: sample.rejectedRelease.id })).toEqual([]);
  });
});

describe('the audit of an old release on a busy definition', () => {
  let demo: DemoServer;
  let demoClient: AdoClient;
  const NOW = new Date('2026-11-30T00:00:00Z');

  beforeAll(async () => {
    demo = await startDemoServer({ seed: 4, deployments: 600, months: 6, now: NOW, maxPageSize: 10 });
    demoClient = await AdoClient.connect(new AdoHttp({ auth: patAuth(DEMO_TOKENS.director) }), demo.orgUrl, demo.demo.project.name);
  });
  afterAll(() => demo.close());

  it('finds its deployment among those of the days it was active, not of every day since', async () => {
    const classic = demo.demo.truth.filter((truth) => truth.source === 'classic' && truth.result !== 'notDeployed');
    const oldest = classic.reduce((a, b) => (a.startedAt < b.startedAt ? a : b));
    demo.resetLog();
    const deployments = await collectReleaseDeployments({ client: demoClient, policy: defaultPolicy(), releaseId: oldest.releaseId! });
    expect(deployments.map((deployment) => deployment.key)).toEqual([`classic:${oldest.deploymentId}`]);
    // Six months of the definition's deployments take more than 10 pages of 10; the release's own days, a page or two.
    expect(classic.length * 2).toBeGreaterThan(100);
    expect(demo.count(/\/_apis\/release\/deployments/)).toBeLessThanOrEqual(2);
  });
});
