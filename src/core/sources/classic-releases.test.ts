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

describe('the previous production deployment of a classic stage', () => {
  const previousOf = (found: Awaited<ReturnType<typeof findClassicDeployments>>) =>
    Object.fromEntries(
      found.map((candidate) => {
        const previous = candidate.origin.previous;
        return [candidate.evidence.key, previous && !('error' in previous) ? previous.deployment.key : previous];
      }),
    );
  const LOOKBACK = /release\/deployments\?.*deploymentStatus=succeeded/;

  it("is the latest success of the same definition's stage in the window's list, else one look-back list per stage", async () => {
    const earlier = { ...example().value[1], id: 20, startedOn: '2016-12-20T10:00:00Z', release: { ...example().value[1].release, id: 9 } };
    const { client, calls } = await scriptedClient([
      [LOOKBACK, (url) => ({ body: { count: 1, value: url.includes('definitionId=1&') ? [earlier] : [] } })],
      [/release\/deployments\?/, { body: example() }],
    ]);
    expect(previousOf(await findClassicDeployments(client, { window, isProduction }))).toEqual({
      'classic:79': null, // definition 38's PROD never succeeded within a year before
      'classic:64': 'classic:60',
      'classic:60': 'classic:56',
      'classic:56': 'classic:53',
      'classic:53': 'classic:20', // the first of the window: from the look-back
    });
    const lookbacks = calls.filter((call) => LOOKBACK.test(call.url)).map((call) => Object.fromEntries(new URL(call.url).searchParams));
    expect(lookbacks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ definitionId: '1', definitionEnvironmentId: '4', maxStartedTime: window.from.toISOString(), minStartedTime: '2016-01-02T00:00:00.000Z' }),
        expect.objectContaining({ definitionId: '38', definitionEnvironmentId: '43' }),
      ]),
    );
    expect(lookbacks).toHaveLength(2);
  });

  it('never pairs with a deployment of another stage that a server ignoring the filters answered', async () => {
    const otherStage = { ...example().value[2], id: 21, startedOn: '2016-12-20T10:00:00Z' }; // PPE
    const { client } = await scriptedClient([
      [LOOKBACK, { body: { count: 1, value: [otherStage] } }],
      [/release\/deployments\?/, { body: example() }],
    ]);
    expect(previousOf(await findClassicDeployments(client, { window, isProduction }))['classic:53']).toBeNull();
  });

  it('is unreadable, not absent, when the look-back list fails', async () => {
    const { client } = await scriptedClient([
      [LOOKBACK, { status: 500, body: { message: 'boom' } }],
      [/release\/deployments\?/, { body: example() }],
    ]);
    const found = await findClassicDeployments(client, { window, isProduction });
    const first = found.find((candidate) => candidate.evidence.key === 'classic:53')!;
    expect(first.origin.previous).toEqual({ error: expect.anything() });
  });
});

describe('classic deployments still waiting for approval or gates', () => {
  it('are left out and counted', async () => {
    const body = example();
    body.value[1] = { ...body.value[1], deploymentStatus: 'notDeployed', operationStatus: 'Pending' };
    body.value[5] = { ...body.value[5], deploymentStatus: 'inProgress', operationStatus: 'EvaluatingGates' };
    const { client } = await scriptedClient([[/release\/deployments\?/, { body }]]);
    let waiting = 0;
    const found = await findClassicDeployments(client, { window, isProduction, onWaiting: (count) => (waiting += count) });
    expect(found.map((candidate) => candidate.evidence.key)).toEqual(['classic:79', 'classic:56', 'classic:53']);
    expect(waiting).toBe(2);
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
