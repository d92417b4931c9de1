import { exampleBody, sample } from '../../../test/support/samples';
import { scriptedClient } from '../../../test/support/client';
import { releaseDeploymentSchema, type ReleaseArtifact } from '../ado/schemas';
import { parseDay } from '../engine/window';
import { findClassicDeployments, primaryBuild, windowParts } from './classic-releases';

const window = { from: parseDay('2017-01-01'), to: parseDay('2018-01-01') };
const isProduction = (name: string) => name === 'PROD';
const example = () => exampleBody('release__deployments__GET__ListDeployments.json');

describe('findClassicDeployments on Microsoft\'s example list', () => {
  it('keeps every production deployment that ran, the failed one too', async () => {
    const { client, calls } = await scriptedClient([[/release\/deployments\?/, { body: example() }]]);
    const found = await findClassicDeployments(client, { window, isProduction });
    expect(found.map((candidate) => [candidate.evidence.key, candidate.evidence.result])).toEqual([
      ['classic:79', 'notDeployed'], // PhaseFailed: it ran, and failed
      ['classic:64', 'succeeded'],
      ['classic:60', 'succeeded'],
      ['classic:56', 'succeeded'],
      ['classic:53', 'succeeded'],
    ]);
    expect(calls[1].url).toContain('minStartedTime=2017-01-01T00');
    expect(found[0].evidence.approvals[0]).toMatchObject({ status: 'approved', automated: false, approver: { displayName: 'Chuck Reinhart' } });
    expect(found[1].evidence.approvals[0]).toMatchObject({ status: 'approved', automated: true });
  });

  it('leaves out a deployment rejected at approval: it never ran', async () => {
    const body = example();
    body.value[0].operationStatus = 'Rejected';
    const { client } = await scriptedClient([[/release\/deployments\?/, { body }]]);
    const found = await findClassicDeployments(client, { window, isProduction });
    expect(found.map((candidate) => candidate.evidence.key)).not.toContain('classic:79');
  });

  it('refuses a list whose continuation token comes back: the rest cannot be read', async () => {
    const { client } = await scriptedClient([[/release\/deployments\?/, { body: example(), headers: { 'x-ms-continuationtoken': '40' } }]]);
    await expect(findClassicDeployments(client, { window, isProduction })).rejects.toThrow('came back twice');
  });
});

describe('the build a classic deployment shipped, from the deployments list', () => {
  it("takes the primary build the deployment's release names, and leaves it unknown when its artifacts are empty", async () => {
    const { client } = await scriptedClient([[/release\/deployments\?/, { body: example() }]], 'MyFirstProject');
    const found = await findClassicDeployments(client, { window, isProduction });
    expect(found.map((candidate) => [candidate.evidence.key, candidate.origin.kind === 'classic' && candidate.origin.build])).toEqual([
      ['classic:79', undefined], // release 55: artifacts []
      ['classic:64', { id: 2, projectId: null }], // release 20
      ['classic:60', { id: 2, projectId: null }], // release 15
      ['classic:56', undefined],
      ['classic:53', undefined],
    ]);
  });
});

