/**
 * Policy as code: the audit policy read from a JSON file in one of the project's Git repositories, so that Azure
 * DevOps permissions and branch policies guard who changes it, and the report cites the commit it was read at.
 *
 * Three requests: the repository (its id and name, and a clear "no such repository"), the latest commit on the branch
 * that touched the file (commits search by `searchCriteria.itemPath`), and the file's content at exactly that commit,
 * so the content hashed and applied is the content of the commit cited, even if the branch moves meanwhile.
 */
import { z } from 'zod';
import type { AdoClient } from '../ado/client';
import { adoDate, list } from '../ado/schemas';
import { sha256Hex } from '../export/sha256';
import { parsePolicy, type Policy } from '../policy';
import type { ReportGitPolicySource } from '../report';
import { AdoHttpError, AuthenticationError } from '../transport/errors';

const GIT_API = '7.1';

/** Where the policy file lives: a repository (name or id), a branch (`main` or `refs/heads/main`), a path. */
export interface GitPolicyLocation {
  repository: string;
  branch: string;
  path: string;
}

/** Why the policy could not be read from Git: each a plain sentence a person can act on. */
export type GitPolicyProblem = 'repository' | 'branch' | 'file' | 'folder' | 'json' | 'invalid' | 'permission' | 'answer';

export class GitPolicyError extends Error {
  override name = 'GitPolicyError';
  constructor(
    readonly problem: GitPolicyProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface GitPolicy {
  policy: Policy;
  source: ReportGitPolicySource;
}

const repositorySchema = z.object({ id: z.string(), name: z.string() });
const commitSchema = z.object({
  commitId: z.string(),
  author: z.object({ name: z.string().nullish(), email: z.string().nullish(), date: adoDate }).nullish(),
});
const itemSchema = z.object({
  content: z.string().nullish(),
  isFolder: z.boolean().nullish(),
  commitId: z.string().nullish(),
});

/** `refs/heads/main` and `main` name the same branch; the version descriptor takes the short name. */
export const shortBranch = (branch: string): string => branch.trim().replace(/^refs\/heads\//i, '');
/** Git item paths start at the repository's root. */
export const rootedPath = (path: string): string => `/${path.trim().replace(/^\/+/, '')}`;

/** Checks the location's parts before any request: each must be given, and the path must name a file. */
export function locationProblem(location: Partial<GitPolicyLocation>): string | null {
  if (!location.repository?.trim()) return 'name the repository that holds the policy file';
  if (!location.branch?.trim() || !shortBranch(location.branch)) return 'name the branch to read the policy file from';
  if (!location.path?.trim() || rootedPath(location.path).endsWith('/')) return 'name the path of the policy file, e.g. /deploy-audit/policy.json';
  return null;
}

export async function readGitPolicy(client: AdoClient, location: GitPolicyLocation): Promise<GitPolicy> {
  const problem = locationProblem(location);
  if (problem) throw new GitPolicyError('answer', problem);
  const branch = shortBranch(location.branch);
  const path = rootedPath(location.path);
  const where = `${path} on ${branch} in ${location.repository.trim()}`;
  const repoPath = `git/repositories/${encodeURIComponent(location.repository.trim())}`;

  const repository = await request(() => client.get(client.url('core', repoPath, GIT_API), repositorySchema), location, where);
  const base = `git/repositories/${repository.id}`;
  const commits = await request(
    () =>
      client.get(
        client.url('core', `${base}/commits`, GIT_API, {
          'searchCriteria.itemPath': path,
          'searchCriteria.itemVersion.version': branch,
          'searchCriteria.itemVersion.versionType': 'branch',
          'searchCriteria.$top': 1,
        }),
        list(commitSchema),
      ),
    location,
    where,
  );
  const commit = commits[0];
  // No commit on the branch ever touched the path: the file is not there.
  if (!commit) throw new GitPolicyError('file', `the policy file ${path} is not on branch ${branch} of repository ${repository.name}`);

  const item = await request(
    () =>
      client.get(
        client.url('core', `${base}/items`, GIT_API, {
          path,
          'versionDescriptor.version': commit.commitId,
          'versionDescriptor.versionType': 'commit',
          includeContent: true,
          $format: 'json',
        }),
        itemSchema,
      ),
    location,
    where,
  );
  if (item.isFolder) throw new GitPolicyError('folder', `${path} on ${branch} in ${repository.name} is a folder, not a policy file`);
  const content = item.content ?? '';
  const source: ReportGitPolicySource = {
    kind: 'git',
    repository: { id: repository.id, name: repository.name },
    branch: `refs/heads/${branch}`,
    path,
    commitId: commit.commitId,
    author: { name: commit.author?.name ?? '', email: commit.author?.email ?? '' },
    date: commit.author?.date ?? null,
    sha256: sha256Hex(content),
    url: client.webUrl(`_git/${encodeURIComponent(repository.name)}?path=${encodeURIComponent(path)}&version=GC${commit.commitId}`),
  };
  let json: unknown;
  try {
    json = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new GitPolicyError('json', `the policy file ${where} (commit ${commit.commitId.slice(0, 8)}) is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { policy: parsePolicy(json), source };
  } catch (error) {
    throw new GitPolicyError('invalid', `the policy file ${where} (commit ${commit.commitId.slice(0, 8)}): ${(error as Error).message}`);
  }
}

/** Turns the service's refusals into what they mean for the policy file; anything else (a refused token…) passes. */
async function request<T>(read: () => Promise<T>, location: GitPolicyLocation, where: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof AdoHttpError) || error instanceof AuthenticationError) throw error;
    const key = error.typeKey ?? '';
    if (key === 'GitRepositoryNotFoundException') {
      // TF401019 says "does not exist or you do not have permissions": the service does not tell the two apart.
      throw new GitPolicyError('repository', `the repository ${location.repository.trim()} does not exist, or you may not read it`);
    }
    if (key === 'GitUnresolvableToCommitException') {
      throw new GitPolicyError('branch', `the branch ${shortBranch(location.branch)} does not exist in repository ${location.repository.trim()}`);
    }
    if (key === 'GitItemNotFoundException') throw new GitPolicyError('file', `the policy file ${where} does not exist`);
    if (error.status === 403) throw new GitPolicyError('permission', `you may not read ${where}: ${error.message}`);
    // An unknown project is the audit's own error, not the policy file's.
    if (/^ProjectDoesNotExist/.test(key)) throw error;
    if (error.status === 404) throw new GitPolicyError('answer', `the policy file ${where} could not be read (HTTP 404: ${error.message})`);
    throw error;
  }
}
