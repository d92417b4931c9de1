/**
 * Pipelines: environments, environment deployment records (one per job of a stage attempt), pipelines
 * approvals (steps only with $expand=steps) and the checks panel data provider behind HierarchyQuery.
 */
import { Enums, Errors, vssError, type EnumSpec } from '../format';
import type { FakeApproval, FakeApprovalStep, FakeBuild, FakeCheckConfiguration, FakeDeploymentRecord, FakeEnvironment, FakeProject, FakeStageAttempt } from '../model';
import { templates, type Json } from '../samples';
import { buildLinks } from './build';
import { caseInsensitive, fail, identityRef, identityShort, intParam, iso, pageSize, json, list, type Reply, type Route, type RouteContext, type Urls } from './common';

/** Default page sizes as the service has them. */
export const DEFAULT_RECORDS_TOP = 25;
export const DEFAULT_ENVIRONMENTS_TOP = 50;

/** Service owner of pipeline (Build) plans. */
const PIPELINES_SERVICE_OWNER = '00025394-6065-48ca-87d9-7f5672854ef7';
/** Check type of the Approval check. */
const APPROVAL_CHECK_TYPE = '8c6f20a7-a545-4486-9777-f762fafe0d4d';

export const RECORD_ENUMS: EnumSpec = { result: Enums.TaskResult };
export const RUN_ENUMS: EnumSpec = { state: Enums.RunState, result: Enums.RunResult };
export const APPROVAL_ENUMS: EnumSpec = { status: Enums.ApprovalStatus, steps: { status: Enums.ApprovalStatus } };

export function environmentJson(env: FakeEnvironment): Json {
  const who = { displayName: env.createdBy.displayName, id: env.createdBy.id };
  return {
    id: env.id,
    name: env.name,
    description: env.description,
    createdBy: who,
    createdOn: iso(env.createdOn),
    lastModifiedBy: who,
    lastModifiedOn: iso(env.createdOn),
    project: { id: env.project.id, name: env.project.name },
  };
}

export function deploymentRecordJson(record: FakeDeploymentRecord, urls: Urls): Json {
  const build = record.build;
  const links = buildLinks(build, urls);
  return {
    id: record.id,
    environmentId: record.environment.id,
    serviceOwner: PIPELINES_SERVICE_OWNER,
    requestIdentifier: record.job.recordId,
    planType: 'Build',
    planId: build.planId,
    stageName: record.stage.name,
    jobName: record.job.name,
    stageAttempt: record.attempt.attempt,
    jobAttempt: record.attempt.attempt,
    definition: {
      id: build.pipeline.id,
      name: build.pipeline.name,
      _links: { web: { href: links.definitionWeb }, self: { href: links.definitionSelf } },
    },
    owner: {
      id: build.id,
      name: build.buildNumber,
      _links: { web: { href: links.web }, self: { href: links.self } },
    },
    result: record.job.result ?? undefined,
    queueTime: iso(record.job.queuedAt),
    startTime: iso(record.job.startedAt),
    finishTime: iso(record.job.finishedAt) ?? undefined,
    scopeId: build.project.id,
  };
}

function stepJson(step: FakeApprovalStep, urls: Urls): Json {
  const acted = step.actualApprover !== null && step.status !== 'pending';
  const out: Json = { assignedApprover: identityRef(step.assignedApprover, urls) };
  if (acted && step.actualApprover) out.actualApprover = identityRef(step.actualApprover, urls);
  out.status = step.status;
  if (acted) out.comment = step.comment ?? '';
  out.lastModifiedOn = iso(step.lastModifiedOn);
  out.order = step.order;
  if (acted && step.actualApprover) out.lastModifiedBy = identityRef(step.actualApprover, urls);
  out.initiatedOn = iso(step.initiatedOn);
  out.history = [];
  return out;
}

export function approvalJson(approval: FakeApproval, urls: Urls, expandSteps: boolean): Json {
  const build = approval.build;
  const links = buildLinks(build, urls);
  const body = templates.pipelineApproval();
  Object.assign(body, {
    id: approval.id,
    steps: expandSteps ? approval.steps.map((s) => stepJson(s, urls)) : [],
    status: approval.status,
    createdOn: iso(approval.createdOn),
    lastModifiedOn: iso(approval.lastModifiedOn),
    executionOrder: approval.executionOrder,
    minRequiredApprovers: approval.minRequiredApprovers,
    blockedApprovers: [],
    _links: { self: { href: `${urls.org}/${build.project.id}/_apis/pipelines/approvals/${approval.id}` } },
  });
  body.instructions = approval.instructions;
  body.pipeline = {
    owner: { _links: { web: { href: links.web }, self: { href: links.self } }, id: build.id, name: build.buildNumber },
    id: String(build.pipeline.id),
    name: build.pipeline.name,
  };
  return body;
}

