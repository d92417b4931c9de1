/**
 * Change sets: the commits a deployed build brought since the previous production deployment's build of the same
 * definition (`_apis/build/changes?fromBuildId=&toBuildId=`, one request per pair of builds, shared by every
 * deployment of that pair), and which pull requests brought each of them.
 */
import type { AdoClient } from '../ado/client';
import { buildChangeSchema, list, type BuildChange } from '../ado/schemas';
import type { BuildEvidence, ChangeEvidence, ChangeSetEvidence, PullRequestEvidence } from '../model';
import { Memo } from './memo';

/** Commits asked for per pair of builds; a longer history is not read whole, and says so. */
export const CHANGES_TOP = 1000;

export class ChangeSetTooLargeError extends Error {
  override name = 'ChangeSetTooLargeError';
}

export class ChangeSetSource {
  private readonly between = new Memo<string, BuildChange[]>();

  constructor(private readonly client: AdoClient) {}

  /** The commits after `from`'s commit up to and including `to`'s, newest first; none for a rollback. */
  commits(from: BuildEvidence, to: BuildEvidence, projectId: string): Promise<BuildChange[]> {
    return this.between.get(`${from.id}>${to.id}`, async () => {
      const url = this.client.url('core', 'build/changes', '7.1', { fromBuildId: from.id, toBuildId: to.id, $top: CHANGES_TOP }, projectId || this.client.project);
      const changes = await this.client.get(url, list(buildChangeSchema));
      if (changes.length >= CHANGES_TOP) {
        throw new ChangeSetTooLargeError(`more than ${CHANGES_TOP - 1} commits between build ${from.number || from.id} and build ${to.number || to.id}; only the newest were read`);
      }
      return changes;
    });
  }
}

/** A deployed build's change set before its pull requests are known. */
export interface PendingChangeSet {
  set: ChangeSetEvidence;
  build: BuildEvidence;
  /** The build's project, where its repository's pull requests are asked for ('' for the audited one). */
  projectId?: string;
  commits: Omit<ChangeEvidence, 'pullRequestIds' | 'elsewhere'>[];
}

/** The change set of a build deployed for the first time within the look-back: its own commit. */
export function deployedCommitOnly(build: BuildEvidence, commitUrl: (build: BuildEvidence, commit: string) => string | null): PendingChangeSet {
  return {
    set: { buildId: build.id, basis: 'deployedCommitOnly', since: null, commits: [build.sourceVersion] },
    build,
    commits: [{ commit: build.sourceVersion, buildId: build.id, author: '', date: null, message: '', url: commitUrl(build, build.sourceVersion) }],
  };
}

export function sinceBuild(
  build: BuildEvidence,
  previous: BuildEvidence,
  changes: BuildChange[],
  commitUrl: (build: BuildEvidence, commit: string) => string | null,
): PendingChangeSet {
  const since = { buildId: previous.id, number: previous.number, commit: previous.sourceVersion };
  const commits = changes
    .filter((change) => change.type === '' || change.type.toLowerCase() === 'commit' || /^[0-9a-f]{40}$/i.test(change.id))
    .map((change) => ({
      commit: change.id,
      buildId: build.id,
      author: change.author?.displayName || change.author?.uniqueName || '',
      date: change.timestamp,
      message: change.message.split(/\r?\n/)[0] ?? '',
      url: change.displayUri ?? commitUrl(build, change.id),
    }));
  return {
    set: { buildId: build.id, basis: commits.length ? 'history' : 'nothingNew', since, commits: commits.map((commit) => commit.commit) },
    build,
    commits,
  };
}

/** A redeploy of the previous deployment's commit: nothing new to review. */
export function nothingNew(build: BuildEvidence, previous: BuildEvidence): PendingChangeSet {
  return { set: { buildId: build.id, basis: 'nothingNew', since: { buildId: previous.id, number: previous.number, commit: previous.sourceVersion }, commits: [] }, build, commits: [] };
}

/**
 * Which pull requests brought each commit: those completed into the build's source branch whose last merge commit is
 * the commit or that hold it, and, apart, those that hold it but went elsewhere (or never completed).
 */
export function attributeCommits(pending: PendingChangeSet, holding: (commit: string) => PullRequestEvidence[]): { changes: ChangeEvidence[]; pullRequests: PullRequestEvidence[] } {
  const branch = pending.build.sourceBranch.toLowerCase();
  const pullRequests = new Map<string, PullRequestEvidence>();
  const changes = pending.commits.map((commit): ChangeEvidence => {
    const found = holding(commit.commit);
    const covering = found.filter((pr) => pr.status.toLowerCase() === 'completed' && pr.targetRefName.toLowerCase() === branch);
    for (const pr of covering) pullRequests.set(`${pr.repositoryId}/${pr.id}`, pr);
    const ids = (prs: PullRequestEvidence[]) => [...new Set(prs.map((pr) => pr.id))];
    return {
      ...commit,
      pullRequestIds: ids(covering),
      elsewhere: found
        .filter((pr) => !covering.includes(pr))
        .filter((pr, index, all) => all.findIndex((other) => other.id === pr.id) === index)
        .map((pr) => ({ id: pr.id, targetRefName: pr.targetRefName, status: pr.status })),
    };
  });
  return { changes, pullRequests: [...pullRequests.values()] };
}
