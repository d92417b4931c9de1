/**
 * The project's test runs read in bulk ("Runs - Query": `GET {project}/_apis/test/runs?minLastUpdatedDate=
 * &maxLastUpdatedDate=`, at most 7 days apart, 100 runs a page), instead of one result summary per build. The weeks
 * are laid on a fixed grid, so every batch of an audit shares them, and each is read once.
 *
 * A run is last updated after its build was queued, so the weeks from a build's queue time to now hold all its runs.
 * The query's runs carry counts, not outcomes: it settles a build only when every result of its runs passed or was
 * not applicable (so none failed: nothing is left for a failed, timed-out, aborted or errored result), or when it has
 * no run; any other build, and every build of a project where the query cannot be read, is left to the per-build
 * summary, so the counts and verdicts are those the summary gives.
 *
 * The query shares its route with "Runs - List", which takes no dates (the OpenAPI files and Azure DevOps Server know
 * only the list). A server that answers the list instead, ignoring the dates, would make every build missing from its
 * page look untested. So the query is first asked for a day long before any run (once per project and audit): a server
 * that filters answers nothing, one that lists answers runs, and then each build asks for its own summary. A week
 * counts only when every run in it carries a last-updated date within the week.
 */
import type { AdoClient } from '../ado/client';
import { list, queriedTestRunSchema } from '../ado/schemas';
import type { TestSummary } from '../model';
import { Memo } from './memo';

const WEEK = 7 * 86_400_000;
/** Runs per page: the query's limit. */
const RUNS_PER_PAGE = 100;
/** Further back than this (a build queued over a year ago), the summary of that one build is cheaper. */
const MAX_WEEKS = 53;
/** A day before Azure DevOps kept test runs: a server that filters by date has none in it. */
const PROBE = { minLastUpdatedDate: '2000-01-01T00:00:00.000Z', maxLastUpdatedDate: '2000-01-02T00:00:00.000Z' };

interface RunCounts {
  id: number;
  total: number | null;
  passed: number | null;
  notApplicable: number;
}

export class TestRunIndex {
  /** Runs by build id, per project and week; null when that week could not be read. */
  private readonly weeks = new Memo<string, Map<number, RunCounts[]> | null>();
  /** Per project: whether the server filters runs by date (the query), rather than ignoring the dates (the list). */
  private readonly filtering = new Memo<string, boolean>();

  constructor(
    private readonly client: AdoClient,
    private readonly now: () => Date,
  ) {}

  /**
   * The build's test results when its runs settle them (every result passed or not applicable, or no run at all);
   * null when the per-build summary must say (a result of another outcome, counts missing, a week not read).
   */
  async summary(buildId: number, queuedAt: string | null, projectId: string): Promise<TestSummary | null> {
    const queued = queuedAt ? Date.parse(queuedAt) : Number.NaN;
    if (Number.isNaN(queued)) return null;
    const first = Math.floor(queued / WEEK);
    const last = Math.floor(this.now().getTime() / WEEK);
    if (last - first + 1 > MAX_WEEKS || last < first) return null;
    const project = projectId || this.client.project;
    const weeks = [];
    for (let week = first; week <= last; week++) weeks.push(this.week(project, week));
    const runs = new Map<number, RunCounts>();
    for (const found of await Promise.all(weeks)) {
      if (!found) return null;
      for (const run of found.get(buildId) ?? []) runs.set(run.id, run);
    }
    return settle([...runs.values()]);
  }

  private week(project: string, week: number): Promise<Map<number, RunCounts[]> | null> {
    return this.weeks.get(`${project.toLowerCase()}|${week}`, async () => {
      if (!(await this.filtersByDate(project))) return null;
      // Exactly 7 days: the next week starts where this one ends, so a run on the boundary is listed by both
      // (whether the service counts the ends in or out) and kept once.
      const [from, to] = [week * WEEK, (week + 1) * WEEK];
      const dates = { minLastUpdatedDate: new Date(from).toISOString(), maxLastUpdatedDate: new Date(to).toISOString() };
      const url = this.client.url('core', 'test/runs', '7.1', { ...dates, $top: RUNS_PER_PAGE }, project);
      const byBuild = new Map<number, RunCounts[]>();
      try {
        for await (const page of this.client.pages(url, queriedTestRunSchema)) {
          for (const run of page) {
            const updated = run.lastUpdatedDate ? Date.parse(run.lastUpdatedDate) : Number.NaN;
            // Not shown to be filtered by date (the runs list answered, or a run without its date): which builds have
            // runs this week is not known.
            if (!(updated >= from && updated <= to)) return null;
            const buildId = Number(run.build?.id);
            if (!Number.isInteger(buildId) || buildId <= 0) {
              // A manual run belongs to no build. An automated run without its build cannot be placed: which build
              // it tested is unknown, so no build of this week can be said to have none.
              if (run.isAutomated === false) continue;
              return null;
            }
            const runs = byBuild.get(buildId) ?? [];
            runs.push({ id: run.id, total: run.totalTests ?? null, passed: run.passedTests ?? null, notApplicable: run.notApplicableTests ?? 0 });
            byBuild.set(buildId, runs);
          }
        }
      } catch {
        // A server without the query, or a failure: each build asks for its own summary, which says what went wrong.
        return null;
      }
      return byBuild;
    });
  }

  private filtersByDate(project: string): Promise<boolean> {
    return this.filtering.get(project.toLowerCase(), async () => {
      try {
        const runs = await this.client.get(this.client.url('core', 'test/runs', '7.1', { ...PROBE, $top: 1 }, project), list(queriedTestRunSchema));
        return runs.length === 0;
      } catch {
        return false;
      }
    });
  }
}

/** The summary that runs' counts prove, or null when only outcomes could tell failed from other results. */
export function settle(runs: RunCounts[]): TestSummary | null {
  let total = 0;
  let passed = 0;
  for (const run of runs) {
    if (run.total === null || run.passed === null || run.passed + run.notApplicable !== run.total) return null;
    total += run.total;
    passed += run.passed;
  }
  return { total, passed, failed: 0, other: total - passed };
}
