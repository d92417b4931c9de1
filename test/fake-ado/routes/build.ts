/**
 * Build: builds (list, get), timelines (current and previous attempts) and build work items.
 * Build fields follow the spec's Build definition; timeline records are built from the captured YAML timeline.
 */
import { Enums, Errors, type EnumSpec } from '../format';
import { guidFrom } from '../ids';
import type { FakeBuild, FakeCommit, FakeJob, FakeProject, FakeRepository, FakeStageAttempt, TaskResult } from '../model';
import { templates, type Json } from '../samples';
import { caseInsensitive, fail, identityRef, intParam, iso, json, list, pageSize, projectRef, type Reply, type Route, type Urls } from './common';

export const BUILD_ENUMS: EnumSpec = {
  status: Enums.BuildStatus,
  result: Enums.BuildResult,
  reason: Enums.BuildReason,
  priority: Enums.QueuePriority,
};

export const TIMELINE_ENUMS: EnumSpec = {
  records: { state: Enums.TimelineRecordState, result: Enums.TaskResult },
};

const projectBase = (urls: Urls, project: FakeProject) => `${urls.org}/${project.id}`;

export function buildLinks(build: FakeBuild, urls: Urls) {
  const base = projectBase(urls, build.project);
  return {
    self: `${base}/_apis/build/Builds/${build.id}`,
    web: `${base}/_build/results?buildId=${build.id}`,
    definitionWeb: `${base}/_build/definition?definitionId=${build.pipeline.id}`,
    definitionSelf: `${base}/_apis/build/Definitions/${build.pipeline.id}`,
  };
}

/** Build.triggeredByBuild: the triggering build's reference (id, number, definition, project). */
function triggeredByJson(by: FakeBuild, urls: Urls): Json {
  const links = buildLinks(by, urls);
  return {
    _links: { self: { href: links.self }, web: { href: links.web } },
    id: by.id,
    buildNumber: by.buildNumber,
    url: links.self,
    definition: { id: by.pipeline.id, name: by.pipeline.name, path: by.pipeline.path, type: 'build', project: projectRef(by.project, urls) },
    project: projectRef(by.project, urls),
  };
}

/** Build as GET _apis/build/builds/{id} writes it. */
export function buildJson(build: FakeBuild, urls: Urls): Json {
  const base = projectBase(urls, build.project);
  const links = buildLinks(build, urls);
  const pr = build.pullRequest;
  const body: Json = {
    _links: {
      self: { href: links.self },
      web: { href: links.web },
      sourceVersionDisplayUri: { href: `${base}/_apis/build/builds/${build.id}/sources` },
      timeline: { href: `${base}/_apis/build/builds/${build.id}/Timeline` },
      badge: { href: `${base}/_apis/build/status/${build.pipeline.id}` },
    },
    properties: {},
    tags: build.tags,
    validationResults: [],
    plans: [{ planId: build.planId }],
    templateParameters: {},
    triggerInfo:
      build.reason === 'individualCI' || build.reason === 'batchedCI'
        ? {
            'ci.sourceBranch': build.sourceBranch,
            'ci.sourceSha': build.sourceVersion,
            'ci.message': pr ? `Merged PR ${pr.id}: ${pr.title}` : 'Update',
            'ci.triggerRepository': build.repository.id,
          }
        : {},
    id: build.id,
    buildNumber: build.buildNumber,
    status: build.status,
    result: build.result ?? undefined,
    queueTime: iso(build.queuedAt),
    startTime: iso(build.startedAt),
    finishTime: iso(build.finishedAt) ?? undefined,
    url: links.self,
    definition: {
      drafts: [],
      id: build.pipeline.id,
      name: build.pipeline.name,
      url: `${links.definitionSelf}?revision=7`,
      uri: `vstfs:///Build/Definition/${build.pipeline.id}`,
      path: build.pipeline.path,
      type: 'build',
      queueStatus: 'enabled',
      revision: 7,
      project: projectRef(build.project, urls),
    },
    buildNumberRevision: Number(build.buildNumber.split('.').pop()) || 1,
    project: projectRef(build.project, urls),
    uri: build.uri,
    sourceBranch: build.sourceBranch,
    sourceVersion: build.sourceVersion,
    queue: { id: 9, name: 'Azure Pipelines', pool: { id: 9, name: 'Azure Pipelines', isHosted: true } },
    priority: 'normal',
    reason: build.reason,
    requestedFor: identityRef(build.requestedFor, urls),
    requestedBy: identityRef(build.requestedBy, urls),
    lastChangedDate: iso(build.finishedAt ?? build.startedAt),
    lastChangedBy: identityRef(build.org.system.tfs, urls),
    orchestrationPlan: { planId: build.planId },
    logs: { id: 0, type: 'Container', url: `${base}/_apis/build/builds/${build.id}/logs` },
    repository: {
      id: build.repository.id,
      type: 'TfsGit',
      name: build.repository.name,
      url: `${urls.org}/${encodeURIComponent(build.project.name)}/_git/${encodeURIComponent(build.repository.name)}`,
      clean: null,
      checkoutSubmodules: false,
    },
    retainedByRelease: false,
    triggeredByBuild: build.triggeredBy ? triggeredByJson(build.triggeredBy, urls) : null,
    appendCommitMessageToRunName: true,
  };
  return body;
}

