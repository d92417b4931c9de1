/**
 * Release Management (served under the vsrm prefix): the deployments and releases lists (paged by an integer
 * continuation token) and releases. Deployment, approval, release and artifact objects are Microsoft's example and a
 * captured release with ids, names, dates and identities replaced.
 */
import { Enums, Errors, isoToMs, type EnumSpec } from '../format';
import { guidFrom } from '../ids';
import type { FakeArtifact, FakeClassicDeployment, FakeRelease, FakeReleaseApproval, FakeReleaseEnvironment } from '../model';
import { templates, type Json } from '../samples';
import { caseInsensitive, fail, identityRef, intParam, iso, pageSize, json, list, type Reply, type Route, type RouteContext, type Urls } from './common';

export const DEFAULT_DEPLOYMENTS_TOP = 50;
export const MAX_DEPLOYMENTS_TOP = 100;
export const DEFAULT_RELEASES_TOP = 50;
export const MAX_RELEASES_TOP = 100;

const RELEASE_APPROVAL_ENUMS: EnumSpec = { status: Enums.ReleaseApprovalStatus, approvalType: Enums.ApprovalType };

export const DEPLOYMENT_ENUMS: EnumSpec = {
  deploymentStatus: Enums.DeploymentStatus,
  operationStatus: Enums.DeploymentOperationStatus,
  reason: Enums.DeploymentReason,
  release: { reason: Enums.ReleaseReason },
  preDeployApprovals: RELEASE_APPROVAL_ENUMS,
  postDeployApprovals: RELEASE_APPROVAL_ENUMS,
};

export const RELEASE_ENUMS: EnumSpec = {
  status: Enums.ReleaseStatus,
  reason: Enums.ReleaseReason,
  environments: {
    status: Enums.EnvironmentStatus,
    preDeployApprovals: RELEASE_APPROVAL_ENUMS,
    postDeployApprovals: RELEASE_APPROVAL_ENUMS,
    deploySteps: {
      status: Enums.DeploymentStatus,
      operationStatus: Enums.DeploymentOperationStatus,
      reason: Enums.DeploymentReason,
    },
  },
};

const ZERO_DATE = '0001-01-01T00:00:00';

function releaseUrls(release: FakeRelease, urls: Urls) {
  const project = release.project.id;
  return {
    self: `${urls.vsrm}/${project}/_apis/Release/releases/${release.id}`,
    web: `${urls.org}/${project}/_release?releaseId=${release.id}&_a=release-summary`,
    definitionSelf: `${urls.vsrm}/${project}/_apis/Release/definitions/${release.definition.id}`,
    definitionWeb: `${urls.org}/${project}/_release?definitionId=${release.definition.id}`,
    environment: (id: number) => `${urls.vsrm}/${project}/_apis/Release/releases/${release.id}/environments/${id}`,
    approval: (id: number) => `${urls.vsrm}/${project}/_apis/Release/approvals/${id}`,
  };
}

/** Rebuilds an object in its own key order, inserting extra keys after a given key. */
function insertAfter(obj: Json, after: string, extra: Record<string, unknown>): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v;
    if (k === after) Object.assign(out, extra);
  }
  return out;
}

export function releaseApprovalJson(
  approval: FakeReleaseApproval,
  release: FakeRelease,
  environment: FakeReleaseEnvironment,
  urls: Urls,
): Json {
  const u = releaseUrls(release, urls);
  const body = approval.isAutomated ? templates.releaseApprovalAutomated() : templates.releaseApprovalManual();
  Object.assign(body, {
    id: approval.id,
    revision: approval.status === 'pending' ? 1 : 2,
    approvalType: approval.approvalType,
    createdOn: iso(approval.createdOn),
    modifiedOn: iso(approval.modifiedOn),
    status: approval.status,
    comments: approval.comments,
    isAutomated: approval.isAutomated,
    isNotificationOn: !approval.isAutomated,
    trialNumber: approval.attempt,
    attempt: approval.attempt,
    rank: approval.rank,
    release: { id: release.id, name: release.name, url: u.self, _links: {} },
    releaseDefinition: {
      id: release.definition.id,
      name: release.definition.name,
      url: u.definitionSelf,
      _links: {},
    },
    releaseEnvironment: { id: environment.id, name: environment.name, _links: {} },
    url: u.approval(approval.id),
  });
  if (!approval.isAutomated) {
    if (approval.approver) body.approver = identityRef(approval.approver, urls);
    if (approval.approvedBy) body.approvedBy = identityRef(approval.approvedBy, urls);
    else delete body.approvedBy;
  }
  return body;
}

