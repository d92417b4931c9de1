/**
 * Code review evidence: the pull requests that brought the commits of a change set — as their last merge commit or
 * among their commits — one `pullrequestquery` per repository for a batch of commits.
 */
import type { AdoClient } from '../ado/client';
import { pullRequestQuerySchema, type AdoPullRequest } from '../ado/schemas';
import type { PullRequestEvidence, ReviewerVote } from '../model';
import { Memo } from './memo';

const COMMITS_PER_QUERY = 100;

export class PullRequestSource {
  private readonly byCommit = new Memo<string, AdoPullRequest[]>();
  /** The project each pull request's repository lives in, for its policy artifact id. */
  private readonly projectOf = new Map<string, string>();

  constructor(private readonly client: AdoClient) {}

  /**
   * The pull requests, of any status and target branch, whose last merge commit is the commit or that hold it, per
   * commit (both queries in one request per batch of commits).
   */
  holding(repositoryId: string, projectId: string, commitList: string[]): Map<string, Promise<PullRequestEvidence[]>> {
    const commits = [...new Set(commitList)];
    const project = projectId || this.client.project;
    const keys = commits.map((commit) => `${repositoryId}/${commit.toLowerCase()}`);
    const found = this.byCommit.batch(
      keys,
      COMMITS_PER_QUERY,
      async (chunk) => {
        const items = chunk.map((key) => key.slice(repositoryId.length + 1));
        const url = this.client.url('core', `git/repositories/${encodeURIComponent(repositoryId)}/pullrequestquery`, '7.1', {}, project);
        const queries = [
          { type: 'lastMergeCommit', items },
          { type: 'commit', items },
        ];
        const answer = await this.client.post(url, { queries }, pullRequestQuerySchema);
        if (answer.results.length < queries.length) throw new Error(`pullrequestquery answered ${answer.results.length} of ${queries.length} queries`);
        const byCommit = new Map<string, AdoPullRequest[]>();
        for (const result of answer.results) {
          for (const [commit, pullRequests] of Object.entries(result)) {
            const key = `${repositoryId}/${commit.toLowerCase()}`;
            const known = byCommit.get(key) ?? [];
            const fresh = pullRequests.filter((pr) => !known.some((seen) => seen.pullRequestId === pr.pullRequestId));
            byCommit.set(key, [...known, ...fresh]);
          }
        }
        return byCommit;
      },
      () => [],
    );
    return new Map(
      commits.map((commit, index) => [
        commit,
        found.get(keys[index])!.then((pullRequests) => pullRequests.map((pullRequest) => this.toEvidence(pullRequest))),
      ]),
    );
  }

  /** The project of the pull request's repository, when its answer named it. */
  projectIdOf(pullRequest: PullRequestEvidence): string {
    return this.projectOf.get(`${pullRequest.repositoryId}/${pullRequest.id}`) ?? '';
  }

  private toEvidence(pullRequest: AdoPullRequest): PullRequestEvidence {
    const repository = pullRequest.repository;
    const project = repository.project?.name ?? this.client.project;
    if (repository.project?.id) this.projectOf.set(`${repository.id}/${pullRequest.pullRequestId}`, repository.project.id);
    return {
      id: pullRequest.pullRequestId,
      repositoryId: repository.id,
      title: pullRequest.title,
      status: pullRequest.status,
      targetRefName: pullRequest.targetRefName,
      createdBy: identityOf(pullRequest.createdBy),
      closedBy: pullRequest.closedBy ? identityOf(pullRequest.closedBy) : null,
      reviewers: pullRequest.reviewers.map(
        (reviewer): ReviewerVote => ({ identity: identityOf(reviewer), vote: reviewer.vote, isGroup: reviewer.isContainer === true }),
      ),
      bypassPolicy: pullRequest.completionOptions?.bypassPolicy === true,
      bypassReason: pullRequest.completionOptions?.bypassReason ?? null,
      mergeCommit: pullRequest.lastMergeCommit?.commitId ?? '',
      closedAt: pullRequest.closedDate ?? null,
      url:
        pullRequest._links?.web?.href ??
        `${this.client.orgUrl}/${encodeURIComponent(project)}/_git/${encodeURIComponent(repository.name || repository.id)}/pullrequest/${pullRequest.pullRequestId}`,
      policyEvaluations: null,
    };
  }
}

const identityOf = (value: { id: string; displayName: string; uniqueName: string }) => ({
  id: value.id,
  displayName: value.displayName,
  uniqueName: value.uniqueName,
});
