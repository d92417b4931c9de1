import { scriptedClient } from '../../../test/support/client';
import { parseDay } from '../engine/window';
import { findYamlDeployments, previousLookup, type Group } from './yaml-environments';

const window = { from: parseDay('2026-11-01'), to: parseDay('2026-12-01') };
const isProduction = (name: string) => name === 'Production';

/** An EnvironmentDeploymentExecutionRecord as the 7.2 spec describes it. */
function record(id: number, runId: number, job: string, start: string | null, extra: object = {}) {
  return {
    id,
    environmentId: 7,
    serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
    requestIdentifier: `req-${id}`,
    planType: 'Build',
    planId: `plan-${runId}`,
    stageName: 'Production',
    jobName: job,
    stageAttempt: 1,
    jobAttempt: 1,
    definition: { id: 12, name: 'shop-web', _links: {} },
    owner: { id: runId, name: `2026.${runId}`, _links: { web: { href: `https://dev.azure.com/contoso/Shop/_build/results?buildId=${runId}` } } },
    result: 'succeeded',
    queueTime: start,
    startTime: start,
    finishTime: start && new Date(Date.parse(start) + 60_000).toISOString(),
    scopeId: 'project-guid',
    ...extra,
  };
}

const environments = { body: { count: 2, value: [{ id: 7, name: 'Production' }, { id: 8, name: 'Staging' }] } };