describe('a long list of classic deployments', () => {
  const DAY = 86_400_000;

  it('cuts the window into overlapping parts that cover it', () => {
    const parts = windowParts(window, 8);
    expect(parts).toHaveLength(8);
    expect(parts[0].from).toEqual(window.from);
    expect(parts[7].to).toEqual(window.to);
    for (let i = 1; i < parts.length; i++) {
      // Each part starts a second before the previous one ends: a deployment on the boundary is in both.
      expect(parts[i - 1].to.getTime() - parts[i].from.getTime()).toBe(2000);
    }
    expect(windowParts(window, 40)).toHaveLength(8);
    expect(windowParts(window, 1)).toEqual([window]);
    const day = { from: window.from, to: new Date(window.from.getTime() + DAY) };
    expect(windowParts(day, 0)).toEqual([day]);
  });

  it('is read in one request when it fits a page', async () => {
    const { client, calls } = await scriptedClient([[/release\/deployments\?/, { body: example() }]]);
    await findClassicDeployments(client, { window, isProduction });
    expect(calls.filter((call) => /release\/deployments\?/.test(call.url))).toHaveLength(1);
  });

  it('is listed in parts at once when the first page says there is more, each deployment kept once', async () => {
    const { client, calls } = await scriptedClient([
      [/release\/deployments\?.*continuationToken=/, { body: { count: 0, value: [] } }],
      [/release\/deployments\?/, { body: example(), headers: { 'x-ms-continuationtoken': '40' } }],
    ]);
    const found = await findClassicDeployments(client, { window, isProduction });
    const firstPages = calls.filter((call) => /release\/deployments\?/.test(call.url) && !/continuationToken=/.test(call.url));
    // The probe of the whole window, then its parts (the example's newest page covers a small share of the year).
    expect(firstPages.length).toBeGreaterThan(2);
    expect(new URL(firstPages[1].url).searchParams.get('minStartedTime')).toBe(window.from.toISOString());
    expect(new URL(firstPages.at(-1)!.url).searchParams.get('maxStartedTime')).toBe(window.to.toISOString());
    expect(found.map((candidate) => candidate.evidence.key)).toEqual(['classic:79', 'classic:64', 'classic:60', 'classic:56', 'classic:53']);
  });
});

describe('primaryBuild', () => {
  type Options = { isPrimary?: boolean; project?: { id: string; name: string } };
  const artifact = (type: string, version: string | null, { isPrimary, project }: Options = {}): ReleaseArtifact => ({
    type,
    alias: `_${type}`,
    isPrimary: isPrimary ?? null,
    definitionReference: { version: version === null ? null : { id: version, name: version }, ...(project ? { project } : {}) },
  });
  const shop = { id: 'p-shop', name: 'Shop' };

  it('takes the primary Build artifact, else the first Build artifact, and ignores other kinds', () => {
    const primary = [artifact('Git', '9', { isPrimary: true }), artifact('Build', '7'), artifact('Build', '8', { isPrimary: true })];
    expect(primaryBuild(primary, 'Shop')).toEqual({ id: 8, projectId: null });
    const first = [artifact('GitHub', '9', { isPrimary: true }), artifact('build', '7'), artifact('Build', '8')];
    expect(primaryBuild(first, 'Shop')).toEqual({ id: 7, projectId: null });
  });

  it('is null when no Build artifact has a version id', () => {
    expect(primaryBuild([], 'Shop')).toBeNull();
    expect(primaryBuild([artifact('Git', '9')], 'Shop')).toBeNull();
    expect(primaryBuild([artifact('Build', null)], 'Shop')).toBeNull();
    expect(primaryBuild([artifact('Build', 'latest')], 'Shop')).toBeNull();
  });

  it("names the build's project only when it is not the audited one, known by name or by id", () => {
    expect(primaryBuild([artifact('Build', '7', { project: shop })], 'shop')).toEqual({ id: 7, projectId: null });
    expect(primaryBuild([artifact('Build', '7', { project: shop })], 'p-shop')).toEqual({ id: 7, projectId: null });
    expect(primaryBuild([artifact('Build', '7', { project: { id: 'p-lib', name: 'Lib' } })], 'Shop')).toEqual({ id: 7, projectId: 'p-lib' });
  });

  it('finds the build of another project in a captured deployment', () => {
    const deployment = releaseDeploymentSchema.parse(sample('captured/Core__Rules.Tests__Assets__ReleaseDeployment__Completed__Approved.json').resource.deployment);
    expect(primaryBuild(deployment.release.artifacts, 'proeftuin')).toEqual({ id: 119755, projectId: 'f64ffdfa-0c4e-40d9-980d-bb8479366fc5' });
  });
});