// ---------------------------------------------------------------------------------------------------------------
// Timeline

type RecordType = 'Stage' | 'Checkpoint' | 'Checkpoint.Approval' | 'Phase' | 'Job' | 'DeploymentJob' | 'FinalizeJob' | 'Task';

let recordTemplates: Record<RecordType, Json> | null = null;

function recordTemplate(type: RecordType): Json {
  if (!recordTemplates) {
    const records: Json[] = templates.yamlTimeline().records;
    const find = (predicate: (r: Json) => boolean) => {
      const r = records.find(predicate);
      if (!r) throw new Error('timeline template incomplete');
      return r;
    };
    recordTemplates = {
      Stage: find((r) => r.type === 'Stage'),
      Checkpoint: find((r) => r.type === 'Checkpoint'),
      'Checkpoint.Approval': find((r) => r.type === 'Checkpoint.Approval'),
      Phase: find((r) => r.type === 'Phase'),
      Job: find((r) => r.type === 'Job' && 'order' in r && r.parentId),
      DeploymentJob: find((r) => r.type === 'Job' && !('order' in r)),
      FinalizeJob: find((r) => r.type === 'Job' && r.parentId === null),
      Task: find((r) => r.type === 'Task' && !('issues' in r)),
    };
  }
  return structuredClone(recordTemplates[type]);
}

interface RecordBuilder {
  build: FakeBuild;
  urls: Urls;
  records: Json[];
  changeId: number;
  logId: number;
}

function addRecord(b: RecordBuilder, type: RecordType, values: Record<string, unknown>, withLog: boolean): Json {
  const record = recordTemplate(type);
  b.changeId += 1;
  Object.assign(record, {
    previousAttempts: [],
    currentOperation: null,
    percentComplete: null,
    resultCode: null,
    changeId: b.changeId,
    lastModified: '0001-01-01T00:00:00',
    workerName: null,
    details: null,
    errorCount: 0,
    warningCount: 0,
    url: null,
    task: null,
    attempt: 1,
    log: withLog
      ? {
          id: ++b.logId,
          type: 'Container',
          url: `${projectBase(b.urls, b.build.project)}/_apis/build/builds/${b.build.id}/logs/${b.logId}`,
        }
      : null,
    ...values,
  });
  b.records.push(record);
  return record;
}

const APPROVAL_RECORD: Record<string, { state: string; result: TaskResult | null }> = {
  approved: { state: 'completed', result: 'succeeded' },
  rejected: { state: 'completed', result: 'failed' },
  pending: { state: 'inProgress', result: null },
  uninitiated: { state: 'pending', result: null },
  skipped: { state: 'completed', result: 'skipped' },
  canceled: { state: 'completed', result: 'canceled' },
  timedOut: { state: 'completed', result: 'failed' },
  failed: { state: 'completed', result: 'failed' },
};