function findEnvironment(ctx: RouteContext): FakeEnvironment | undefined {
  return ctx.project.environments.find((e) => String(e.id) === ctx.params.environmentId);
}

const numericStatus = (status: string): number => Enums.ApprovalStatus.toNumber(status) as number;

/** One entry of ms.vss-build-web.checks-panel-data-provider for a stage attempt with approvals. */
function checksPanelEntry(attempt: FakeStageAttempt, project: FakeProject): Json {
  const env = attempt.stage.environment;
  const approvals = [...(attempt.approval ? [attempt.approval] : []), ...attempt.otherApprovals];
  return {
    approvals: approvals.map((approval) => {
      const resource = approval.resource ?? { type: 'environment', id: String(env?.id ?? 0), name: env?.name ?? attempt.stage.name };
      return {
        steps: approval.steps.map((s, i) => ({
          id: i + 1,
          status: numericStatus(s.status),
          actualApprover: s.actualApprover && s.status !== 'pending' ? identityShort(s.actualApprover) : null,
          assignedApprover: identityShort(s.assignedApprover),
          order: s.order,
          lastModifiedOn: iso(s.lastModifiedOn),
          comment: s.comment,
          permissions: 1,
          isStepReassigned: false,
        })),
        blockedApprovers: [],
        instructions: approval.instructions || null,
        minRequiredApprovers: approval.minRequiredApprovers,
        resource: { type: resource.type, id: resource.id, name: resource.name, checkId: approval.id },
        createdDate: iso(approval.createdOn),
        parentStage: attempt.recordId,
        timeout: approval.timeoutMinutes,
        id: approval.id,
        status: numericStatus(approval.status),
        resultMessage: null,
        typeId: APPROVAL_CHECK_TYPE,
        permissions: 0,
      };
    }),
    checks: [],
    stageId: attempt.recordId,
    stageName: attempt.stage.name,
    projectId: project.id,
  };
}

const CHECKS_PANEL = 'ms.vss-build-web.checks-panel-data-provider';

