/**
 * Git and policy: pull requests (by repository, by project, by merge commit via pullrequestquery), their work
 * items and their policy evaluations. Pull request objects follow Microsoft's example and a captured merged PR.
 */
import { Enums, Errors, vssError, type EnumSpec } from '../format';
import type { FakeCommit, FakeIdentity, FakePolicyConfiguration, FakeProject, FakePullRequest, FakeRepository, FakeReviewer, PullRequestStatus } from '../model';
import { templates, type Json } from '../samples';
import { workItemRefs } from './build';
import { caseInsensitive, fail, identityRef, intParam, iso, json, list, pageSize, projectRef, type Reply, type Route, type RouteContext, type Urls } from './common';

export const DEFAULT_PULL_REQUESTS_TOP = 101;

export const PULL_REQUEST_ENUMS: EnumSpec = {
  status: Enums.PullRequestStatus,
  mergeStatus: Enums.PullRequestAsyncStatus,
  completionOptions: { mergeStrategy: Enums.GitPullRequestMergeStrategy },
};

export const PULL_REQUEST_QUERY_ENUMS: EnumSpec = {
  queries: { type: Enums.GitPullRequestQueryType },
  results: { '*': PULL_REQUEST_ENUMS },
};

export const POLICY_EVALUATION_ENUMS: EnumSpec = { status: Enums.PolicyEvaluationStatus };

function repoBase(repo: FakeRepository, urls: Urls): string {
  return `${urls.org}/${repo.project.id}/_apis/git/repositories/${repo.id}`;
}

function repositoryJson(repo: FakeRepository, urls: Urls, full: boolean): Json {
  const p = repo.project;
  const web = `${urls.org}/${encodeURIComponent(p.name)}/_git/${encodeURIComponent(repo.name)}`;
  if (!full) {
    return { id: repo.id, name: repo.name, url: repoBase(repo, urls), project: { id: p.id, name: p.name, state: 'unchanged' } };
  }
  return {
    id: repo.id,
    name: repo.name,
    url: repoBase(repo, urls),
    project: projectRef(p, urls),
    size: 624570,
    remoteUrl: web,
    sshUrl: `git@ssh.dev.azure.com:v3/${repo.project.org.name}/${encodeURIComponent(p.name)}/${encodeURIComponent(repo.name)}`,
    webUrl: web,
    isDisabled: false,
  };
}

function reviewerJson(pr: FakePullRequest, r: FakeReviewer, urls: Urls): Json {
  const base = identityRef(r.identity, urls);
  const out: Json = {
    reviewerUrl: `${repoBase(pr.repository, urls)}/pullRequests/${pr.id}/reviewers/${r.identity.id}`,
    vote: r.vote,
    hasDeclined: r.hasDeclined,
    isFlagged: false,
  };
  if (r.isRequired) out.isRequired = true;
  if (r.votedFor.length) {
    out.votedFor = r.votedFor.map((g: FakeIdentity) => ({
      reviewerUrl: `${repoBase(pr.repository, urls)}/pullRequests/${pr.id}/reviewers/${g.id}`,
      vote: r.vote,
      displayName: g.displayName,
      url: `${urls.org}/_apis/Identities/${g.id}`,
      id: g.id,
      uniqueName: g.uniqueName,
      imageUrl: `${urls.org}/_api/_common/identityImage?id=${g.id}`,
      isContainer: true,
    }));
  }
  const { descriptor: _descriptor, ...rest } = base;
  return { ...out, ...rest };
}

function commitRef(repo: FakeRepository, sha: string, urls: Urls): Json {
  return { commitId: sha, url: `${repoBase(repo, urls)}/commits/${sha}` };
}