export function artifactJson(artifact: FakeArtifact, urls: Urls): Json {
  const template = templates.release().artifacts[0];
  const build = artifact.build;
  const p = build.project;
  const collection = build.org.id;
  const ref = template.definitionReference;
  const values: Record<string, { id: string | null; name: string | null }> = {
    artifactSourceDefinitionUrl: {
      id: `${urls.org}/_permalink/_build/index?collectionId=${collection}&projectId=${p.id}&definitionId=${build.pipeline.id}`,
      name: '',
    },
    buildUri: { id: build.uri, name: null },
    definition: { id: String(build.pipeline.id), name: build.pipeline.name },
    IsMultiDefinitionType: { id: 'False', name: 'False' },
    IsXamlBuildArtifactType: { id: 'False', name: null },
    pullRequestMergeCommitId: { id: build.sourceVersion, name: null },
    project: { id: p.id, name: p.name },
    'repository.id': { id: build.repository.id, name: null },
    'repository.name': { id: build.repository.name, name: null },
    'repository.provider': { id: 'TfsGit', name: null },
    repository: { id: build.repository.id, name: build.repository.name },
    requestedFor: { id: build.requestedFor.displayName, name: null },
    requestedForId: { id: build.requestedFor.id, name: null },
    sourceVersion: { id: build.sourceVersion, name: null },
    version: { id: String(build.id), name: build.buildNumber },
    artifactSourceVersionUrl: {
      id: `${urls.org}/_permalink/_build/index?collectionId=${collection}&projectId=${p.id}&buildId=${build.id}`,
      name: '',
    },
    branch: { id: build.sourceBranch, name: build.sourceBranch },
  };
  for (const key of Object.keys(ref)) ref[key] = values[key] ?? ref[key];
  if (!build.pullRequest) delete ref.pullRequestMergeCommitId;
  return Object.assign(template, {
    sourceId: `${p.id}:${build.pipeline.id}`,
    type: 'Build',
    alias: artifact.alias,
    definitionReference: ref,
    isPrimary: artifact.isPrimary,
    isRetained: true,
  });
}

export function deploymentJson(d: FakeClassicDeployment, urls: Urls, withArtifacts: boolean): Json {
  const release = d.release;
  const env = d.environment;
  const u = releaseUrls(release, urls);
  const body = templates.deployment();
  Object.assign(body.release, {
    id: release.id,
    name: release.name,
    url: u.self,
    artifacts: withArtifacts ? release.artifacts.map((a) => artifactJson(a, urls)) : [],
    webAccessUri: u.web,
    _links: { self: { href: u.self }, web: { href: u.web } },
  });
  Object.assign(body, {
    id: d.id,
    releaseDefinition: {
      id: release.definition.id,
      name: release.definition.name,
      url: u.definitionSelf,
      _links: { self: { href: u.definitionSelf }, web: { href: u.definitionWeb } },
    },
    releaseEnvironment: { id: env.id, name: env.name, _links: {} },
    definitionEnvironmentId: env.definitionEnvironmentId,
    attempt: d.attempt,
    reason: d.reason,
    deploymentStatus: d.deploymentStatus,
    operationStatus: d.operationStatus,
    requestedBy: identityRef(d.requestedBy, urls),
    requestedFor: identityRef(d.requestedFor, urls),
    queuedOn: iso(d.queuedOn),
    startedOn: iso(d.startedOn),
    lastModifiedOn: iso(d.lastModifiedOn),
    lastModifiedBy: identityRef(release.org.system.releaseManagement, urls),
    conditions: [],
    scheduledDeploymentTime: ZERO_DATE,
    preDeployApprovals: d.preDeployApprovals.map((a) => releaseApprovalJson(a, release, env, urls)),
    postDeployApprovals: d.postDeployApprovals.map((a) => releaseApprovalJson(a, release, env, urls)),
    _links: {},
  });
  const withProject = insertAfter(body, 'releaseEnvironment', {
    projectReference: { id: release.project.id, name: null },
  });
  return insertAfter(withProject, 'startedOn', d.completedOn ? { completedOn: iso(d.completedOn) } : {});
}