const TASK_REFS: Record<string, { id: string; name: string; version: string }> = {
  Build: { id: 'd9bafed4-0b18-4f58-968d-86655b4d2ce9', name: 'CmdLine', version: '2.231.1' },
  'Run tests': { id: '0b0f01ed-7dde-43ff-9cbb-e48954daf9b1', name: 'PublishTestResults', version: '2.232.0' },
  Deploy: { id: '497d490f-eea7-4f2b-ab94-48d9c1acdcb1', name: 'AzureWebApp', version: '1.236.0' },
  'Smoke tests': { id: 'e213ff0f-5d5c-4791-802d-52ea3e7be1f1', name: 'PowerShell', version: '2.231.0' },
};

function taskNames(job: FakeJob, build: FakeBuild): string[] {
  if (job.deployment) {
    return ['Initialize job', 'Download secrets', job.name.toLowerCase().includes('smoke') ? 'Smoke tests' : 'Deploy', 'Finalize Job'];
  }
  const checkout = `${build.repository.name}@${build.sourceBranch.replace(/^refs\/heads\//, '')} to s`;
  return ['Initialize job', `Checkout ${checkout}`, 'Build', 'Run tests', `Post-job: Checkout ${checkout}`, 'Finalize Job'];
}

function addJobRecords(b: RecordBuilder, attempt: FakeStageAttempt, stageRecordId: string, job: FakeJob, index: number): void {
  const { build } = b;
  const phaseId = job.phaseRecordId;
  addRecord(
    b,
    'Phase',
    {
      id: phaseId,
      parentId: stageRecordId,
      type: 'Phase',
      name: job.displayName,
      startTime: iso(job.startedAt),
      finishTime: iso(job.finishedAt),
      state: job.state,
      result: job.result,
      order: index + 1,
      attempt: attempt.attempt,
      identifier: job.phaseIdentifier,
    },
    job.ran,
  );
  const previous = attempt.isLatest
    ? attempt.stage.attempts
        .filter((a) => a.attempt < attempt.attempt)
        .map((a) => {
          const same = a.jobs.find((j) => j.name === job.name);
          return { attempt: a.attempt, timelineId: a.recordId, recordId: same ? same.recordId : a.recordId };
        })
    : [];
  const jobValues: Record<string, unknown> = {
    previousAttempts: previous,
    id: job.recordId,
    parentId: phaseId,
    type: 'Job',
    name: job.displayName,
    startTime: iso(job.startedAt),
    finishTime: iso(job.finishedAt),
    state: job.state,
    result: job.result,
    workerName: job.ran ? 'Hosted Agent' : null,
    queueId: 9,
    attempt: attempt.attempt,
    identifier: job.identifier,
  };
  if (!job.deployment) jobValues.order = 1;
  addRecord(b, job.deployment ? 'DeploymentJob' : 'Job', jobValues, job.ran);
  if (!job.ran || !job.startedAt || !job.finishedAt) return;

  const names = taskNames(job, build);
  const span = job.finishedAt.getTime() - job.startedAt.getTime();
  const slice = Math.max(1000, Math.floor(span / names.length));
  let failedAt = -1;
  names.forEach((name, i) => {
    const main = name === 'Build' || name === 'Deploy' || name === 'Smoke tests';
    let result: TaskResult = 'succeeded';
    if (main && job.result && job.result !== 'succeeded') {
      result = job.result;
      if (job.result === 'failed' || job.result === 'canceled') failedAt = i;
    } else if (failedAt >= 0 && name !== 'Finalize Job' && !name.startsWith('Post-job')) {
      result = 'skipped';
    }
    const start = new Date(job.startedAt!.getTime() + i * slice);
    const finish = new Date(Math.min(job.finishedAt!.getTime(), start.getTime() + slice - 40));
    addRecord(
      b,
      'Task',
      {
        id: guidFrom(build.org.name, build.id, 'task', job.identifier, attempt.attempt, i),
        parentId: job.recordId,
        type: 'Task',
        name,
        startTime: result === 'skipped' ? null : iso(start),
        finishTime: result === 'skipped' ? null : iso(finish),
        state: 'completed',
        result,
        workerName: 'Hosted Agent',
        order: i + 1,
        task: TASK_REFS[name] ?? null,
        attempt: 1,
        identifier: null,
      },
      result !== 'skipped',
    );
  });
}

