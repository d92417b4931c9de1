/** Which build each classic deployment shipped, and what finding it costs, against the fake server. */
import { FakeOrganization, type FakeBuild, type FakeRelease } from '../../../test/fake-ado/model';
import { startFakeAdo, type FakeAdo, type FakeAdoOptions } from '../../../test/fake-ado/server';
import { AdoClient } from '../ado/client';
import type { DeploymentEvidence } from '../model';
import { DEFAULT_PRODUCTION_ENVIRONMENTS, defaultPolicy } from '../policy';
import { patAuth } from '../transport/auth';
import { AdoHttp } from '../transport/http';
import { collectEvidence, patternMatches, unmatchedPatterns } from './collect';

const TOKEN = 'good-pat';
const window = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };

/** 120 releases, each of its own build, deployed to Prod; one more deleted after it deployed. */
function classicOrganization() {
  const org = new FakeOrganization('contoso');
  const dave = org.person('Dave Developer', 'dave@contoso.com');
  const alice = org.person('Alice Director', 'alice@contoso.com');
  org.token(TOKEN, { user: alice });
  const shop = org.project('Shop');
  const shipped = new Map<number, FakeBuild>();
  const release = (at: number, deleted = false): FakeRelease => {
    const ci = shop.ciBuild({ pipeline: { id: 3, name: 'shop-api-ci' }, requestedFor: dave, queuedAt: new Date(Date.UTC(2026, 10, 1, 0, at * 20)) });
    const released = shop.classicRelease({
      definition: { id: 5, name: 'shop-api' },
      artifactBuild: ci,
      requestedBy: dave,
      deleted,
      environments: [{ name: 'Prod', preDeployApprovals: [{ approver: alice, comments: 'Go' }] }],
    });
    shipped.set(released.id, ci);
    return released;
  };
  for (let i = 0; i < 120; i++) release(i);
  const gone = release(120, true);
  return { org, shipped, gone };
}

let world: ReturnType<typeof classicOrganization>;
beforeAll(() => {
  world = classicOrganization();
});

async function audit(options: FakeAdoOptions = {}, prepare: (ado: FakeAdo) => Promise<void> = async () => undefined) {
  const ado = await startFakeAdo(world.org, options);
  try {
    await prepare(ado);
    const client = await AdoClient.connect(new AdoHttp({ auth: patAuth(TOKEN) }), ado.orgUrl, 'Shop');
    ado.resetLog();
    const deployments = await collectEvidence({ client, policy: defaultPolicy(), window });
    const routes = (id: string) => ado.requests.filter((request) => request.routeId === id).length;
    return { deployments, lists: routes('release.list'), gets: routes('release.get') };
  } finally {
    await ado.close();
  }
}

const releaseOf = (deployment: DeploymentEvidence) => deployment.runId;
/** Every deployment of a release still there shows the build that release shipped. */
function expectEachShippedItsBuild(deployments: DeploymentEvidence[]) {
  const kept = deployments.filter((deployment) => releaseOf(deployment) !== world.gone.id);
  const shown = new Map(kept.map((deployment) => [releaseOf(deployment), deployment.builds.map((build) => build.id)]));
  const shipped = new Map([...world.shipped].filter(([release]) => release !== world.gone.id).map(([release, ci]) => [release, [ci.id]]));
  expect(shown).toEqual(shipped);
  expect(kept).toHaveLength(120);
}

describe('the build of a classic deployment', () => {
  it('comes from the deployments list when it names the release artifacts: no release is asked for', async () => {
    const { deployments, lists, gets } = await audit({ deploymentArtifactsInList: true });
    expectEachShippedItsBuild(deployments);
    expect({ lists, gets }).toEqual({ lists: 0, gets: 0 });
    // Its deployment named the build, so a release deleted since is no loss.
    const orphan = deployments.find((deployment) => releaseOf(deployment) === world.gone.id)!;
    expect(orphan.builds.map((build) => build.id)).toEqual([world.shipped.get(world.gone.id)!.id]);
  });

  it('is looked up by listing the releases, one request per 100, when the list leaves the artifacts empty', async () => {
    const { deployments, lists, gets } = await audit();
    expectEachShippedItsBuild(deployments);
    // 121 releases: two lists; the deleted one, not in them, is asked for on its own.
    expect({ lists, gets }).toEqual({ lists: 2, gets: 1 });
  });

  it('of a deleted release is an error on that deployment, as when each release was fetched', async () => {
    const { deployments } = await audit();
    const orphan = deployments.find((deployment) => releaseOf(deployment) === world.gone.id)!;
    const why = `release ${world.gone.id}: not found`;
    expect(orphan.builds).toEqual([]);
    // Everything that hangs off the build is unreadable for the same reason.
    expect(orphan.errors).toEqual(['build', 'pullRequests', 'changes', 'tests', 'workItems'].map((source) => ({ source, status: 404, message: why })));
  });

  it('is still right from a server that ignores releaseIdFilter: the releases it did not answer are asked for one by one', async () => {
    const { deployments, lists, gets } = await audit({}, async (ado) => {
      // Whatever is asked, the newest 50 releases with their artifacts.
      const newest = await fetch(`${ado.vsrmUrl}/Shop/_apis/release/releases?$expand=artifacts&api-version=7.1`, {
        headers: { Authorization: `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}` },
      }).then((response) => response.json());
      expect(newest.value).toHaveLength(50);
      ado.setFaults([{ path: /\/_apis\/release\/releases\?.*releaseIdFilter=/, status: 200, body: newest, times: Infinity }]);
    });
    expectEachShippedItsBuild(deployments);
    expect({ lists, gets }).toEqual({ lists: 2, gets: 121 - 50 });
  });
});

describe('what the production patterns matched', () => {
  it('lists the names each pattern matched, and warns of a pattern that matched none', () => {
    const patterns = patternMatches(['prod*', 'Live'], ['Production', 'Staging', 'Prod-EU', 'production']);
    expect(patterns).toEqual([
      { pattern: 'prod*', matched: ['Prod-EU', 'Production'] },
      { pattern: 'Live', matched: [] },
    ]);
    expect(unmatchedPatterns({ patterns, waiting: 0 })).toEqual(['Live']);
  });

  it('does not warn of the default patterns an organization does not spell its production with, unless none matched', () => {
    const some = patternMatches(DEFAULT_PRODUCTION_ENVIRONMENTS, ['Production', 'QA']);
    expect(unmatchedPatterns({ patterns: some, waiting: 0 })).toEqual([]);
    const none = patternMatches(DEFAULT_PRODUCTION_ENVIRONMENTS, ['Live', 'QA']);
    expect(unmatchedPatterns({ patterns: none, waiting: 0 })).toEqual(DEFAULT_PRODUCTION_ENVIRONMENTS);
  });
});
