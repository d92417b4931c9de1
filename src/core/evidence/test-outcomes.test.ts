/**
 * The deployed build's test counts through the real parsing path (the transport, the client, the schema, the
 * source), with outcomes as the service names them and as numbers (TestOutcome of azure-devops-extension-api).
 */
import { scriptedClient } from '../../../test/support/client';
import { TestSource } from './tests';

/** The summary by build as Test Results answers it: one entry per outcome, keyed by the outcome. */
function summary(byOutcome: Record<string, number>, totalTests: number) {
  return {
    body: {
      aggregatedResultsAnalysis: {
        totalTests,
        resultsByOutcome: Object.fromEntries(Object.entries(byOutcome).map(([outcome, count]) => [outcome, { outcome, count, duration: '00:00:01' }])),
      },
    },
  };
}

async function countsFor(byOutcome: Record<string, number>, totalTests: number) {
  const { client } = await scriptedClient([[/resultsummarybybuild/, summary(byOutcome, totalTests)]]);
  return new TestSource(client).summary(42);
}

describe('TestSource.summary', () => {
  it('counts timed-out, aborted and errored tests as failed (outcome names)', async () => {
    expect(await countsFor({ Passed: 50, Timeout: 1 }, 51)).toEqual({ total: 51, passed: 50, failed: 1, other: 0 });
    expect(await countsFor({ Passed: 50, Aborted: 2 }, 52)).toEqual({ total: 52, passed: 50, failed: 2, other: 0 });
    expect(await countsFor({ Passed: 50, Error: 3 }, 53)).toEqual({ total: 53, passed: 50, failed: 3, other: 0 });
    expect(await countsFor({ Passed: 50, Failed: 4, NotExecuted: 5 }, 59)).toEqual({ total: 59, passed: 50, failed: 4, other: 5 });
  });

  it('reads outcomes sent as numbers: 2 passed, 3 failed, 5 timeout, 6 aborted, 10 error, the rest other', async () => {
    expect(await countsFor({ '2': 100 }, 100)).toEqual({ total: 100, passed: 100, failed: 0, other: 0 });
    expect(await countsFor({ '3': 7 }, 7)).toEqual({ total: 7, passed: 0, failed: 7, other: 0 });
    expect(await countsFor({ '2': 10, '5': 1, '6': 2, '10': 3 }, 16)).toEqual({ total: 16, passed: 10, failed: 6, other: 0 });
    // 4 inconclusive, 7 blocked, 8 not executed, 9 warning: neither passed nor failed.
    expect(await countsFor({ '2': 10, '4': 1, '7': 1, '8': 1, '9': 1 }, 14)).toEqual({ total: 14, passed: 10, failed: 0, other: 4 });
  });
});