function deployStepJson(d: FakeClassicDeployment, template: Json, urls: Urls): Json {
  const step = structuredClone(template);
  const ran = d.deploymentStatus !== 'notDeployed';
  const phaseStart = new Date((d.preDeployApprovals.map((a) => a.modifiedOn.getTime()).sort().pop() ?? d.startedOn.getTime()) + 2000);
  const phaseEnd = d.completedOn ?? new Date(phaseStart.getTime() + 60_000);
  const taskStatus = d.deploymentStatus === 'succeeded' ? 'succeeded' : d.deploymentStatus === 'inProgress' ? 'inProgress' : d.deploymentStatus === 'partiallySucceeded' ? 'succeededWithIssues' : 'failed';
  const phases: Json[] = ran
    ? step.releaseDeployPhases.slice(0, 1).map((phase: Json) => {
        const span = phaseEnd.getTime() - phaseStart.getTime();
        phase.id = d.id;
        phase.phaseId = String(d.id);
        phase.status = d.deploymentStatus === 'inProgress' ? 'inProgress' : d.deploymentStatus;
        phase.runPlanId = guidFrom(d.release.org.name, 'release-plan', d.id);
        phase.startedOn = iso(phaseStart);
        for (const dj of phase.deploymentJobs ?? []) {
          const all: Json[] = [dj.job, ...(dj.tasks ?? [])];
          all.forEach((t, i) => {
            const s = new Date(phaseStart.getTime() + (i * span) / (all.length + 1));
            const e = i === 0 ? phaseEnd : new Date(s.getTime() + span / (all.length + 1));
            t.dateStarted = t.startTime = iso(s);
            t.dateEnded = t.finishTime = iso(e);
            t.status = i === all.length - 1 || i === 0 ? taskStatus : 'succeeded';
          });
        }
        return phase;
      })
    : [];
  Object.assign(step, {
    id: d.id * 3 + 1,
    deploymentId: d.id,
    attempt: d.attempt,
    reason: d.reason,
    status: d.deploymentStatus,
    operationStatus: d.operationStatus,
    releaseDeployPhases: phases,
    requestedBy: identityRef(d.requestedBy, urls),
    requestedFor: identityRef(d.requestedFor, urls),
    queuedOn: iso(d.queuedOn),
    lastModifiedBy: identityRef(d.release.org.system.releaseManagement, urls),
    lastModifiedOn: iso(d.lastModifiedOn),
    hasStarted: ran,
    tasks: [],
    runPlanId: '00000000-0000-0000-0000-000000000000',
    issues: [],
  });
  return step;
}

function releaseEnvironmentJson(env: FakeReleaseEnvironment, template: Json, urls: Urls): Json {
  const release = env.release;
  const u = releaseUrls(release, urls);
  const e = structuredClone(template);
  const latest = env.latest;
  const manual = latest?.preDeployApprovals.filter((a) => !a.isAutomated) ?? [];
  const previous = release.environments[env.rank - 2];
  const alias = release.artifacts[0]?.alias ?? '_artifact';
  for (const phase of e.deployPhasesSnapshot ?? []) {
    for (const input of phase.deploymentInput?.artifactsDownloadInput?.downloadInputs ?? []) input.alias = alias;
  }
  const minutes =
    latest?.completedOn && latest.startedOn ? (latest.completedOn.getTime() - latest.startedOn.getTime()) / 60_000 : 0;
  Object.assign(e, {
    id: env.id,
    releaseId: release.id,
    name: env.name,
    status: env.status,
    variables: {},
    variableGroups: [],
    preDeployApprovals: env.deployments.flatMap((d) => d.preDeployApprovals.map((a) => releaseApprovalJson(a, release, env, urls))),
    postDeployApprovals: env.deployments.flatMap((d) => d.postDeployApprovals.map((a) => releaseApprovalJson(a, release, env, urls))),
    preApprovalsSnapshot: {
      approvals: manual.length
        ? manual.map((a) => ({
            rank: a.rank,
            isAutomated: false,
            isNotificationOn: false,
            approver: a.approver ? identityRef(a.approver, urls) : undefined,
            id: 0,
          }))
        : [{ rank: 1, isAutomated: true, isNotificationOn: false, id: 0 }],
      approvalOptions: {
        requiredApproverCount: manual.length ? 1 : 0,
        releaseCreatorCanBeApprover: false,
        autoTriggeredAndPreviousEnvironmentApprovedCanBeSkipped: false,
        enforceIdentityRevalidation: false,
        timeoutInMinutes: 0,
        executionOrder: 'beforeGates',
      },
    },
    deploySteps: env.deployments.map((d) => deployStepJson(d, template.deploySteps[0], urls)),
    rank: env.rank,
    definitionEnvironmentId: env.definitionEnvironmentId,
    demands: [],
    conditions: previous
      ? [{ result: env.status !== 'notStarted', name: previous.name, conditionType: 'environmentState', value: '4' }]
      : [{ result: true, name: 'ReleaseStarted', conditionType: 'event', value: '' }],
    createdOn: iso(release.createdOn),
    modifiedOn: iso(latest?.lastModifiedOn ?? release.createdOn),
    workflowTasks: [],
    owner: identityRef(env.owner, urls),
    schedules: [],
    release: { id: release.id, name: release.name, url: u.self, _links: { web: { href: u.web }, self: { href: u.self } } },
    releaseDefinition: {
      id: release.definition.id,
      name: release.definition.name,
      path: release.definition.path,
      projectReference: null,
      url: u.definitionSelf,
      _links: { web: { href: u.definitionWeb }, self: { href: u.definitionSelf } },
    },
    releaseCreatedBy: identityRef(release.createdBy, urls),
    triggerReason: previous ? `After successful deployment of ${previous.name}` : 'After release creation',
    timeToDeploy: minutes,
    processParameters: {},
  });
  return e;
}

