/** Core: projects and the resource-area lookup that tells clients which host serves which area. */
import { Errors } from '../format';
import { guidFrom } from '../ids';
import type { FakeProject } from '../model';
import type { Json } from '../samples';
import { fail, json, list, type Route, type RouteContext, type Urls } from './common';

/** Resource areas the fake serves; `host` chooses the location URL. */
export const RESOURCE_AREAS: ReadonlyArray<{ id: string; name: string; host: 'main' | 'vsrm' | 'vstmr' }> = [
  { id: '79134c72-4a58-4b42-976c-04e7115f32bf', name: 'core', host: 'main' },
  { id: '965220d5-5bb9-42cf-8d67-9b146df2a5a4', name: 'build', host: 'main' },
  { id: 'efc2f575-36ef-48e9-b672-0c6fb4a48ac5', name: 'release', host: 'vsrm' },
  { id: '4e080c62-fa21-4fbc-8fef-2a10a2b38049', name: 'git', host: 'main' },
  { id: 'c2aa639c-3ccc-4740-b3b6-ce2a1e1d984e', name: 'test', host: 'main' },
  { id: 'c83eaf52-edf3-4034-ae11-17d38f25404c', name: 'testresults', host: 'vstmr' },
  { id: '2e0bf237-8973-4ec9-a581-9c3d679d1776', name: 'pipelines', host: 'main' },
  { id: 'fb13a388-40dd-4a04-b530-013a739c72ef', name: 'policy', host: 'main' },
  { id: 'a85b8835-c1a1-4aac-ae97-1c3d0ba72dbd', name: 'distributedtask', host: 'main' },
  { id: '8477aec9-a4c7-4bd4-a456-ba4c53c989cb', name: 'Contribution', host: 'main' },
  { id: '5264459e-e5e0-4bd8-b118-0985e68a4ec5', name: 'wit', host: 'main' },
];

function areaJson(area: (typeof RESOURCE_AREAS)[number], urls: Urls): Json {
  const location = area.host === 'vsrm' ? urls.vsrm : area.host === 'vstmr' ? urls.vstmr : urls.org;
  return { id: area.id, name: area.name, locationUrl: `${location}/` };
}

export function teamProjectJson(project: FakeProject, urls: Urls): Json {
  const teamId = guidFrom(project.org.name, 'team', project.id);
  return {
    id: project.id,
    name: project.name,
    description: project.description || undefined,
    url: `${urls.org}/_apis/projects/${project.id}`,
    state: 'wellFormed',
    revision: 412,
    _links: {
      self: { href: `${urls.org}/_apis/projects/${project.id}` },
      collection: { href: `${urls.org}/_apis/projectCollections/${project.org.id}` },
      web: { href: `${urls.org}/${encodeURIComponent(project.name)}` },
    },
    visibility: 'private',
    defaultTeam: {
      id: teamId,
      name: `${project.name} Team`,
      url: `${urls.org}/_apis/projects/${project.id}/teams/${teamId}`,
    },
    lastUpdateTime: '2024-01-10T08:00:00.000Z',
  };
}

function getProject(ctx: RouteContext) {
  const key = decodeURIComponent(ctx.params.projectId);
  const project = ctx.org.findProject(key);
  return project ? json(teamProjectJson(project, ctx.urls)) : fail(404, Errors.projectNotFound(key));
}

/** Who the token belongs to, as GET {org}/_apis/connectionData answers (the host page reads its user from it). */
function connectionData(ctx: RouteContext) {
  const user = ctx.grant!.user;
  const identity = {
    id: user.id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;${user.uniqueName}`,
    subjectDescriptor: user.descriptor,
    providerDisplayName: user.displayName,
    isActive: true,
    properties: { Account: { $type: 'System.String', $value: user.uniqueName } },
    resourceVersion: 2,
    metaTypeId: 0,
  };
  return json({
    authenticatedUser: identity,
    authorizedUser: identity,
    instanceId: ctx.org.id,
    deploymentId: guidFrom('deployment', ctx.org.name),
    deploymentType: 'hosted',
    locationServiceData: {
      serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
      defaultAccessMappingMoniker: 'PublicAccessMapping',
      lastChangeId: 1,
      lastChangeId64: 1,
    },
  });
}

export const coreRoutes: Route[] = [
  {
    id: 'core.connectionData',
    host: 'main',
    method: 'GET',
    pattern: /^\/_apis\/connectionData\/?$/i,
    area: 'core',
    projectScoped: false,
    handle: connectionData,
  },
  {
    id: 'core.resourceAreas',
    host: 'main',
    method: 'GET',
    pattern: /^\/_apis\/resourceAreas\/?$/i,
    area: 'core',
    projectScoped: false,
    anonymous: true,
    handle: (ctx) => list(RESOURCE_AREAS.map((a) => areaJson(a, ctx.urls))),
  },
  {
    id: 'core.resourceArea',
    host: 'main',
    method: 'GET',
    pattern: /^\/_apis\/resourceAreas\/(?<areaId>[0-9a-f-]{36})\/?$/i,
    area: 'core',
    projectScoped: false,
    anonymous: true,
    handle: (ctx) => {
      const area = RESOURCE_AREAS.find((a) => a.id === ctx.params.areaId.toLowerCase());
      return area
        ? json(areaJson(area, ctx.urls))
        : fail(404, {
            $id: '1',
            innerException: null,
            message: `VS800006: The resource area with identifier ${ctx.params.areaId} was not found.`,
            typeName: 'Microsoft.VisualStudio.Services.Location.ResourceAreaNotFoundException, Microsoft.VisualStudio.Services.WebApi',
            typeKey: 'ResourceAreaNotFoundException',
            errorCode: 0,
            eventId: 3000,
          });
    },
  },
  {
    id: 'core.projects',
    host: 'main',
    method: 'GET',
    pattern: /^\/_apis\/projects\/?$/i,
    area: 'core',
    projectScoped: false,
    handle: (ctx) => list(ctx.org.projects.map((p) => teamProjectJson(p, ctx.urls))),
  },
  {
    id: 'core.project',
    host: 'main',
    method: 'GET',
    pattern: /^\/_apis\/projects\/(?<projectId>[^/]+)\/?$/i,
    area: 'core',
    projectScoped: false,
    handle: getProject,
  },
];