/** GitPullRequest: `detail` is the shape of GET …/pullRequests/{id}; lists omit _links and artifactId. */
export function pullRequestJson(pr: FakePullRequest, urls: Urls, detail: boolean): Json {
  const repo = pr.repository;
  const base = `${repoBase(repo, urls)}/pullRequests/${pr.id}`;
  const closed = pr.closedDate !== null;
  const mergeMessage = `Merged PR ${pr.id}: ${pr.title}`;
  const lastMergeCommit: Json = detail
    ? {
        commitId: pr.mergeCommit,
        author: { name: pr.createdBy.displayName, email: pr.createdBy.uniqueName, date: iso(pr.closedDate ?? pr.creationDate) },
        committer: { name: pr.createdBy.displayName, email: pr.createdBy.uniqueName, date: iso(pr.closedDate ?? pr.creationDate) },
        comment: closed ? mergeMessage : `Merge pull request ${pr.id} from ${pr.sourceRefName.replace(/^refs\/heads\//, '')} into ${pr.targetRefName.replace(/^refs\/heads\//, '')}`,
        url: `${repoBase(repo, urls)}/commits/${pr.mergeCommit}`,
      }
    : commitRef(repo, pr.mergeCommit, urls);
  const body: Json = {
    repository: repositoryJson(repo, urls, detail),
    pullRequestId: pr.id,
    codeReviewId: pr.id,
    status: pr.status,
    createdBy: identityRef(pr.createdBy, urls),
    creationDate: iso(pr.creationDate),
  };
  if (closed) body.closedDate = iso(pr.closedDate);
  Object.assign(body, {
    title: pr.title,
    description: pr.description,
    sourceRefName: pr.sourceRefName,
    targetRefName: pr.targetRefName,
    mergeStatus: pr.status === 'abandoned' ? 'notSet' : 'succeeded',
    isDraft: pr.isDraft,
    mergeId: pr.mergeId,
    lastMergeSourceCommit: commitRef(repo, pr.sourceCommit, urls),
    lastMergeTargetCommit: commitRef(repo, pr.targetCommit, urls),
    lastMergeCommit,
    reviewers: pr.reviewers.map((r) => reviewerJson(pr, r, urls)),
    url: base,
  });
  if (detail) {
    const template = templates.pullRequest();
    body._links = template._links;
    for (const key of Object.keys(body._links)) {
      body._links[key] = {
        href: {
          self: base,
          repository: repoBase(repo, urls),
          workItems: `${base}/workitems`,
          sourceBranch: `${repoBase(repo, urls)}/refs`,
          targetBranch: `${repoBase(repo, urls)}/refs`,
          sourceCommit: `${repoBase(repo, urls)}/commits/${pr.sourceCommit}`,
          targetCommit: `${repoBase(repo, urls)}/commits/${pr.targetCommit}`,
          createdBy: `${urls.org}/_apis/Identities/${pr.createdBy.id}`,
          iterations: `${base}/iterations`,
        }[key] ?? base,
      };
    }
    body._links.web = { href: `${urls.org}/${encodeURIComponent(pr.project.name)}/_git/${encodeURIComponent(repo.name)}/pullrequest/${pr.id}` };
    body._links.statuses = { href: `${base}/statuses` };
  }
  if (pr.status === 'completed') {
    const options: Json = { mergeCommitMessage: `${mergeMessage}\n\n${pr.description}` };
    if (pr.bypassPolicy) {
      options.bypassPolicy = true;
      options.bypassReason = pr.bypassReason ?? '';
    }
    Object.assign(options, {
      deleteSourceBranch: true,
      mergeStrategy: pr.mergeStrategy,
      transitionWorkItems: true,
      autoCompleteIgnoreConfigIds: [],
    });
    body.completionOptions = options;
  }
  body.supportsIterations = true;
  if (pr.status === 'completed' && pr.closedDate) body.completionQueueTime = iso(new Date(pr.closedDate.getTime() - 1500));
  if (closed && pr.closedBy) body.closedBy = identityRef(pr.closedBy, urls);
  if (detail) {
    body.artifactId = `vstfs:///Git/PullRequestId/${pr.project.id}%2f${repo.id}%2f${pr.id}`;
  }
  return body;
}

/** PolicyConfiguration (policy spec) from the captured configuration. */
export function policyConfigurationJson(c: FakePolicyConfiguration, project: FakeProject, urls: Urls): Json {
  const base = `${urls.org}/${project.id}/_apis/policy`;
  const configuration = templates.policyConfiguration();
  return Object.assign(configuration, {
    createdBy: identityRef(c.createdBy, urls),
    createdDate: iso(c.createdDate),
    isEnabled: c.isEnabled,
    isBlocking: c.isBlocking,
    isDeleted: false,
    settings: c.settings,
    _links: {
      self: { href: `${base}/configurations/${c.id}` },
      policyType: { href: `${base}/types/${c.typeId}` },
    },
    revision: c.revision,
    id: c.id,
    url: `${base}/configurations/${c.id}`,
    type: { id: c.typeId, url: `${base}/types/${c.typeId}`, displayName: c.typeName },
  });
}

export const DEFAULT_POLICY_CONFIGURATIONS_TOP = 100;

