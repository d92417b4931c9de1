/** The deployed build's test results, from the Test Results service's summary by build. */
import type { AdoClient } from '../ado/client';
import { resultRetentionSchema, testResultSummarySchema } from '../ado/schemas';
import type { TestSummary } from '../model';
import { Memo } from './memo';

/** TestOutcome as numbers, for answers sent with enumsAsNumbers. */
const OUTCOMES: Record<string, string> = { '2': 'passed', '3': 'failed', '5': 'timeout', '6': 'aborted', '10': 'error' };
/** A test that timed out, aborted or errored did not pass: it counts as failed. */
const FAILED = new Set(['failed', 'timeout', 'aborted', 'error']);

export class TestSource {
  private readonly summaries = new Memo<number, TestSummary>();
  private readonly retention = new Memo<string, number | null>();

  constructor(private readonly client: AdoClient) {}

  /** The build's test results; `projectId` is the build's project (a classic release may deploy another's). */
  summary(buildId: number, projectId = ''): Promise<TestSummary> {
    return this.summaries.get(buildId, async () => {
      const project = projectId || this.client.project;
      const url = this.client.url('testResults', 'testresults/resultsummarybybuild', '7.1-preview.1', { buildId }, project);
      const summary = await this.client.get(url, testResultSummarySchema);
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
