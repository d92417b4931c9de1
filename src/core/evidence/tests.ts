/**
 * The deployed build's test results, from the Test Results service's summary by build; on a server without it (Azure
 * DevOps Server 2022), from the build's test runs and their statistics by outcome.
 */
import type { AdoClient } from '../ado/client';
import { list, resultRetentionSchema, testResultSummarySchema, testRunSchema } from '../ado/schemas';
import type { TestSummary } from '../model';
import { AdoHttpError } from '../transport/errors';
import { Memo } from './memo';
import { TestRunIndex } from './test-runs';

const RUNS_PER_PAGE = 1000;

/** TestOutcome as numbers, for answers sent with enumsAsNumbers. */
const OUTCOMES: Record<string, string> = { '2': 'passed', '3': 'failed', '5': 'timeout', '6': 'aborted', '10': 'error' };
/** A test that timed out, aborted or errored did not pass: it counts as failed. */
const FAILED = new Set(['failed', 'timeout', 'aborted', 'error']);

export class TestSource {
  private readonly summaries = new Memo<number, TestSummary>();
  private readonly retention = new Memo<string, number | null>();

  private readonly runs: TestRunIndex | null;

  /**
   * `bulk`: read the project's test runs by week (test-runs.ts) before asking a build's summary. Up to the real now,
   * not the audit's: a run updated since is in the summary too.
   */
  constructor(
    private readonly client: AdoClient,
    options: { bulk?: boolean; now?: () => Date } = {},
  ) {
    this.runs = options.bulk === false ? null : new TestRunIndex(client, options.now ?? (() => new Date()));
  }

  /**
   * The build's test results; `projectId` is the build's project (a classic release may deploy another's). With its
   * queue time, the project's runs listed by week settle most builds; the others ask for their own summary.
   */
  summary(buildId: number, projectId = '', queuedAt: string | null = null): Promise<TestSummary> {
    return this.summaries.get(buildId, async () => {
      const project = projectId || this.client.project;
      const settled = this.runs && queuedAt ? await this.runs.summary(buildId, queuedAt, project) : null;
      if (settled) return settled;
      const url = this.client.url('testResults', 'testresults/resultsummarybybuild', '7.1-preview.1', { buildId }, project);
      let summary;
      try {
        summary = await this.client.get(url, testResultSummarySchema);
      } catch (error) {
        if (error instanceof AdoHttpError && error.status === 404 && error.typeKey !== 'BuildNotFoundException') return this.fromRuns(buildId, project);
        throw error;
      }
      const analysis = summary.aggregatedResultsAnalysis;
      let passed = 0;
      let failed = 0;
      for (const [outcome, entry] of Object.entries(analysis?.resultsByOutcome ?? {})) {
        const name = (OUTCOMES[outcome] ?? outcome).toLowerCase();
        if (name === 'passed') passed += entry?.count ?? 0;
        else if (FAILED.has(name)) failed += entry?.count ?? 0;
      }
      const total = Math.max(analysis?.totalTests ?? 0, passed + failed);
      return { total, passed, failed, other: total - passed - failed };
    });
  }

  /** The same counts from the build's test runs (`_apis/test/runs?buildUri=…&includeRunDetails=true`). */
  private async fromRuns(buildId: number, project: string): Promise<TestSummary> {
    const counts = { total: 0, passed: 0, failed: 0, other: 0 };
    for (let skip = 0; ; skip += RUNS_PER_PAGE) {
      const query = { buildUri: `vstfs:///Build/Build/${buildId}`, includeRunDetails: true, $top: RUNS_PER_PAGE, $skip: skip };
      const runs = await this.client.get(this.client.url('core', 'test/runs', '7.1', query, project), list(testRunSchema));
      for (const run of runs) {
        let counted = 0;
        for (const statistic of run.runStatistics) {
          const name = (OUTCOMES[statistic.outcome] ?? statistic.outcome).toLowerCase();
          if (name === 'passed') counts.passed += statistic.count;
          else if (FAILED.has(name)) counts.failed += statistic.count;
          else counts.other += statistic.count;
          counted += statistic.count;
        }
        // A run without statistics still says how many tests it had and how many passed.
        if (!run.runStatistics.length) {
          counts.passed += run.passedTests;
          counts.other += Math.max(0, run.totalTests - run.passedTests - run.unanalyzedTests);
          counts.failed += run.unanalyzedTests;
          counted = Math.max(run.totalTests, run.passedTests + run.unanalyzedTests);
        }
        counts.total += counted;
      }
      if (runs.length < RUNS_PER_PAGE) return counts;
    }
  }

  /** How many days the project keeps automated test results; null when it keeps them for ever. */
  retentionDays(projectId = ''): Promise<number | null> {
    const project = projectId || this.client.project;
    return this.retention.get(project.toLowerCase(), async () => {
      const settings = await this.client.get(this.client.url('core', 'test/resultretentionsettings', '7.1', {}, project), resultRetentionSchema);
      const days = settings.automatedResultsRetentionDuration;
      return days === null || days === undefined || days < 0 ? null : days;
    });
  }

  resultsUrl(buildId: number): string {
    return this.client.webUrl(`_build/results?buildId=${buildId}&view=ms.vss-test-web.build-test-results-tab`);
  }
}
