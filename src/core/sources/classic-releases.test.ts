import { exampleBody, sample } from '../../../test/support/samples';
import { scriptedClient } from '../../../test/support/client';
import { releaseDeploymentSchema, type ReleaseArtifact } from '../ado/schemas';
import { parseDay } from '../engine/window';
import { findClassicDeployments, windowParts } from './classic-releases';

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
  it("takes the Build artifacts the deployment's release names, and leaves it unknown when its artifacts are empty", async () => {
    const { client } = await scriptedClient([[/release\/deployments\?/, { body: example() }]], 'MyFirstProject');
    const found = await findClassicDeployments(client, { window, isProduction });
    expect(found.map((candidate) => [candidate.evidence.key, candidate.origin.kind === 'classic' && candidate.origin.deployed.builds])).toEqual([
      ['classic:79', undefined], // release 55: artifacts []
      ['classic:64', [{ id: 2, projectId: null }]], // release 20
      ['classic:60', [{ id: 2, projectId: null }]], // release 15
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
    // The window's list, and no more of it (the stages' earlier deployments are other lists).
    expect(calls.filter((call) => /release\/deployments\?/.test(call.url) && !/deploymentStatus=/.test(call.url))).toHaveLength(1);
  });

  it('is listed in parts at once when the first page says there is more, each deployment kept once', async () => {
    const { client, calls } = await scriptedClient([
      [/release\/deployments\?.*continuationToken=/, { body: { count: 0, value: [] } }],
      [/release\/deployments\?/, { body: example(), headers: { 'x-ms-continuationtoken': '40' } }],
    ]);
    const found = await findClassicDeployments(client, { window, isProduction });
    const firstPages = calls.filter((call) => /release\/deployments\?/.test(call.url) && !/continuationToken=|deploymentStatus=/.test(call.url));
    // The probe of the whole window, then its parts (the example's newest page covers a small share of the year).
    expect(firstPages.length).toBeGreaterThan(2);
    expect(new URL(firstPages[1].url).searchParams.get('minStartedTime')).toBe(window.from.toISOString());
    expect(new URL(firstPages.at(-1)!.url).searchParams.get('maxStartedTime')).toBe(window.to.toISOString());
    expect(found.map((candidate) => candidate.evidence.key)).toEqual(['classic:79', 'classic:64', 'classic:60', 'classic:56', 'classic:53']);
  });
});