export function releaseJson(release: FakeRelease, urls: Urls): Json {
  const body = templates.release();
  const envTemplate = body.environments[body.environments.length - 1];
  const u = releaseUrls(release, urls);
  return Object.assign(body, {
    id: release.id,
    name: release.name,
    status: 'active',
    createdOn: iso(release.createdOn),
    modifiedOn: iso(release.modifiedOn),
    modifiedBy: identityRef(release.createdBy, urls),
    createdBy: identityRef(release.createdBy, urls),
    environments: release.environments.map((env) => releaseEnvironmentJson(env, envTemplate, urls)),
    variables: {},
    variableGroups: [],
    artifacts: release.artifacts.map((a) => artifactJson(a, urls)),
    releaseDefinition: {
      id: release.definition.id,
      name: release.definition.name,
      path: release.definition.path,
      projectReference: null,
      url: u.definitionSelf,
      _links: { self: { href: u.definitionSelf }, web: { href: u.definitionWeb } },
    },
    description: release.description,
    reason: release.reason,
    releaseNameFormat: 'Release-$(rev:r)',
    keepForever: false,
    definitionSnapshotRevision: 1,
    logsContainerUrl: `${u.self}/logs`,
    url: u.self,
    _links: { self: { href: u.self }, web: { href: u.web } },
    tags: [],
    triggeringArtifactAlias: release.reason === 'continuousIntegration' ? (release.artifacts[0]?.alias ?? null) : null,
    projectReference: { id: release.project.id, name: null },
    properties: {},
  });
}