describe('findYamlDeployments', () => {
  it('makes one deployment of the jobs of one stage attempt, from its earliest start to its last finish', async () => {
    const { client, calls } = await scriptedClient([
      [/environments\?/, environments],
      [
        /environments\/7\/environmentdeploymentrecords/,
        { body: { count: 3, value: [record(3, 100, 'Smoke', '2026-11-02T10:05:00Z'), record(2, 100, 'Deploy', '2026-11-02T10:00:00Z'), record(1, 99, 'Deploy', '2026-10-30T10:00:00Z')] } },
      ],
    ]);
    const found = await findYamlDeployments(client, { window, isProduction });
    expect(found.map((candidate) => candidate.evidence)).toEqual([
      expect.objectContaining({
        key: 'yaml:7:100:Production:1',
        environment: 'Production',
        pipeline: { id: 12, name: 'shop-web' },
        runId: 100,
        startedAt: '2026-11-02T10:00:00.000Z',
        finishedAt: '2026-11-02T10:06:00.000Z',
        result: 'succeeded',
        url: 'https://dev.azure.com/contoso/Shop/_build/results?buildId=100',
      }),
    ]);
    // Staging is not production: its records are never asked for.
    expect(calls.some((call) => call.url.includes('environments/8/'))).toBe(false);
  });

  it('follows the continuation token and stops once a whole page was queued long before the window', async () => {
    const old = (id: number) => record(id, id, 'Deploy', '2026-08-01T00:00:00Z');
    const { client, calls } = await scriptedClient([
      [/environments\?/, environments],
      [/records\?.*continuationToken=B/, { body: { value: [old(4), old(3)] }, headers: { 'x-ms-continuationtoken': 'C' } }],
      [/records\?.*continuationToken=C/, { body: { value: [old(2), old(1)] } }],
      [/records\?/, { body: { value: [record(6, 60, 'Deploy', '2026-11-03T00:00:00Z'), record(5, 50, 'Deploy', '2026-10-20T00:00:00Z')] }, headers: { 'x-ms-continuationtoken': 'B' } }],
    ]);
    const found = await findYamlDeployments(client, { window, isProduction });
    expect(found.map((candidate) => candidate.evidence.runId)).toEqual([60]);
    expect(calls.filter((call) => call.url.includes('records'))).toHaveLength(2);
  });

  it('keeps a stage that waited weeks for approval: queued before the window, started in it', async () => {
    const waited = record(5, 50, 'Deploy', '2026-11-01T08:00:00Z', { queueTime: '2026-10-10T08:00:00Z' });
    const { client } = await scriptedClient([
      [/environments\?/, environments],
      [/records\?/, { body: { value: [waited] } }],
    ]);
    expect((await findYamlDeployments(client, { window, isProduction })).map((c) => c.evidence.runId)).toEqual([50]);
  });

  it('leaves out stages whose jobs never started, and marks unfinished ones in progress', async () => {
    const { client } = await scriptedClient([
      [/environments\?/, environments],
      [
        /records\?/,
        {
          body: {
            value: [
              record(3, 70, 'Deploy', '2026-11-04T00:00:00Z', { finishTime: null, result: null }),
              record(2, 60, 'Deploy', null, { result: 'skipped' }),
            ],
          },
        },
      ],
    ]);
    const found = await findYamlDeployments(client, { window, isProduction });
    expect(found.map((c) => [c.evidence.runId, c.evidence.result, c.evidence.finishedAt])).toEqual([[70, 'inProgress', null]]);
  });

  it('reads every page when the service lists oldest first', async () => {
    const { client, calls } = await scriptedClient([
      [/environments\?/, environments],
      [/records\?.*continuationToken=B/, { body: { value: [record(3, 30, 'Deploy', '2026-11-05T00:00:00Z')] } }],
      [/records\?/, { body: { value: [record(1, 10, 'Deploy', '2026-07-01T00:00:00Z'), record(2, 20, 'Deploy', '2026-07-02T00:00:00Z')] }, headers: { 'x-ms-continuationtoken': 'B' } }],
    ]);
    expect((await findYamlDeployments(client, { window, isProduction })).map((c) => c.evidence.runId)).toEqual([30]);
    expect(calls.filter((call) => call.url.includes('records'))).toHaveLength(2);
  });

  describe('the previous production deployment', () => {
    const previousOf = (found: Awaited<ReturnType<typeof findYamlDeployments>>) =>
      Object.fromEntries(
        found.map((candidate) => {
          const previous = candidate.origin.previous;
          return [candidate.evidence.key, previous && !('error' in previous) ? previous.deployment.key : previous];
        }),
      );

    it('is the latest successful one of the same pipeline that started before, skipping failures and other pipelines', async () => {
      const { client } = await scriptedClient([
        [/environments\?/, environments],
        [
          /records\?/,
          {
            body: {
              value: [
                record(6, 60, 'Deploy', '2026-11-10T00:00:00Z'),
                record(5, 55, 'Deploy', '2026-11-08T00:00:00Z', { definition: { id: 13, name: 'shop-api', _links: {} } }),
                record(4, 50, 'Deploy', '2026-11-05T00:00:00Z', { result: 'failed' }),
                record(3, 40, 'Smoke', '2026-11-02T00:05:00Z', { result: 'succeededWithIssues' }),
                record(2, 40, 'Deploy', '2026-11-02T00:00:00Z'),
                record(1, 30, 'Deploy', '2026-10-20T00:00:00Z'),
              ],
            },
          },
        ],
      ]);
      expect(previousOf(await findYamlDeployments(client, { window, isProduction }))).toEqual({
        // Run 50 failed and run 40 only partly succeeded: run 30 is the last good one, before the window.
        'yaml:7:60:Production:1': 'yaml:7:30:Production:1',
        'yaml:7:55:Production:1': null,
        'yaml:7:50:Production:1': 'yaml:7:30:Production:1',
        'yaml:7:40:Production:1': 'yaml:7:30:Production:1',
      });
    });

    it('of a stage re-run after a successful attempt is that attempt: a redeploy', async () => {
      const { client } = await scriptedClient([
        [/environments\?/, environments],
        [/records\?/, { body: { value: [record(2, 40, 'Deploy', '2026-11-03T00:00:00Z', { stageAttempt: 2 }), record(1, 40, 'Deploy', '2026-11-02T00:00:00Z')] } }],
      ]);
      expect(previousOf(await findYamlDeployments(client, { window, isProduction }))['yaml:7:40:Production:2']).toBe('yaml:7:40:Production:1');
    });

    it('is looked for page after page before the window, up to a year, and no further', async () => {
      const { client, calls } = await scriptedClient([
        [/environments\?/, environments],
        [/records\?.*continuationToken=C/, { body: { value: [record(2, 20, 'Deploy', '2026-03-01T00:00:00Z')] }, headers: { 'x-ms-continuationtoken': 'D' } }],
        [/records\?.*continuationToken=D/, { body: { value: [record(1, 10, 'Deploy', '2025-06-01T00:00:00Z')] }, headers: { 'x-ms-continuationtoken': 'E' } }],
        [/records\?.*continuationToken=E/, { body: { value: [record(0, 5, 'Deploy', '2025-05-01T00:00:00Z')] } }],
        [/records\?.*continuationToken=B/, { body: { value: [record(3, 30, 'Deploy', '2026-09-01T00:00:00Z', { result: 'failed' })] }, headers: { 'x-ms-continuationtoken': 'C' } }],
        [/records\?/, { body: { value: [record(4, 40, 'Deploy', '2026-11-05T00:00:00Z')] }, headers: { 'x-ms-continuationtoken': 'B' } }],
      ]);
      const found = await findYamlDeployments(client, { window, isProduction });
      expect(previousOf(found)).toEqual({ 'yaml:7:40:Production:1': 'yaml:7:20:Production:1' });
      // Run 20 is 8 months old; the page after it, queued over a month before it, ends the search (a stage queued
      // earlier could have waited for approval and started later); the one after that is not read.
      expect(calls.filter((call) => call.url.includes('records'))).toHaveLength(4);
    });

    it('is none when the pipeline last succeeded more than a year before the window', async () => {
      const { client } = await scriptedClient([
        [/environments\?/, environments],
        [/records\?/, { body: { value: [record(4, 40, 'Deploy', '2026-11-05T00:00:00Z'), record(1, 10, 'Deploy', '2025-09-01T00:00:00Z')] } }],
      ]);
      expect(previousOf(await findYamlDeployments(client, { window, isProduction }))).toEqual({ 'yaml:7:40:Production:1': null });
    });
  });

  it('reads environments through the routes the read-only Build scope allows, and falls back on a server without them', async () => {
    const { client, calls } = await scriptedClient([
      [/pipelines\/environments/, { status: 404, body: { message: 'The controller for path was not found', typeKey: 'HttpException' } }],
      [/distributedtask\/environments\?/, environments],
      [/distributedtask\/environments\/7\/environmentdeploymentrecords/, { body: { value: [record(1, 10, 'Deploy', '2026-11-05T00:00:00Z')] } }],
    ]);
    expect((await findYamlDeployments(client, { window, isProduction })).map((c) => c.evidence.runId)).toEqual([10]);
    expect(calls.map((call) => new URL(call.url).pathname.replace('/contoso/Shop/_apis/', '') + ' ' + new URL(call.url).searchParams.get('api-version')).slice(1)).toEqual([
      'pipelines/environments 7.2-preview.1',
      'distributedtask/environments 7.1',
      'distributedtask/environments/7/environmentdeploymentrecords 7.1',
    ]);
  });

  it('asks Azure DevOps Services for the records through the same read-only route', async () => {
    const { client, calls } = await scriptedClient([
      [/pipelines\/environments\?/, environments],
      [/pipelines\/environments\/7\/environmentdeploymentrecords/, { body: { value: [record(1, 10, 'Deploy', '2026-11-05T00:00:00Z')] } }],
    ]);
    await findYamlDeployments(client, { window, isProduction });
    expect(calls.some((call) => call.url.includes('distributedtask'))).toBe(false);
  });
});

