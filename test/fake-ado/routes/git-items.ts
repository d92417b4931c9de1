/**
 * Git files: the project's repositories (Repositories_List, Repositories_Get), an item's content at a version
 * (Items_Get: `items?path=&versionDescriptor.version=&versionDescriptor.versionType=&includeContent=`) and the commits
 * search by `searchCriteria.itemPath` (the commits on a branch that touched a path, newest first). Shapes and errors
 * follow the 7.1 git spec (GitRepository, GitItem, GitCommitRef) and the TF4011xx messages the service answers with.
 *
 * Files are what `commitGitFile` committed: each commit records the paths it changed, and a file at a commit is the
 * content of the newest commit reachable from it that changed the path. The rest of the graph (git.ts) has no files.
 */
import { commitFrom } from '../ids';
import { EnumTable, Errors, vssError, type EnumSpec } from '../format';
import type { FakeGitHistory, FakeCommit } from '../git';
import { refName } from '../git';
import type { FakeIdentity, FakeProject, FakeRepository } from '../model';
import { commitJson, gitRoutes, withRepository } from './git';
import { caseInsensitive, fail, intParam, json, list, projectRef, type Reply, type Route, type RouteContext, type Urls } from './common';

const GIT_OBJECT_TYPE = new EnumTable('GitObjectType', { bad: 0, commit: 1, tree: 2, blob: 3, tag: 4, ext2: 5, ofsDelta: 6, refDelta: 7 });
const ITEM_ENUMS: EnumSpec = { gitObjectType: GIT_OBJECT_TYPE };

/** Per repository history: commit id → the paths (lower-cased) it changed and their new content. */
const CHANGES = new WeakMap<FakeGitHistory, Map<string, Map<string, { path: string; content: string }>>>();

export interface GitFileCommit {
  branch: string;
  path: string;
  content: string;
  author: FakeIdentity;
  date: Date;
  comment?: string;
}

/** Commits a file to a branch (on its tip, or as its first commit) and returns the new commit. */
export function commitGitFile(repo: FakeRepository, file: GitFileCommit): FakeCommit {
  const path = `/${file.path.replace(/^\/+/, '')}`;
  const parent = repo.git.tip(file.branch);
  const id = commitFrom(repo.id, path, file.date.toISOString(), file.content);
  const commit = repo.git.add(id, parent ? [parent] : [], file.author, file.date, file.comment ?? `Update ${path}`);
  repo.git.setTip(refName(file.branch), commit.id);
  let changes = CHANGES.get(repo.git);
  if (!changes) CHANGES.set(repo.git, (changes = new Map()));
  changes.set(commit.id, new Map([[path.toLowerCase(), { path, content: file.content }]]));
  return commit;
}

const changed = (repo: FakeRepository, commit: FakeCommit, path: string) => CHANGES.get(repo.git)?.get(commit.id)?.get(path.toLowerCase());

/** The commits reachable from `start` that changed `path`, newest first (git log -- path). */
function historyOf(repo: FakeRepository, start: string, path: string): FakeCommit[] {
  return repo.git.range(null, start).filter((commit) => changed(repo, commit, path));
}

const repoBase = (repo: FakeRepository, urls: Urls) => `${urls.org}/${repo.project.id}/_apis/git/repositories/${repo.id}`;

/** GitRepository as Repositories_List and Repositories_Get write it. */
function repositoryJson(repo: FakeRepository, urls: Urls): Record<string, unknown> {
  const p = repo.project;
  const web = `${urls.org}/${encodeURIComponent(p.name)}/_git/${encodeURIComponent(repo.name)}`;
  return {
    id: repo.id,
    name: repo.name,
    url: repoBase(repo, urls),
    project: projectRef(p, urls),
    defaultBranch: refName(repo.defaultBranch),
    size: 624570,
    remoteUrl: web,
    sshUrl: `git@ssh.dev.azure.com:v3/${p.org.name}/${encodeURIComponent(p.name)}/${encodeURIComponent(repo.name)}`,
    webUrl: web,
    isDisabled: false,
    isInMaintenance: false,
  };
}

const unresolvable = (repo: FakeRepository, version: string, type: string) =>
  vssError(
    'GitUnresolvableToCommitException',
    'Microsoft.TeamFoundation.Git.Server.GitUnresolvableToCommitException, Microsoft.TeamFoundation.Git.Server',
    `TF401175: The version descriptor <${type}: ${version} > could not be resolved to a version in the repository ${repo.name}`,
  );

/** A GitVersionDescriptor: a branch (the default), a commit, or nothing (the default branch). */
function resolve(repo: FakeRepository, version: string | null, type: string | null): { commit: string | null; label: string; error?: Reply } {
  const kind = (type ?? 'branch').toLowerCase();
  if (!version) return { commit: repo.git.tip(repo.defaultBranch) ?? null, label: `Branch: ${repo.defaultBranch}` };
  if (kind === 'commit' || kind === '2') {
    const commit = repo.git.get(version);
    return commit ? { commit: commit.id, label: `Commit: ${version}` } : { commit: null, label: '', error: fail(404, unresolvable(repo, version, 'Commit')) };
  }
  if (kind === 'branch' || kind === '0') {
    const tip = repo.git.tip(version);
    return tip ? { commit: tip, label: `Branch: ${version}` } : { commit: null, label: '', error: fail(404, unresolvable(repo, version, 'Branch')) };
  }
  return { commit: null, label: '', error: fail(404, unresolvable(repo, version, 'Tag')) };
}

