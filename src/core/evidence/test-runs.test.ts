/**
 * Test results from the project's runs listed by week: a build whose runs all passed (or that has none) is settled
 * without its summary; anything the counts cannot tell (a test that did not pass, counts missing, an automated run
 * without its build, a server without the query) is left to the per-build summary, so the results are the summary's.
 */
import { scriptedClient } from '../../../test/support/client';
import type { Route } from '../../../test/support/fake-fetch';
import { exampleBody } from '../../../test/support/samples';
import { TestSource } from './tests';

const NOW = new Date('2026-11-30T00:00:00Z');
const QUEUED = '2026-11-20T10:00:00Z';
/** When the build's runs were last updated: an hour after it was queued. */
const UPDATED = new Date(Date.parse(QUEUED) + 3_600_000).toISOString();

function runsQuery(runs: unknown[]): Route {
  return [/\/_apis\/test\/runs\?minLastUpdatedDate/, (url) => {
    const query = new URL(url).searchParams;
    const min = Date.parse(query.get('minLastUpdatedDate')!);
    const max = Date.parse(query.get('maxLastUpdatedDate')!);
    if (max - min > 7 * 86_400_000) return { status: 400, body: { message: 'at most 7 days' } };
    // Every run in the week the build ran; the other weeks are empty.
    const holds = min <= Date.parse(UPDATED) && Date.parse(UPDATED) <= max;
    return { body: { count: holds ? runs.length : 0, value: holds ? runs : [] } };
  }];
}

const summary: Route = [/resultsummarybybuild/, { body: { aggregatedResultsAnalysis: { totalTests: 9, resultsByOutcome: { Passed: { count: 8 }, Failed: { count: 1 } } } } }];

async function source(routes: Route[]) {
  const { client, calls } = await scriptedClient(routes);
  return { tests: new TestSource(client, { now: () => NOW }), calls };
}

const run = (id: number, buildId: number | null, total: number | null, passed: number | null, isAutomated = true, notApplicable = 0) => ({
  id,
  isAutomated,
  lastUpdatedDate: UPDATED,
  notApplicableTests: notApplicable,
  ...(buildId === null ? {} : { build: { id: String(buildId) } }),
  ...(total === null ? {} : { totalTests: total }),
  ...(passed === null ? {} : { passedTests: passed }),
});

