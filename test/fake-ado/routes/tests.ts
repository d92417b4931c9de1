/**
 * Test and Test Results: test runs of a build (main host) and the result summary of a build (vstmr host).
 */
import { Enums, Errors, type EnumSpec } from '../format';
import type { FakeBuild } from '../model';
import { templates, type Json } from '../samples';
import { caseInsensitive, fail, identityRef, intParam, iso, json, list, pageSize, projectRef, type Route, type RouteContext, type Reply, type Urls } from './common';

export const RESULT_SUMMARY_ENUMS: EnumSpec = {
  aggregatedResultsAnalysis: {
    resultsByOutcome: { '*': { outcome: Enums.TestOutcome } },
    runSummaryByState: { '*': { resultsByOutcome: { '*': { outcome: Enums.TestOutcome } } } },
  },
};

/** A .NET TimeSpan as the service writes durations: "00:01:23.4560000". */
function timeSpan(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const frac = String((total % 1000) * 10_000).padStart(7, '0');
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${frac}`;
}

function testTimes(build: FakeBuild): { start: Date; finish: Date; durationMs: number } {
  const tests = build.tests!;
  const total = tests.passed + tests.failed + (tests.other ?? 0);
  const durationMs = (tests.durationSeconds ?? Math.max(1, Math.round(total / 10))) * 1000;
  const buildStage = build.stages[0]?.latest;
  const finish = buildStage?.finishedAt ?? build.finishedAt ?? build.queuedAt;
  return { start: new Date(finish.getTime() - durationMs - 5000), finish: new Date(finish.getTime() - 5000), durationMs };
}

export function testRunJson(build: FakeBuild, urls: Urls): Json {
  const tests = build.tests!;
  const total = tests.passed + tests.failed + (tests.other ?? 0);
  const { start, finish } = testTimes(build);
  const runId = build.id * 10 + 1;
  const base = `${urls.org}/${build.project.id}`;
  const run = templates.testRun();
  Object.assign(run, {
    id: runId,
    name: `JUnit_TestResults_${build.id}`,
    url: `${base}/_apis/test/Runs/${runId}`,
    isAutomated: true,
    iteration: build.project.name,
    owner: identityRef(build.requestedFor, { ...urls }),
    project: { id: build.project.id, name: build.project.name, url: `${urls.org}/_apis/projects/${build.project.id}` },
    startedDate: iso(start),
    completedDate: iso(finish),
    state: 'Completed',
    plan: { id: '0' },
    postProcessState: 'Complete',
    dueDate: iso(finish),
    totalTests: total,
    passedTests: tests.passed,
    createdDate: iso(start),
    lastUpdatedDate: iso(finish),
    lastUpdatedBy: identityRef(build.requestedFor, urls),
    revision: 4,
    comment: null,
  });
  return Object.assign(run, {
    build: { id: String(build.id), name: build.buildNumber, url: `${base}/_apis/build/Builds/${build.id}` },
    incompleteTests: 0,
    notApplicableTests: tests.other ?? 0,
    unanalyzedTests: tests.failed,
    webAccessUrl: `${base}/_TestManagement/Runs?runId=${runId}&_a=runCharts`,
    pipelineReference: {
      pipelineId: build.id,
      stageReference: { stageName: build.stages[0]?.name ?? '__default', attempt: 1 },
      phaseReference: { phaseName: build.stages[0]?.latest.jobs[0]?.name ?? 'Job', attempt: 1 },
      jobReference: { jobName: '__default', attempt: 1 },
    },
    runStatistics: [
      { state: 'Completed', outcome: 'Passed', count: tests.passed },
      ...(tests.failed ? [{ state: 'Completed', outcome: 'Failed', count: tests.failed }] : []),
      ...(tests.other ? [{ state: 'Completed', outcome: 'NotExecuted', count: tests.other }] : []),
    ],
  });
}

export function resultSummaryJson(build: FakeBuild, urls: Urls): Json {
  const tests = build.testsPurged ? null : build.tests;
  const total = tests ? tests.passed + tests.failed + (tests.other ?? 0) : 0;
  const durationMs = tests ? testTimes(build).durationMs : 0;
  const byOutcome: Json = {};
  if (tests) {
    const part = (count: number) => timeSpan((durationMs * count) / Math.max(1, total));
    if (tests.passed) byOutcome.Passed = { outcome: 'passed', count: tests.passed, duration: part(tests.passed) };
    if (tests.failed) byOutcome.Failed = { outcome: 'failed', count: tests.failed, duration: part(tests.failed) };
    if (tests.other) byOutcome.NotExecuted = { outcome: 'notExecuted', count: tests.other, duration: part(tests.other) };
  }
  const runOutcome = tests ? (tests.failed ? 'failed' : 'passed') : null;
  return {
    aggregatedResultsAnalysis: {
      duration: timeSpan(durationMs),
      notReportedResultsByOutcome: {},
      previousContext: null,
      resultsByOutcome: byOutcome,
      resultsDifference: {
        increaseInTotalTests: 0,
        increaseInFailures: 0,
        increaseInNonImpactedTests: 0,
        increaseInOtherTests: 0,
        increaseInPassedTests: 0,
        increaseInDuration: '00:00:00',
      },
      runSummaryByOutcome: runOutcome
        ? { [runOutcome === 'passed' ? 'Passed' : 'Failed']: { outcome: runOutcome, runsCount: 1 } }
        : {},
      runSummaryByState: tests
        ? { Completed: { state: 'completed', runsCount: 1, resultsByOutcome: byOutcome } }
        : {},
      totalTests: total,
    },
    noConfigRunsCount: tests ? 1 : 0,
    teamProject: projectRef(build.project, urls),
    testFailures: {
      existingFailures: { count: 0, testResults: [] },
      fixedTests: { count: 0, testResults: [] },
      newFailures: { count: tests?.failed ?? 0, testResults: [] },
      previousContext: null,
    },
    testResultsContext: {
      contextType: 'build',
      build: {
        id: build.id,
        number: build.buildNumber,
        uri: build.uri,
        definitionId: build.pipeline.id,
        branchName: build.sourceBranch,
        repositoryId: build.repository.id,
      },
      pipelineReference: { pipelineId: build.id, stageReference: {}, phaseReference: {}, jobReference: {} },
    },
    totalRunsCount: tests ? 1 : 0,
  };
}

/** "Runs - Query": at most this many days between the two dates, ids per filter, runs per page. */
const QUERY_MAX_DAYS = 7;
const QUERY_MAX_IDS = 10;
const QUERY_MAX_TOP = 100;

/**
 * `GET {project}/_apis/test/runs?minLastUpdatedDate=&maxLastUpdatedDate=` ("Runs - Query", QueryTestRuns): the
 * project's runs last updated between the two dates (both mandatory, at most 7 days apart), optionally of up to 10
 * builds, at most 100 a page, the rest behind `x-ms-continuationtoken`. Its runs carry their counts and build but not
 * their statistics by outcome (those come with `includeRunDetails` on the list by build).
 */
function queryRuns(ctx: RouteContext): Reply {
  const q = caseInsensitive(ctx.query);
  const min = Date.parse(q.get('minlastupdateddate') ?? '');
  const max = Date.parse(q.get('maxlastupdateddate') ?? '');
  if (Number.isNaN(min) || Number.isNaN(max)) {
    return fail(400, Errors.badRequest('minLastUpdatedDate and maxLastUpdatedDate are mandatory and must be valid dates.'));
  }
  if (max < min || max - min > QUERY_MAX_DAYS * 86_400_000) {
    return fail(400, Errors.badRequest(`The difference between minLastUpdatedDate and maxLastUpdatedDate should be less than or equal to ${QUERY_MAX_DAYS} days.`));
  }
  const ids = (q.get('buildids') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  if (ids.length > QUERY_MAX_IDS) return fail(400, Errors.badRequest(`The number of buildIds should be less than or equal to ${QUERY_MAX_IDS}.`));
  const wanted = new Set(ids.map(Number));
  const top = Math.min(QUERY_MAX_TOP, pageSize(ctx, intParam(q, '$top'), QUERY_MAX_TOP));
  const after = Number(q.get('continuationtoken') ?? '0') || 0;
  const runs = ctx.project.builds
    .filter((b) => !b.deleted && b.tests && !b.testsPurged && (!wanted.size || wanted.has(b.id)))
    .map((b) => ({ build: b, id: b.id * 10 + 1, updated: testTimes(b).finish.getTime() }))
    .filter((run) => run.updated >= min && run.updated <= max && run.id > after)
    .sort((a, b) => a.id - b.id);
  const page = runs.slice(0, top);
  const next = runs.length > top ? String(page[page.length - 1].id) : null;
  return list(
    page.map(({ build }) => {
      const { runStatistics: _statistics, ...run } = testRunJson(build, ctx.urls) as Record<string, unknown>;
      return run;
    }),
    undefined,
    next,
  );
}

/** Default retention of a project that never changed it (days). */
export const DEFAULT_RESULT_RETENTION = { automated: 30, manual: 365 };

export const testsRoutes: Route[] = [
  {
    id: 'test.resultRetentionSettings',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/test\/resultretentionsettings\/?$/i,
    area: 'test',
    projectScoped: true,
    handle: (ctx) => {
      const r = ctx.project.testRetention;
      const by = r?.updatedBy ?? ctx.org.system.projectAdministrator;
      const { descriptor: _d, _links: _l, ...who } = identityRef(by, ctx.urls);
      return json({
        lastUpdatedBy: who,
        automatedResultsRetentionDuration: r?.automatedDays ?? DEFAULT_RESULT_RETENTION.automated,
        manualResultsRetentionDuration: r?.manualDays ?? DEFAULT_RESULT_RETENTION.manual,
        lastUpdatedDate: iso(r?.updatedOn ?? new Date('2024-01-10T08:00:00Z')),
      });
    },
  },
  {
    id: 'test.runs',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/test\/runs\/?$/i,
    area: 'test',
    projectScoped: true,
    handle: (ctx) => {
      const q = caseInsensitive(ctx.query);
      if (q.has('minlastupdateddate') || q.has('maxlastupdateddate')) return queryRuns(ctx);
      const buildUri = q.get('builduri')?.toLowerCase();
      const byUri = buildUri ? /^vstfs:\/\/\/build\/build\/(\d+)$/.exec(buildUri) : null;
      let builds = buildUri
        ? [byUri ? ctx.org.findBuild(byUri[1]) : undefined].filter((b): b is NonNullable<typeof b> => !!b && b.project === ctx.project)
        : ctx.project.builds;
      builds = builds.filter((b) => !b.deleted && b.tests && !b.testsPurged);
      builds = builds.sort((a, b) => b.id - a.id);
      const skip = intParam(q, '$skip') ?? 0;
      const top = intParam(q, '$top') ?? 100;
      return list(builds.slice(skip, skip + top).map((b) => testRunJson(b, ctx.urls)));
    },
  },
  {
    id: 'testresults.summaryByBuild',
    host: 'vstmr',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/testresults\/resultsummarybybuild\/?$/i,
    area: 'testResults',
    projectScoped: true,
    handle: (ctx) => {
      const buildId = caseInsensitive(ctx.query).get('buildid') ?? '';
      const found = ctx.org.findBuild(buildId);
      const build = found && found.project === ctx.project && !found.deleted ? found : undefined;
      return build
        ? json(resultSummaryJson(build, ctx.urls), RESULT_SUMMARY_ENUMS)
        : fail(404, Errors.buildNotFound(buildId));
    },
  },
];
