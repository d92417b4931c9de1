/**
 * Work item tracking: the work items linked to artifacts (`POST {project}/_apis/wit/artifacturiquery`, wit spec and
 * Microsoft's example): builds (vstfs:///Build/Build/{id}), pull requests (vstfs:///Git/PullRequestId/{project}%2F
 * {repository}%2F{id}) and commits (vstfs:///Git/Commit/{project}%2F{repository}%2F{sha}). Every artifact asked for is
 * in the answer, with an empty list when nothing is linked to it.
 */
import { Errors } from '../format';
import type { Json } from '../samples';
import { fail, json, type Route, type RouteContext } from './common';

const BUILD = /^vstfs:\/\/\/build\/build\/(\d+)$/i;
const PULL_REQUEST = /^vstfs:\/\/\/git\/pullrequestid\/([^%/]+)%2f([^%/]+)%2f(\d+)$/i;
const COMMIT = /^vstfs:\/\/\/git\/commit\/([^%/]+)%2f([^%/]+)%2f([0-9a-f]{40})$/i;

function linkedTo(ctx: RouteContext, uri: string): number[] {
  const build = BUILD.exec(uri);
  if (build) {
    const found = ctx.org.findBuild(build[1]);
    return found && !found.deleted ? found.workItems : [];
  }
  const pullRequest = PULL_REQUEST.exec(uri);
  if (pullRequest) {
    const found = ctx.org.findProject(pullRequest[1])?.pullRequests.find((pr) => pr.repository.id === pullRequest[2].toLowerCase() && pr.id === Number(pullRequest[3]));
    return found?.workItems ?? [];
  }
  // A commit: the work items of the completed pull requests that merged it (Azure DevOps links them on completion).
  const commit = COMMIT.exec(uri);
  if (commit) {
    return ctx.org.pullRequestsByMergeCommit(commit[3]).filter((pr) => pr.status === 'completed' && pr.repository.id === commit[2].toLowerCase()).flatMap((pr) => pr.workItems);
  }
  return [];
}

function artifactUriQuery(ctx: RouteContext) {
  const body = (ctx.body ?? {}) as Json;
  if (!Array.isArray(body.artifactUris)) return fail(400, Errors.badRequest('artifactUris is required'));
  const result: Record<string, Json[]> = {};
  for (const uri of body.artifactUris.map(String)) {
    result[uri] = [...new Set(linkedTo(ctx, uri))].map((id) => ({ id, url: `${ctx.urls.org}/_apis/wit/workItems/${id}` }));
  }
  return json({ artifactUrisQueryResult: result });
}

export const witRoutes: Route[] = [
  {
    id: 'wit.artifactUriQuery',
    host: 'main',
    method: 'POST',
    pattern: /^\/(?<project>[^/]+)\/_apis\/wit\/artifacturiquery\/?$/i,
    area: 'core',
    projectScoped: true,
    handle: artifactUriQuery,
  },
];