describe('TestSource with the runs query', () => {
  it('settles a build whose runs all passed, and one without runs, from the weeks since it was queued; each week read once', async () => {
    const { tests, calls } = await source([runsQuery([run(1, 42, 10, 10), run(2, 42, 5, 5), run(3, 43, 4, 3), run(4, null, 2, 2, false)]), summary]);
    expect(await tests.summary(42, '', QUEUED)).toEqual({ total: 15, passed: 15, failed: 0, other: 0 });
    expect(await tests.summary(44, '', QUEUED)).toEqual({ total: 0, passed: 0, failed: 0, other: 0 });
    const weeks = calls.filter((call) => call.url.includes('minLastUpdatedDate'));
    expect(weeks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(weeks.map((call) => call.url)).size).toBe(weeks.length);
    expect(calls.some((call) => call.url.includes('resultsummarybybuild'))).toBe(false);
    for (const call of weeks) {
      const query = new URL(call.url).searchParams;
      expect(Date.parse(query.get('maxLastUpdatedDate')!) - Date.parse(query.get('minLastUpdatedDate')!)).toBeLessThanOrEqual(7 * 86_400_000);
    }
  });

  it('counts not applicable results as other: with the passed ones they leave no room for a failed one', async () => {
    const { tests, calls } = await source([runsQuery([run(1, 42, 12, 9, true, 3)]), summary]);
    expect(await tests.summary(42, '', QUEUED)).toEqual({ total: 12, passed: 9, failed: 0, other: 3 });
    expect(calls.some((call) => call.url.includes('resultsummarybybuild'))).toBe(false);
  });

  it('asks for the summary of a build with a result neither passed nor not applicable: only outcomes tell failed from other', async () => {
    const { tests, calls } = await source([runsQuery([run(3, 43, 4, 3)]), summary]);
    expect(await tests.summary(43, '', QUEUED)).toEqual({ total: 9, passed: 8, failed: 1, other: 0 });
    expect(calls.filter((call) => call.url.includes('resultsummarybybuild'))).toHaveLength(1);
  });

  it('asks for the summary when the counts are missing or an automated run does not name its build', async () => {
    for (const runs of [[run(1, 42, null, null)], [run(1, 42, 10, 10), run(2, null, 3, 3)]]) {
      const { tests } = await source([runsQuery(runs), summary]);
      expect(await tests.summary(42, '', QUEUED)).toEqual({ total: 9, passed: 8, failed: 1, other: 0 });
    }
  });

  it('asks for the summary when the server answered the runs list instead, ignoring the dates', async () => {
    // Microsoft's "Runs - List" example as the answer to every week: runs of 2014, no build, no counts, all manual.
    const listed = exampleBody('test__runs__GET__test__projectName__runs.json');
    const { tests } = await source([[/\/_apis\/test\/runs\?minLastUpdatedDate/, { body: listed }], summary]);
    expect(await tests.summary(42, '', QUEUED)).toEqual({ total: 9, passed: 8, failed: 1, other: 0 });
    // The same runs dated this week, but one of them from another week, or one without its date.
    for (const stray of [{ ...run(2, 42, 5, 5), lastUpdatedDate: '2026-01-05T00:00:00Z' }, { ...run(2, 42, 5, 5), lastUpdatedDate: undefined }]) {
      const { tests: other } = await source([runsQuery([run(1, 42, 10, 10), stray]), summary]);
      expect(await other.summary(42, '', QUEUED)).toEqual({ total: 9, passed: 8, failed: 1, other: 0 });
    }
  });

  it('asks for the summary when the server ignores the dates, even where every run it lists is from this week', async () => {
    // A list cut off at $top whose runs all fall in the build's week: only a day long before any run tells it apart.
    const page = Array.from({ length: 100 }, (_, i) => run(i + 1, 1000 + i, 1, 1));
    const { tests, calls } = await source([[/\/_apis\/test\/runs\?minLastUpdatedDate/, { body: { count: 100, value: page } }], summary]);
    expect(await tests.summary(42, '', QUEUED)).toEqual({ total: 9, passed: 8, failed: 1, other: 0 });
    expect(calls.filter((call) => call.url.includes('minLastUpdatedDate=2000-'))).toHaveLength(1);
    // A server that filters answers that day with nothing, and a full week of 100 runs settles.
    const { tests: filtering } = await source([runsQuery(page), summary]);
    expect(await filtering.summary(42, '', QUEUED)).toEqual({ total: 0, passed: 0, failed: 0, other: 0 });
    expect(await filtering.summary(1000, '', QUEUED)).toEqual({ total: 1, passed: 1, failed: 0, other: 0 });
  });

  it('asks for the summary on a server without the query, and without a queue time', async () => {
    const { tests, calls } = await source([[/minLastUpdatedDate/, { status: 404, body: { message: 'not found' } }], summary]);
    expect(await tests.summary(42, '', QUEUED)).toEqual({ total: 9, passed: 8, failed: 1, other: 0 });
    const { tests: undated } = await source([runsQuery([run(1, 42, 10, 10)]), summary]);
    expect(await undated.summary(42, '', null)).toEqual({ total: 9, passed: 8, failed: 1, other: 0 });
    expect(calls.filter((call) => call.url.includes('resultsummarybybuild'))).toHaveLength(1);
  });

  it('never queries without bulk (the baseline): one summary per build', async () => {
    const { client, calls } = await scriptedClient([runsQuery([run(1, 42, 10, 10)]), summary]);
    expect(await new TestSource(client, { bulk: false }).summary(42, '', QUEUED)).toEqual({ total: 9, passed: 8, failed: 1, other: 0 });
    expect(calls.some((call) => call.url.includes('minLastUpdatedDate'))).toBe(false);
  });
});