/** The project's policy configurations by id, paged by the id of the next page's first one (x-ms-continuationtoken). */
function policyConfigurations(ctx: RouteContext): Reply {
  const q = caseInsensitive(ctx.query);
  const top = pageSize(ctx, intParam(q, '$top'), DEFAULT_POLICY_CONFIGURATIONS_TOP);
  const from = intParam(q, 'continuationtoken') ?? 0;
  const type = q.get('policytype')?.toLowerCase();
  const scope = q.get('scope')?.toLowerCase();
  const items = ctx.project.branchPolicies
    .map((p) => p.configuration)
    .filter((c) => c.id >= from && (!type || c.typeId === type))
    .filter((c) => !scope || JSON.stringify(c.settings.scope ?? []).toLowerCase().includes(scope))
    .sort((a, b) => a.id - b.id);
  const next = items[top];
  return list(items.slice(0, top).map((c) => policyConfigurationJson(c, ctx.project, ctx.urls)), undefined, next ? String(next.id) : null);
}

/** GitCommitRef as the commits list writes it. */
export function commitJson(repo: FakeRepository, commit: FakeCommit, urls: Urls): Json {
  const who = (d: Date) => ({ name: commit.author.displayName, email: commit.author.uniqueName, date: iso(d) });
  const firstLine = commit.comment.split('\n')[0];
  const body: Json = {
    commitId: commit.id,
    author: who(commit.date),
    committer: { name: commit.pusher.displayName, email: commit.pusher.uniqueName, date: iso(commit.date) },
    comment: firstLine.length > 100 ? firstLine.slice(0, 100) : firstLine,
  };
  if (firstLine !== commit.comment || firstLine.length > 100) body.commentTruncated = true;
  Object.assign(body, {
    changeCounts: { Add: 0, Edit: 1 + (commit.seq % 4), Delete: 0 },
    url: `${repoBase(repo, urls)}/commits/${commit.id}`,
    remoteUrl: `${urls.org}/${encodeURIComponent(repo.project.name)}/_git/${encodeURIComponent(repo.name)}/commit/${commit.id}`,
  });
  return body;
}

/** A GitVersionDescriptor of the commits search: a commit id or a branch name (default type: branch). */
function resolveVersion(repo: FakeRepository, version: string | null, type: string | null): string | null | undefined {
  if (!version) return null;
  const kind = (type ?? 'branch').toLowerCase();
  if (kind === 'commit' || kind === '2') return repo.git.get(version)?.id;
  if (kind === 'tag' || kind === '1') return undefined;
  return repo.git.tip(version);
}

function commitsList(ctx: RouteContext, repo: FakeRepository): Reply {
  const q = caseInsensitive(ctx.query);
  const item = resolveVersion(repo, q.get('searchcriteria.itemversion.version'), q.get('searchcriteria.itemversion.versiontype'));
  const compare = resolveVersion(repo, q.get('searchcriteria.compareversion.version'), q.get('searchcriteria.compareversion.versiontype'));
  if (item === undefined || compare === undefined) {
    return fail(404, vssError('GitUnresolvableToCommitException', 'Microsoft.TeamFoundation.Git.Server.GitUnresolvableToCommitException, Microsoft.TeamFoundation.Git.Server', 'The version could not be resolved to a commit.'));
  }
  const start = item ?? repo.git.tip(`refs/heads/${repo.defaultBranch}`);
  let commits = start ? repo.git.range(compare, start) : [];
  const fromDate = Date.parse(q.get('searchcriteria.fromdate') ?? '');
  const toDate = Date.parse(q.get('searchcriteria.todate') ?? '');
  const author = q.get('searchcriteria.author')?.toLowerCase();
  if (!Number.isNaN(fromDate)) commits = commits.filter((c) => c.date.getTime() >= fromDate);
  if (!Number.isNaN(toDate)) commits = commits.filter((c) => c.date.getTime() <= toDate);
  if (author) commits = commits.filter((c) => c.author.displayName.toLowerCase().includes(author) || c.author.uniqueName.toLowerCase().includes(author));
  const skip = intParam(q, 'searchcriteria.$skip', '$skip', 'skip') ?? 0;
  const top = intParam(q, 'searchcriteria.$top', '$top', 'top') ?? 100;
  return list(commits.slice(skip, skip + top).map((c) => commitJson(repo, c, ctx.urls)));
}