function item(ctx: RouteContext, repo: FakeRepository): Reply {
  const q = caseInsensitive(ctx.query);
  const scoped = q.get('path') === null;
  const raw = q.get('path') ?? q.get('scopepath');
  if (!raw) return fail(400, Errors.badRequest('The path parameter is required.'));
  const path = `/${raw.replace(/^\/+/, '')}`;
  const version = resolve(repo, q.get('versiondescriptor.version'), q.get('versiondescriptor.versiontype'));
  if (version.error) return version.error;
  const last = version.commit ? historyOf(repo, version.commit, path)[0] : undefined;
  const file = last && changed(repo, last, path);
  if (!last || !file) {
    return fail(
      404,
      vssError(
        'GitItemNotFoundException',
        'Microsoft.TeamFoundation.Git.Server.GitItemNotFoundException, Microsoft.TeamFoundation.Git.Server',
        `TF401174: The item '${path}' could not be found in the repository '${repo.name}' at the version specified by '<${version.label} >' (resolved to commit '${version.commit ?? ''}').`,
      ),
    );
  }
  const format = (q.get('$format') ?? '').toLowerCase();
  // $format=octetStream or text, or download=true, answers the file itself rather than its GitItem.
  if (format === 'octetstream' || format === 'text' || (format !== 'json' && (q.get('download') ?? '').toLowerCase() === 'true')) {
    return { raw: { contentType: format === 'text' ? 'text/plain' : 'application/octet-stream', text: file.content } };
  }
  const body: Record<string, unknown> = {
    objectId: commitFrom('blob', file.content),
    gitObjectType: 'blob',
    commitId: last.id,
    path: file.path,
  };
  if ((q.get('includecontentmetadata') ?? '').toLowerCase() === 'true') {
    body.contentMetadata = { encoding: 65001, contentType: 'application/json', fileName: file.path.split('/').pop(), extension: 'json' };
  }
  if ((q.get('includecontent') ?? '').toLowerCase() === 'true') body.content = file.content;
  if ((q.get('latestprocessedchange') ?? '').toLowerCase() === 'true') body.latestProcessedChange = commitJson(repo, last, ctx.urls);
  body.url = `${repoBase(repo, ctx.urls)}/items?path=${encodeURIComponent(file.path)}&versionType=${version.label.split(':')[0]}&version=${encodeURIComponent(version.label.split(': ')[1] ?? '')}&versionOptions=None`;
  return scoped ? list([body], ITEM_ENUMS) : json(body, ITEM_ENUMS);
}

const commitsRoute = gitRoutes.find((route) => route.id === 'git.commits')!;

/** Commits search: with `searchCriteria.itemPath` the commits that touched the path; otherwise git.ts answers. */
function commits(ctx: RouteContext, repo: FakeRepository): Reply {
  const q = caseInsensitive(ctx.query);
  const itemPath = q.get('searchcriteria.itempath');
  if (!itemPath) return commitsRoute.handle(ctx);
  const version = resolve(repo, q.get('searchcriteria.itemversion.version'), q.get('searchcriteria.itemversion.versiontype'));
  if (version.error) return version.error;
  const path = `/${itemPath.replace(/^\/+/, '')}`;
  const found = version.commit ? historyOf(repo, version.commit, path) : [];
  const skip = intParam(q, 'searchcriteria.$skip', '$skip') ?? 0;
  const top = intParam(q, 'searchcriteria.$top', '$top') ?? 100;
  return list(found.slice(skip, skip + top).map((commit) => commitJson(repo, commit, ctx.urls)));
}

const REPOSITORIES = '^/(?<project>[^/]+)/_apis/git/repositories';
const REPO = `${REPOSITORIES}/(?<repositoryId>[^/]+)`;

/** Registered before gitRoutes: the commits search here answers by path and hands the rest to git.ts. */
export const gitItemsRoutes: Route[] = [
  {
    id: 'git.repositories',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${REPOSITORIES}/?$`, 'i'),
    area: 'git',
    projectScoped: true,
    handle: (ctx) => list(ctx.project.repositories.map((repo) => repositoryJson(repo, ctx.urls))),
  },
  {
    id: 'git.repository',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${REPO}/?$`, 'i'),
    area: 'git',
    projectScoped: true,
    handle: (ctx) => withRepository(ctx, (repo) => json(repositoryJson(repo, ctx.urls))),
  },
  {
    id: 'git.items',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${REPO}/items/?$`, 'i'),
    area: 'git',
    projectScoped: true,
    handle: (ctx) => withRepository(ctx, (repo) => item(ctx, repo)),
  },
  {
    id: 'git.commits',
    host: 'main',
    method: 'GET',
    pattern: new RegExp(`${REPO}/commits/?$`, 'i'),
    area: 'git',
    projectScoped: true,
    handle: (ctx) => withRepository(ctx, (repo) => commits(ctx, repo)),
  },
];

/** The demo's policy as code: a repository holding the audit policy, changed twice (the report cites the second). */
export const DEMO_POLICY_FILE = { repository: 'deploy-audit-config', branch: 'main', path: '/deploy-audit/policy.json' } as const;

export function addDemoPolicyRepository(project: FakeProject, author: FakeIdentity, since: Date): FakeCommit {
  const repo = project.repository(DEMO_POLICY_FILE.repository);
  const policy = (requiredApprovals: number) =>
    `${JSON.stringify({ requiredApprovals, allowedBranches: ['refs/heads/main', 'refs/heads/master', 'refs/heads/release/*'], productionEnvironments: ['prod', 'prod-*', 'production*'] }, null, 2)}\n`;
  const file = { branch: DEMO_POLICY_FILE.branch, path: DEMO_POLICY_FILE.path, author };
  commitGitFile(repo, { ...file, content: policy(1), date: since, comment: 'Add the Deploy Audit policy' });
  return commitGitFile(repo, { ...file, content: policy(2), date: new Date(since.getTime() + 86_400_000), comment: 'Require two approvals for production' });
}