describe('the previous deployment lookup', () => {
  it('finds what a scan of every deployment finds: the latest success of the pipeline before, ties by key, within the look-back', () => {
    // A fixed pseudo-random history: three pipelines, equal start times, failures, runs without a start.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const groups: Group[] = Array.from({ length: 400 }, (_, i) => ({
      key: `${Math.floor(next() * 50)}:${i}`,
      jobs: [],
      definitionId: 1 + Math.floor(next() * 3),
      startedAt: next() < 0.05 ? null : new Date(Date.UTC(2026, 10, 1) + Math.floor(next() * 60) * 3_600_000).toISOString(),
      succeeded: next() < 0.8,
    }));
    const scan = (definitionId: number, before: number, oldest: number): Group | null => {
      let best: Group | null = null;
      for (const group of groups) {
        if (group.definitionId !== definitionId || !group.succeeded || group.startedAt === null) continue;
        const start = Date.parse(group.startedAt);
        if (start >= before || start < oldest) continue;
        if (!best || start > Date.parse(best.startedAt!) || (start === Date.parse(best.startedAt!) && group.key > best.key)) best = group;
      }
      return best;
    };
    const lookup = previousLookup(groups);
    let found = 0;
    for (const group of groups.filter((g) => g.startedAt)) {
      const before = Date.parse(group.startedAt!);
      for (const oldest of [before - 30 * 3_600_000, 0]) {
        const expected = scan(group.definitionId, before, oldest);
        expect(lookup(group.definitionId, before, oldest)).toBe(expected);
        if (expected) found++;
      }
    }
    expect(found).toBeGreaterThan(300);
    expect(lookup(99, Date.now(), 0)).toBeNull();
  });
});