export function policyEvaluationJson(pr: FakePullRequest, index: number, urls: Urls): Json {
  const evaluation = pr.policyEvaluations[index];
  const c = evaluation.configuration;
  const base = `${urls.org}/${pr.project.id}/_apis/policy`;
  const configuration = templates.policyConfiguration();
  Object.assign(configuration, {
    createdBy: identityRef(c.createdBy, urls),
    createdDate: iso(c.createdDate),
    isEnabled: c.isEnabled,
    isBlocking: c.isBlocking,
    isDeleted: false,
    settings: c.settings,
    _links: {
      self: { href: `${base}/configurations/${c.id}` },
      policyType: { href: `${base}/types/${c.typeId}` },
    },
    revision: c.revision,
    id: c.id,
    url: `${base}/configurations/${c.id}`,
    type: { id: c.typeId, url: `${base}/types/${c.typeId}`, displayName: c.typeName },
  });
  const record: Json = {
    configuration,
    artifactId: pr.policyArtifactId,
    evaluationId: evaluation.evaluationId,
    startedDate: iso(evaluation.startedDate),
  };
  if (evaluation.completedDate) record.completedDate = iso(evaluation.completedDate);
  record.status = evaluation.status;
  if (c.typeName === 'Build') {
    record.context = {
      lastMergeCommitId: pr.mergeCommit,
      lastMergeSourceCommitId: pr.sourceCommit,
      lastMergeTargetCommitId: pr.targetCommit,
      buildDefinitionId: (c.settings as { buildDefinitionId?: number }).buildDefinitionId ?? 1,
      buildStartedUtc: iso(evaluation.startedDate),
      isExpired: false,
      buildIsNotCurrent: false,
      wasAutoRequeued: false,
    };
  }
  return record;
}

/** A repository of the project by id or name, as the service accepts either in its routes. */
function findRepository(project: FakeProject, idOrName: string): FakeRepository | undefined {
  const key = decodeURIComponent(idOrName).toLowerCase();
  return project.repositories.find((r) => r.id === key || r.name.toLowerCase() === key);
}

/** Answers for the route's repository, or the service's 404 (TF401019) when there is none. */
export function withRepository(ctx: RouteContext, then: (repo: FakeRepository) => Reply): Reply {
  const repo = findRepository(ctx.project, ctx.params.repositoryId);
  return repo ? then(repo) : fail(404, Errors.repositoryNotFound(ctx.params.repositoryId));
}

function pullRequestList(ctx: RouteContext, repo: FakeRepository | null): Reply {
  const q = caseInsensitive(ctx.query);
  const status = (Enums.PullRequestStatus.parse(q.get('searchcriteria.status')) ?? 'active') as PullRequestStatus | 'all' | 'notSet';
  const target = q.get('searchcriteria.targetrefname')?.toLowerCase();
  const source = q.get('searchcriteria.sourcerefname')?.toLowerCase();
  const creator = q.get('searchcriteria.creatorid')?.toLowerCase();
  const reviewer = q.get('searchcriteria.reviewerid')?.toLowerCase();
  const repositoryId = q.get('searchcriteria.repositoryid')?.toLowerCase();
  const skip = intParam(q, '$skip') ?? 0;
  const top = intParam(q, '$top') ?? DEFAULT_PULL_REQUESTS_TOP;
  const prs = ctx.project.pullRequests
    .filter((pr) => (repo ? pr.repository === repo : true))
    .filter((pr) => (repositoryId ? pr.repository.id === repositoryId : true))
    .filter((pr) => (status === 'all' || status === 'notSet' ? true : pr.status === status))
    .filter((pr) => (target ? pr.targetRefName.toLowerCase() === target : true))
    .filter((pr) => (source ? pr.sourceRefName.toLowerCase() === source : true))
    .filter((pr) => (creator ? pr.createdBy.id === creator : true))
    .filter((pr) => (reviewer ? pr.reviewers.some((r) => r.identity.id === reviewer) : true))
    .sort((a, b) => b.id - a.id)
    .slice(skip, skip + top);
  return list(prs.map((pr) => pullRequestJson(pr, ctx.urls, false)), PULL_REQUEST_ENUMS);
}

function pullRequestQuery(ctx: RouteContext, repo: FakeRepository): Reply {
  const body = (ctx.body ?? {}) as Json;
  const queries: Json[] = Array.isArray(body.queries) ? body.queries : [];
  const results = queries.map((query) => {
    const type = Enums.GitPullRequestQueryType.parse(String(query?.type ?? 'lastMergeCommit')) ?? 'lastMergeCommit';
    const items: string[] = Array.isArray(query?.items) ? query.items.map((i: unknown) => String(i).toLowerCase()) : [];
    const found: Record<string, Json[]> = {};
    for (const sha of items) {
      const prs =
        type === 'commit'
          ? ctx.project.pullRequests.filter((pr) => pr.repository === repo && (pr.commits.includes(sha) || pr.sourceCommit === sha))
          : ctx.org.pullRequestsByMergeCommit(sha).filter((pr) => pr.repository === repo);
      if (prs.length) found[sha] = prs.map((pr) => pullRequestJson(pr, ctx.urls, false));
    }
    return found;
  });
  return json({ queries, results }, PULL_REQUEST_QUERY_ENUMS);
}

