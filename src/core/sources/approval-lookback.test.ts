/**
 * A YAML stage that waited weeks for approval: its deployment record was queued (and numbered) weeks before the
 * window, its jobs started inside it. The records are listed newest first by id, so reading must go on past pages
 * queued before the window, as far back as an approval may wait (30 days).
 */
import { scriptedClient } from '../../../test/support/client';
import type { Scripted } from '../../../test/support/fake-fetch';
import { parseDay } from '../engine/window';
import { findYamlDeployments } from './yaml-environments';

const window = { from: parseDay('2026-11-01'), to: parseDay('2026-12-01') };
const DAY = 86_400_000;
const before = (days: number, hours = 0) => new Date(window.from.getTime() - days * DAY + hours * 3_600_000).toISOString();

function record(id: number, runId: number, queueTime: string, startTime: string) {
  return {
    id,
    environmentId: 7,
    planType: 'Build',
    stageName: 'Production',
    jobName: 'Deploy',
    stageAttempt: 1,
    jobAttempt: 1,
    definition: { id: 12, name: 'shop-web' },
    owner: { id: runId, name: `run ${runId}` },
    result: 'succeeded',
    queueTime,
    startTime,
    finishTime: new Date(Date.parse(startTime) + 60_000).toISOString(),
  };
}

describe('findYamlDeployments: approvals that waited weeks', () => {
  it('finds a stage queued 25 days before the window that started in it, behind a page queued before the window', async () => {
    const pages = [
      [record(10, 100, '2026-11-20T08:00:00Z', '2026-11-20T08:05:00Z'), record(9, 90, '2026-11-10T08:00:00Z', '2026-11-10T08:05:00Z')],
      // Queued 10 days before the window: one started then, one waited and started in the window.
      [record(8, 80, before(10), before(10, 1)), record(7, 70, before(10, -2), '2026-11-03T09:00:00Z')],
      // Queued 25 days before the window, approved and started on 2 November.
      [record(6, 60, before(25), '2026-11-02T09:00:00Z'), record(5, 50, before(26), before(26, 1))],
      // Two months before: nothing here can be in the window.
      [record(4, 40, before(60), before(60, 1)), record(3, 30, before(61), before(61, 1))],
      [record(2, 20, before(90), before(90, 1))],
    ];
    const { client, calls } = await scriptedClient([
      [/environments\?/, { body: { value: [{ id: 7, name: 'Production' }] } }],
      [
        /environmentdeploymentrecords/,
        (url): Scripted => {
          const page = Number(new URL(url).searchParams.get('continuationToken') ?? '0');
          return { body: { value: pages[page] }, headers: page + 1 < pages.length ? { 'x-ms-continuationtoken': String(page + 1) } : undefined };
        },
      ],
    ]);
    const found = await findYamlDeployments(client, { window, isProduction: (name) => name === 'Production' });
    expect(found.map((candidate) => candidate.evidence.runId).sort((a, b) => a - b)).toEqual([60, 70, 90, 100]);
    // It stops at the first page queued more than the look-back before the window.
    expect(calls.filter((call) => call.url.includes('environmentdeploymentrecords'))).toHaveLength(4);
  });
});