function hierarchyQuery(ctx: RouteContext): Reply {
  const body = (ctx.body ?? {}) as Json;
  const answer = templates.checksPanelEmpty();
  const contributionIds: string[] = Array.isArray(body.contributionIds) ? body.contributionIds : [];
  if (!contributionIds.includes(CHECKS_PANEL)) {
    delete answer.dataProviders[CHECKS_PANEL];
    return { body: answer };
  }
  const props = body.dataProviderContext?.properties ?? {};
  const candidate = ctx.org.findBuild(String(props.buildId ?? ''));
  const build = candidate && candidate.project === ctx.project && !candidate.deleted ? candidate : undefined;
  const stageIds = String(props.stageIds ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const entries: Json[] = [];
  if (build) {
    for (const stageId of stageIds) {
      const attempt =
        build.stages.flatMap((s) => s.attempts).find((a) => a.recordId === stageId) ??
        build.stages.find((s) => s.name.toLowerCase() === stageId)?.latest;
      if (attempt && (attempt.approval || attempt.otherApprovals.length)) entries.push(checksPanelEntry(attempt, ctx.project));
    }
  }
  answer.dataProviders[CHECKS_PANEL] = entries.length ? entries : null;
  return { body: answer };
}

function environmentsList(ctx: RouteContext): Reply {
  const q = caseInsensitive(ctx.query);
  const name = q.get('name');
  const top = pageSize(ctx, intParam(q, '$top'), DEFAULT_ENVIRONMENTS_TOP);
  const from = intParam(q, 'continuationtoken') ?? 0;
  let envs = [...ctx.project.environments].sort((a, b) => a.id - b.id);
  if (name) envs = envs.filter((e) => e.name.toLowerCase() === name.toLowerCase());
  envs = envs.filter((e) => e.id >= from);
  const page = envs.slice(0, top);
  const next = envs[top];
  return list(page.map(environmentJson), undefined, next ? String(next.id) : null);
}

function recordsList(ctx: RouteContext): Reply {
  const env = findEnvironment(ctx);
  if (!env) return fail(404, Errors.environmentNotFound(ctx.params.environmentId));
  const q = caseInsensitive(ctx.query);
  const top = pageSize(ctx, intParam(q, 'top', '$top'), DEFAULT_RECORDS_TOP);
  const token = intParam(q, 'continuationtoken');
  let records = ctx.org.deploymentRecords(env);
  if (token !== undefined) records = records.filter((r) => r.id <= token);
  const page = records.slice(0, top);
  const next = records[top];
  return list(
    page.map((r) => deploymentRecordJson(r, ctx.urls)),
    RECORD_ENUMS,
    next ? String(next.id) : null,
  );
}

function approvalsList(ctx: RouteContext): Reply {
  const q = caseInsensitive(ctx.query);
  const ids = q.get('approvalids')?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const expand = (q.get('$expand') ?? '')
    .split(',')
    .map((e) => Enums.ApprovalExpand.parse(e.trim()))
    .includes('steps');
  const state = Enums.ApprovalStatus.parse(q.get('state'));
  let approvals = ids
    ? ids.map((id) => ctx.org.findApproval(id)).filter((a): a is FakeApproval => !!a && a.build.project === ctx.project)
    : ctx.project.builds.flatMap((b) => b.approvals);
  if (state && state !== 'all') approvals = approvals.filter((a) => a.status === state);
  const top = intParam(q, 'top', '$top');
  if (top !== undefined) approvals = approvals.slice(0, top);
  return list(approvals.map((a) => approvalJson(a, ctx.urls, expand)), APPROVAL_ENUMS);
}

const CHECK_TYPES: Record<FakeCheckConfiguration['typeName'], string> = {
  Approval: APPROVAL_CHECK_TYPE,
  'Task Check': 'fe1de3ee-a436-41b4-bb20-f6eb4cb879a7',
  ExclusiveLock: '2ef31ad6-baa0-403a-8b45-2cbc9b4e5563',
};

/** CheckConfiguration as pipelines/checks/configurations writes it (settings only with $expand=settings). */
export function checkConfigurationJson(check: FakeCheckConfiguration, project: FakeProject, urls: Urls, withSettings: boolean): Json {
  const url = `${urls.org}/${project.id}/_apis/pipelines/checks/configurations/${check.id}`;
  const who = identityShort(check.createdBy);
  const body: Json = {};
  if (withSettings && check.typeName === 'Approval') {
    body.settings = {
      approvers: check.approvers.map((a) => identityShort(a)),
      executionOrder: 1,
      instructions: check.instructions,
      blockedApprovers: [],
      minRequiredApprovers: check.minRequiredApprovers,
      requesterCannotBeApprover: check.requesterCannotBeApprover,
    };
  }
  Object.assign(body, {
    createdBy: who,
    createdOn: iso(check.createdOn),
    modifiedBy: who,
    modifiedOn: iso(check.createdOn),
    timeout: check.timeoutMinutes,
    _links: { self: { href: url } },
    id: check.id,
    type: { id: CHECK_TYPES[check.typeName], name: check.typeName },
    url,
    resource: { type: check.resource.type, id: check.resource.id, name: check.resource.name },
  });
  return body;
}

function checkConfigurations(ctx: RouteContext): Reply {
  const q = caseInsensitive(ctx.query);
  const type = q.get('resourcetype')?.toLowerCase();
  const id = q.get('resourceid')?.toLowerCase();
  const withSettings = (q.get('$expand') ?? '').toLowerCase().split(',').map((e) => e.trim()).some((e) => e === 'settings' || e === '1');
  if ((type && !id) || (!type && id)) return fail(400, Errors.badRequest('Both resourceType and resourceId must be given.'));
  const checks = ctx.project.checkConfigurations.filter(
    (c) => !type || (c.resource.type.toLowerCase() === type && c.resource.id.toLowerCase() === id),
  );
  return list(checks.map((c) => checkConfigurationJson(c, ctx.project, ctx.urls, withSettings)));
}

/** Run (pipelines spec): a YAML run with its repository and the pipeline resources it consumed. */
export function runJson(build: FakeBuild, urls: Urls): Json {
  const base = `${urls.org}/${build.project.id}`;
  const pipelineRef = (b: FakeBuild) => ({
    url: `${base}/_apis/pipelines/${b.pipeline.id}?revision=7`,
    id: b.pipeline.id,
    revision: 7,
    name: b.pipeline.name,
    folder: b.pipeline.path,
  });
  const links = buildLinks(build, urls);
  const url = `${base}/_apis/pipelines/${build.pipeline.id}/runs/${build.id}`;
  const body: Json = {
    _links: {
      self: { href: url },
      web: { href: links.web },
      'pipeline.web': { href: links.definitionWeb },
      pipeline: { href: `${base}/_apis/pipelines/${build.pipeline.id}?revision=7` },
    },
    templateParameters: {},
    pipeline: pipelineRef(build),
    state: build.status === 'completed' ? 'completed' : build.status === 'cancelling' ? 'canceling' : 'inProgress',
  };
  if (build.status === 'completed') body.result = build.result === 'partiallySucceeded' || build.result === 'none' ? 'succeeded' : build.result;
  Object.assign(body, {
    createdDate: iso(build.queuedAt),
    finishedDate: iso(build.finishedAt) ?? undefined,
    url,
    resources: {
      repositories: {
        self: {
          repository: { id: build.repository.id, type: 'azureReposGit' },
          refName: build.sourceBranch,
          version: build.sourceVersion,
        },
      },
      pipelines: Object.fromEntries(
        build.consumed.map((c) => [c.alias, { pipeline: pipelineRef(c.build), version: c.build.buildNumber }]),
      ),
    },
    id: build.id,
    name: build.buildNumber,
  });
  if (!build.consumed.length) delete body.resources.pipelines;
  return body;
}

const P = '^/(?<project>[^/]+)/_apis/(?:distributedtask|pipelines)/environments';

export const pipelinesRoutes: Route[] = [
  {
    id: 'environments.list',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${P}/?$`, 'i'),
    area: 'environments',
    projectScoped: true,
    handle: environmentsList,
  },
  {
    id: 'environments.get',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${P}/(?<environmentId>\\d+)/?$`, 'i'),
    area: 'environments',
    projectScoped: true,
    handle: (ctx) => {
      const env = findEnvironment(ctx);
      return env ? json(environmentJson(env)) : fail(404, Errors.environmentNotFound(ctx.params.environmentId));
    },
  },
  {
    id: 'environments.records',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${P}/(?<environmentId>\\d+)/environmentdeploymentrecords/?$`, 'i'),
    area: 'environments',
    projectScoped: true,
    handle: recordsList,
  },
  {
    id: 'approvals.list',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/pipelines\/approvals\/?$/i,
    area: 'approvals',
    projectScoped: true,
    handle: approvalsList,
  },
  {
    id: 'approvals.get',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/pipelines\/approvals\/(?<approvalId>[0-9a-f-]{36})\/?$/i,
    area: 'approvals',
    projectScoped: true,
    handle: (ctx) => {
      const found = ctx.org.findApproval(ctx.params.approvalId);
      const approval = found && found.build.project === ctx.project ? found : undefined;
      const expand = Enums.ApprovalExpand.parse(caseInsensitive(ctx.query).get('$expand')) === 'steps';
      return approval
        ? json(approvalJson(approval, ctx.urls, expand), APPROVAL_ENUMS)
        : fail(404, {
            $id: '1',
            innerException: null,
            message: `Approval with id ${ctx.params.approvalId} not found.`,
            typeName: 'Microsoft.Azure.Pipelines.Approvals.WebApi.ApprovalNotFoundException, Microsoft.Azure.Pipelines.Approvals.WebApi',
            typeKey: 'ApprovalNotFoundException',
            errorCode: 0,
            eventId: 3000,
          });
    },
  },
  {
    id: 'checks.configurations',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/pipelines\/checks\/configurations\/?$/i,
    area: 'approvals',
    projectScoped: true,
    handle: checkConfigurations,
  },
  {
    id: 'pipelines.run',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/pipelines\/(?<pipelineId>\d+)\/runs\/(?<runId>\d+)\/?$/i,
    area: 'build',
    projectScoped: true,
    handle: (ctx) => {
      const found = ctx.org.findBuild(ctx.params.runId);
      const build = found && found.project === ctx.project && !found.deleted && String(found.pipeline.id) === ctx.params.pipelineId ? found : undefined;
      return build
        ? json(runJson(build, ctx.urls), RUN_ENUMS)
        : fail(404, vssError('PipelineRunNotFoundException', 'Microsoft.Azure.Pipelines.WebApi.PipelineRunNotFoundException, Microsoft.Azure.Pipelines.WebApi', `Pipeline run ${ctx.params.runId} not found.`));
    },
  },
  {
    id: 'hierarchyQuery',
    host: 'main',
    method: 'POST',
    pattern: /^\/_apis\/Contribution\/HierarchyQuery\/project\/(?<project>[^/]+)\/?$/i,
    area: 'hierarchyQuery',
    projectScoped: true,
    handle: hierarchyQuery,
  },
];