function findPullRequest(ctx: RouteContext, repo: FakeRepository | null): FakePullRequest | undefined {
  return ctx.project.pullRequests.find(
    (pr) => String(pr.id) === ctx.params.pullRequestId && (repo === null || pr.repository === repo),
  );
}

function policyEvaluations(ctx: RouteContext): Reply {
  const q = caseInsensitive(ctx.query);
  const artifactId = q.get('artifactid');
  if (!artifactId) return fail(400, Errors.badRequest('The artifactId parameter is required.'));
  const m = /^vstfs:\/\/\/CodeReview\/CodeReviewId\/([^/]+)\/(\d+)$/i.exec(artifactId);
  const includeNotApplicable = (q.get('includenotapplicable') ?? '').toLowerCase() === 'true';
  const skip = intParam(q, '$skip') ?? 0;
  const top = intParam(q, '$top') ?? 1000;
  const pr = m ? ctx.project.pullRequests.find((p) => p.project.id === m[1].toLowerCase() && String(p.id) === m[2]) : undefined;
  const records = pr
    ? pr.policyEvaluations
        .map((_, i) => policyEvaluationJson(pr, i, ctx.urls))
        .filter((r) => includeNotApplicable || r.status !== 'notApplicable')
    : [];
  return list(records.slice(skip, skip + top), POLICY_EVALUATION_ENUMS);
}

const REPO = '^/(?<project>[^/]+)/_apis/git/repositories/(?<repositoryId>[^/]+)';

export const gitRoutes: Route[] = [
  {
    id: 'git.pullRequestQuery',
    host: 'main',
    method: 'POST',
    pattern: new RegExp(`${REPO}/pullrequestquery/?$`, 'i'),
    area: 'git',
    projectScoped: true,
    handle: (ctx) => withRepository(ctx, (repo) => pullRequestQuery(ctx, repo)),
  },
  {
    id: 'git.pullRequests',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${REPO}/pullrequests/?$`, 'i'),
    area: 'git',
    projectScoped: true,
    handle: (ctx) => withRepository(ctx, (repo) => pullRequestList(ctx, repo)),
  },
  {
    id: 'git.pullRequest',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${REPO}/pullrequests/(?<pullRequestId>\\d+)/?$`, 'i'),
    area: 'git',
    projectScoped: true,
    handle: (ctx) =>
      withRepository(ctx, (repo) => {
        const pr = findPullRequest(ctx, repo);
        return pr
          ? json(pullRequestJson(pr, ctx.urls, true), PULL_REQUEST_ENUMS)
          : fail(404, Errors.pullRequestNotFound(ctx.params.pullRequestId));
      }),
  },
  {
    id: 'git.pullRequestWorkItems',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${REPO}/pullrequests/(?<pullRequestId>\\d+)/workitems/?$`, 'i'),
    area: 'git',
    projectScoped: true,
    handle: (ctx) =>
      withRepository(ctx, (repo) => {
        const pr = findPullRequest(ctx, repo);
        return pr ? list(workItemRefs(pr.workItems, ctx.urls)) : fail(404, Errors.pullRequestNotFound(ctx.params.pullRequestId));
      }),
  },
  {
    id: 'git.projectPullRequests',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/git\/pullrequests\/?$/i,
    area: 'git',
    projectScoped: true,
    handle: (ctx) => pullRequestList(ctx, null),
  },
  {
    id: 'git.projectPullRequest',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/git\/pullrequests\/(?<pullRequestId>\d+)\/?$/i,
    area: 'git',
    projectScoped: true,
    handle: (ctx) => {
      const pr = findPullRequest(ctx, null);
      return pr
        ? json(pullRequestJson(pr, ctx.urls, true), PULL_REQUEST_ENUMS)
        : fail(404, Errors.pullRequestNotFound(ctx.params.pullRequestId));
    },
  },
  {
    id: 'git.commits',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${REPO}/commits/?$`, 'i'),
    area: 'git',
    projectScoped: true,
    handle: (ctx) => withRepository(ctx, (repo) => commitsList(ctx, repo)),
  },
  {
    id: 'policy.configurations',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/policy\/configurations\/?$/i,
    area: 'policy',
    projectScoped: true,
    handle: policyConfigurations,
  },
  {
    id: 'policy.evaluations',
    host: 'main',
    method: 'GET',
    pattern: /^\/(?<project>[^/]+)\/_apis\/policy\/evaluations\/?$/i,
    area: 'policy',
    projectScoped: true,
    handle: policyEvaluations,
  },
];