function addStageRecords(b: RecordBuilder, attempt: FakeStageAttempt): void {
  const stage = attempt.stage;
  const stageId = attempt.recordId;
  addRecord(
    b,
    'Stage',
    {
      previousAttempts: attempt.isLatest
        ? stage.attempts
            .filter((a) => a.attempt < attempt.attempt)
            .map((a) => ({ attempt: a.attempt, timelineId: a.recordId, recordId: a.recordId }))
        : [],
      id: stageId,
      parentId: null,
      type: 'Stage',
      name: stage.displayName,
      startTime: iso(attempt.startedAt),
      finishTime: iso(attempt.finishedAt),
      state: attempt.state,
      result: attempt.result,
      order: stage.order,
      attempt: attempt.attempt,
      identifier: stage.name,
    },
    false,
  );
  const approvals = [...(attempt.approval ? [attempt.approval] : []), ...attempt.otherApprovals];
  if (approvals.length) {
    const worst = approvals.find((a) => a.status !== 'approved') ?? approvals[0];
    const { state, result } = APPROVAL_RECORD[worst.status] ?? APPROVAL_RECORD.pending;
    const finish = state === 'completed' ? iso(new Date(Math.max(...approvals.map((a) => a.lastModifiedOn.getTime())))) : null;
    const first = approvals[0];
    addRecord(
      b,
      'Checkpoint',
      {
        id: attempt.checkpointRecordId,
        parentId: stageId,
        type: 'Checkpoint',
        name: 'Checkpoint',
        startTime: iso(first.createdOn),
        finishTime: finish,
        state,
        result,
        identifier: 'Checkpoint',
      },
      false,
    );
    for (const approval of approvals) {
      const own = APPROVAL_RECORD[approval.status] ?? APPROVAL_RECORD.pending;
      addRecord(
        b,
        'Checkpoint.Approval',
        {
          id: approval.id,
          parentId: attempt.checkpointRecordId,
          type: 'Checkpoint.Approval',
          name: 'Checkpoint.Approval',
          startTime: iso(approval.createdOn),
          finishTime: own.state === 'completed' ? iso(approval.lastModifiedOn) : null,
          state: own.state,
          result: own.result,
          identifier: approval.id,
        },
        false,
      );
    }
  }
  attempt.jobs.forEach((job, i) => addJobRecords(b, attempt, stageId, job, i));
}

/** Deterministic, hierarchy-free order: the real service returns records in no particular order. */
function shuffle(records: Json[]): Json[] {
  return [...records].sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
}

/** The build's timeline (timelineId = build.timelineId) or a superseded stage attempt's timeline. */
export function timelineJson(build: FakeBuild, urls: Urls, timelineId: string): Json | null {
  const b: RecordBuilder = { build, urls, records: [], changeId: 0, logId: 1 };
  let lastChangedOn: Date | null;
  if (timelineId.toLowerCase() === build.timelineId) {
    for (const stage of build.stages) addStageRecords(b, stage.latest);
    if (build.status === 'completed' && build.finishedAt && build.kind === 'yaml') {
      const finalizeId = guidFrom(build.org.name, build.id, 'finalize');
      const start = new Date(build.finishedAt.getTime() - 1500);
      addRecord(
        b,
        'FinalizeJob',
        {
          id: finalizeId,
          parentId: null,
          type: 'Job',
          name: 'Finalize build',
          startTime: iso(start),
          finishTime: iso(build.finishedAt),
          state: 'completed',
          result: 'succeeded',
          order: 2147483647,
          identifier: null,
        },
        false,
      );
      addRecord(
        b,
        'Task',
        {
          id: '78db2542-c627-4140-8a7a-d06178fff4e4',
          parentId: finalizeId,
          type: 'Task',
          name: 'Report build status',
          startTime: iso(start),
          finishTime: iso(build.finishedAt),
          state: 'completed',
          result: 'succeeded',
          order: 2147483647,
          identifier: null,
        },
        true,
      );
    }
    lastChangedOn = build.finishedAt ?? build.startedAt;
  } else {
    const attempt = build.stages
      .flatMap((s) => s.attempts)
      .find((a) => !a.isLatest && a.recordId === timelineId.toLowerCase());
    if (!attempt) return null;
    addStageRecords(b, attempt);
    lastChangedOn = attempt.finishedAt ?? attempt.startedAt;
  }
  return {
    records: shuffle(b.records),
    lastChangedBy: build.org.system.tfs.id,
    lastChangedOn: iso(lastChangedOn),
    id: timelineId.toLowerCase(),
    changeId: b.changeId,
    url: `${projectBase(urls, build.project)}/_apis/build/builds/${build.id}/Timeline/${timelineId.toLowerCase()}`,
  };
}