function timeParam(value: string | null): number | undefined {
  if (!value) return undefined;
  const ms = isoToMs(value) ?? Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A flags enum query parameter: names (comma-separated, any casing) or a number; 0 (none, or all) filters nothing. */
function flags(table: typeof Enums.DeploymentStatus, value: string | null): number {
  if (!value) return 0;
  let mask = 0;
  for (const part of value.split(',').map((v) => v.trim()).filter(Boolean)) {
    const n = /^\d+$/.test(part) ? Number(part) : table.toNumber(part);
    if (typeof n === 'number') mask |= n;
  }
  const all = table.toNumber('all') as number;
  return mask === all ? 0 : mask;
}

function deploymentsList(ctx: RouteContext): Reply {
  const q = caseInsensitive(ctx.query);
  const descending = (q.get('queryorder') ?? 'descending').toLowerCase() !== 'ascending' && q.get('queryorder') !== '1';
  const top = Math.min(MAX_DEPLOYMENTS_TOP, pageSize(ctx, intParam(q, '$top', 'top'), DEFAULT_DEPLOYMENTS_TOP));
  const token = intParam(q, 'continuationtoken');
  const minStarted = timeParam(q.get('minstartedtime'));
  const maxStarted = timeParam(q.get('maxstartedtime'));
  const minModified = timeParam(q.get('minmodifiedtime'));
  const maxModified = timeParam(q.get('maxmodifiedtime'));
  const statusMask = flags(Enums.DeploymentStatus, q.get('deploymentstatus'));
  const operationMask = flags(Enums.DeploymentOperationStatus, q.get('operationstatus'));
  const sourceBranch = q.get('sourcebranch')?.toLowerCase();
  const definitionId = intParam(q, 'definitionid');
  const definitionEnvironmentId = intParam(q, 'definitionenvironmentid');
  const latestOnly = (q.get('latestattemptsonly') ?? '').toLowerCase() === 'true';
  const createdBy = q.get('createdby')?.toLowerCase();

  let items = ctx.org.classicDeployments(ctx.project);
  if (!descending) items = [...items].reverse();
  items = items.filter((d) => {
    const started = d.startedOn.getTime();
    const modified = d.lastModifiedOn.getTime();
    if (minStarted !== undefined && started < minStarted) return false;
    if (maxStarted !== undefined && started > maxStarted) return false;
    if (minModified !== undefined && modified < minModified) return false;
    if (maxModified !== undefined && modified > maxModified) return false;
    if (statusMask && !(statusMask & (Enums.DeploymentStatus.toNumber(d.deploymentStatus) as number))) return false;
    if (operationMask && !(operationMask & ((Enums.DeploymentOperationStatus.toNumber(d.operationStatus) as number) || 0))) return false;
    if (sourceBranch && (d.release.artifacts[0]?.build.sourceBranch.toLowerCase() ?? '') !== sourceBranch) return false;
    if (definitionId !== undefined && d.release.definition.id !== definitionId) return false;
    if (definitionEnvironmentId !== undefined && d.environment.definitionEnvironmentId !== definitionEnvironmentId) return false;
    if (latestOnly && !d.isLatestAttempt) return false;
    if (createdBy && d.requestedBy.id !== createdBy && d.requestedBy.uniqueName.toLowerCase() !== createdBy) return false;
    if (token !== undefined && (descending ? d.id > token : d.id < token)) return false;
    return true;
  });
  const page = items.slice(0, top);
  const next = items[top];
  return list(
    page.map((d) => deploymentJson(d, ctx.urls, ctx.behaviour.deploymentArtifactsInList)),
    DEPLOYMENT_ENUMS,
    next ? String(next.id) : null,
  );
}

/** $expand as names ("environments,artifacts") or as the ReleaseExpands flags in one number. */
function releaseExpands(value: string | null): Set<string> {
  const names = ['environments', 'artifacts', 'approvals', 'manualInterventions', 'variables', 'tags'];
  if (!value) return new Set();
  if (/^\d+$/.test(value.trim())) return new Set(names.filter((name) => Number(value) & (Enums.ReleaseExpands.toNumber(name) as number)));
  return new Set(value.split(',').map((name) => Enums.ReleaseExpands.parse(name.trim()) ?? ''));
}

/**
 * The releases list, like Microsoft's example: without $expand a release has neither environments nor artifacts.
 * Ordered by creation (newest first by default); the continuation token is the id of the next page's first release.
 */
function releasesList(ctx: RouteContext): Reply {
  const q = caseInsensitive(ctx.query);
  const descending = Enums.ReleaseQueryOrder.parse(q.get('queryorder')) !== 'ascending';
  const top = Math.min(MAX_RELEASES_TOP, pageSize(ctx, intParam(q, '$top', 'top'), DEFAULT_RELEASES_TOP));
  const token = intParam(q, 'continuationtoken');
  const definitionId = intParam(q, 'definitionid');
  const ids = q.get('releaseidfilter')?.split(',').filter((id) => id.trim()).map(Number);
  const expand = releaseExpands(q.get('$expand'));

  const items = ctx.project.releases
    .filter((r) => !r.deleted && (definitionId === undefined || r.definition.id === definitionId) && (!ids?.length || ids.includes(r.id)))
    .sort((a, b) => (a.createdOn.getTime() - b.createdOn.getTime() || a.id - b.id) * (descending ? -1 : 1));
  const start = token === undefined ? 0 : items.findIndex((r) => r.id === token);
  const rest = start < 0 ? [] : items.slice(start);
  const next = rest[top];
  return list(
    rest.slice(0, top).map((release) => {
      const body = releaseJson(release, ctx.urls);
      if (!expand.has('environments')) delete body.environments;
      if (!expand.has('artifacts')) delete body.artifacts;
      return body;
    }),
    RELEASE_ENUMS,
    next ? String(next.id) : null,
  );
}

export const releaseRoutes: Route[] = [
  {
    id: 'release.deployments',
    host: 'vsrm',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/release\/deployments\/?$/i,
    area: 'release',
    projectScoped: true,
    handle: deploymentsList,
  },
  {
    id: 'release.list',
    host: 'vsrm',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/release\/releases\/?$/i,
    area: 'release',
    projectScoped: true,
    handle: releasesList,
  },
  {
    id: 'release.get',
    host: 'vsrm',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/release\/releases\/(?<releaseId>\d+)\/?$/i,
    area: 'release',
    projectScoped: true,
    handle: (ctx) => {
      const release = ctx.project.releases.find((r) => String(r.id) === ctx.params.releaseId && !r.deleted);
      return release
        ? json(releaseJson(release, ctx.urls), RELEASE_ENUMS)
        : fail(404, Errors.releaseNotFound(ctx.params.releaseId));
    },
  },
];