export function workItemRefs(ids: number[], urls: Urls): Json[] {
  return ids.map((id) => ({ id: String(id), url: `${urls.org}/_apis/wit/workItems/${id}` }));
}

function liveBuild(project: FakeProject, id: string): FakeBuild | undefined {
  const build = project.org.findBuild(id);
  return build && build.project === project && !build.deleted ? build : undefined;
}

const BUILD = '^/(?<project>[^/]+)/_apis/build/builds';

/** Default $top of the build changes APIs. */
export const DEFAULT_CHANGES_TOP = 50;

/** Change (build spec): a commit as the build changes APIs write it. */
export function changeJson(repo: FakeRepository, commit: FakeCommit, urls: Urls): Json {
  const known = repo.project.org.identities.find((i) => i.uniqueName.toLowerCase() === commit.author.uniqueName.toLowerCase());
  const firstLine = commit.comment.split('\n')[0];
  const truncated = firstLine.length > 200 || firstLine !== commit.comment;
  return {
    id: commit.id,
    message: truncated ? firstLine.slice(0, 200) : commit.comment,
    type: 'TfsGit',
    author: known ? identityRef(known, urls) : { displayName: commit.author.displayName, uniqueName: commit.author.uniqueName },
    timestamp: iso(commit.date),
    location: `${urls.org}/${repo.project.id}/_apis/git/repositories/${repo.id}/commits/${commit.id}`,
    displayUri: `${urls.org}/${encodeURIComponent(repo.project.name)}/_git/${encodeURIComponent(repo.name)}/commit/${commit.id}`,
    messageTruncated: truncated,
    pusher: commit.pusher.uniqueName,
  };
}

/** The build before this one of the same definition and branch (what "the changes of a build" count from). */
function previousBuildOf(build: FakeBuild): FakeBuild | undefined {
  return build.project.builds
    .filter((b) => b.pipeline.id === build.pipeline.id && b.sourceBranch === build.sourceBranch && b.repository === build.repository && b.id < build.id)
    .sort((a, b) => b.id - a.id)[0];
}

export const buildRoutes: Route[] = [
  {
    id: 'build.list',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${BUILD}/?$`, 'i'),
    area: 'build',
    projectScoped: true,
    handle: (ctx): Reply => {
      const q = caseInsensitive(ctx.query);
      const ids = q.get('buildids')?.split(',').map((s) => s.trim()).filter(Boolean);
      const definitions = q.get('definitions')?.split(',').map((s) => s.trim()).filter(Boolean);
      const branch = q.get('branchname');
      const number = q.get('buildnumber')?.toLowerCase();
      const minTime = Date.parse(q.get('mintime') ?? '');
      const maxTime = Date.parse(q.get('maxtime') ?? '');
      const status = Enums.BuildStatus.parse(q.get('statusfilter'));
      const result = Enums.BuildResult.parse(q.get('resultfilter'));
      const repositoryId = q.get('repositoryid')?.toLowerCase();
      let builds = ctx.project.builds.filter((b) => !b.deleted);
      if (ids) builds = builds.filter((b) => ids.includes(String(b.id)));
      if (definitions) builds = builds.filter((b) => definitions.includes(String(b.pipeline.id)));
      if (branch) builds = builds.filter((b) => b.sourceBranch.toLowerCase() === branch.toLowerCase());
      if (number) {
        // "Append * to do a prefix search"
        builds = builds.filter((b) =>
          number.endsWith('*') ? b.buildNumber.toLowerCase().startsWith(number.slice(0, -1)) : b.buildNumber.toLowerCase() === number,
        );
      }
      if (!Number.isNaN(minTime)) builds = builds.filter((b) => (b.finishedAt ?? b.queuedAt).getTime() >= minTime);
      if (!Number.isNaN(maxTime)) builds = builds.filter((b) => (b.finishedAt ?? b.queuedAt).getTime() <= maxTime);
      if (status && status !== 'all') builds = builds.filter((b) => b.status === status);
      if (result) builds = builds.filter((b) => b.result === result);
      if (repositoryId) builds = builds.filter((b) => b.repository.id === repositoryId || b.repository.name.toLowerCase() === repositoryId);
      builds = [...builds].sort((a, b) => b.id - a.id);
      const top = intParam(q, '$top');
      if (top !== undefined) builds = builds.slice(0, top);
      return list(builds.map((b) => buildJson(b, ctx.urls)), BUILD_ENUMS);
    },
  },
  {
    id: 'build.get',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${BUILD}/(?<buildId>\\d+)/?$`, 'i'),
    area: 'build',
    projectScoped: true,
    handle: (ctx) => {
      const build = liveBuild(ctx.project, ctx.params.buildId);
      return build ? json(buildJson(build, ctx.urls), BUILD_ENUMS) : fail(404, Errors.buildNotFound(ctx.params.buildId));
    },
  },
  {
    id: 'build.timeline',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${BUILD}/(?<buildId>\\d+)/timeline(?:/(?<timelineId>[0-9a-f-]{36}))?/?$`, 'i'),
    area: 'build',
    projectScoped: true,
    handle: (ctx) => {
      const build = liveBuild(ctx.project, ctx.params.buildId);
      if (!build) return fail(404, Errors.buildNotFound(ctx.params.buildId));
      const timelineId = ctx.params.timelineId ?? build.timelineId;
      const timeline = timelineJson(build, ctx.urls, timelineId);
      return timeline
        ? json(timeline, TIMELINE_ENUMS)
        : fail(404, Errors.timelineNotFound(build.id, timelineId));
    },
  },
  {
    id: 'build.workitems',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${BUILD}/(?<buildId>\\d+)/workitems/?$`, 'i'),
    area: 'build',
    projectScoped: true,
    handle: (ctx) => {
      const build = liveBuild(ctx.project, ctx.params.buildId);
      if (!build) return fail(404, Errors.buildNotFound(ctx.params.buildId));
      const top = intParam(caseInsensitive(ctx.query), '$top') ?? 50;
      return list(workItemRefs(build.workItems.slice(0, top), ctx.urls));
    },
  },
  {
    id: 'build.changesBetween',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/build\/changes\/?$/i,
    area: 'build',
    projectScoped: true,
    handle: (ctx) => {
      // "Gets the changes made to the repository between two given builds": git log from..to, newest first.
      const q = caseInsensitive(ctx.query);
      const fromId = q.get('frombuildid');
      const toId = q.get('tobuildid');
      if (!fromId || !toId) return fail(400, Errors.badRequest('Both fromBuildId and toBuildId are required.'));
      const from = liveBuild(ctx.project, fromId);
      if (!from) return fail(404, Errors.buildNotFound(fromId));
      const to = liveBuild(ctx.project, toId);
      if (!to) return fail(404, Errors.buildNotFound(toId));
      const top = pageSize(ctx, intParam(q, '$top'), DEFAULT_CHANGES_TOP);
      const repo = to.repository;
      const commits = from.repository === repo ? repo.git.range(from.sourceVersion, to.sourceVersion) : [];
      return list(commits.slice(0, top).map((c) => changeJson(repo, c, ctx.urls)));
    },
  },
  {
    id: 'build.changes',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${BUILD}/(?<buildId>\\d+)/changes/?$`, 'i'),
    area: 'build',
    projectScoped: true,
    handle: (ctx) => {
      // The commits the build brought since the previous build of its definition and branch.
      const build = liveBuild(ctx.project, ctx.params.buildId);
      if (!build) return fail(404, Errors.buildNotFound(ctx.params.buildId));
      const q = caseInsensitive(ctx.query);
      const top = pageSize(ctx, intParam(q, '$top'), DEFAULT_CHANGES_TOP);
      const skip = intParam(q, 'continuationtoken') ?? 0;
      const repo = build.repository;
      const previous = previousBuildOf(build);
      let commits = repo.git.range(previous?.sourceVersion ?? null, build.sourceVersion);
      if (!previous) commits = commits.slice(0, 1);
      const page = commits.slice(skip, skip + top);
      return list(
        page.map((c) => changeJson(repo, c, ctx.urls)),
        undefined,
        skip + top < commits.length ? String(skip + top) : null,
      );
    },
  },
];
