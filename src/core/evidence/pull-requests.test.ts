import { exampleBody } from '../../../test/support/samples';
import { scriptedClient } from '../../../test/support/client';
import { PullRequestSource } from './pull-requests';

const pr = (id: number, status: string, target: string, mergeCommit: string) => {
  const body = exampleBody('git__pullRequests__GET__git_repositories__repositoryId__pullRequests__pullRequestId_.json');
  return { ...body, pullRequestId: id, status, targetRefName: target, lastMergeCommit: { commitId: mergeCommit } };
};

describe('the pull requests holding commits', () => {
  it('asks by last merge commit and by commit in one request per repository, and answers per commit with every status', async () => {
    const { client, calls } = await scriptedClient([
      [
        /pullrequestquery/,
        {
          body: {
            queries: [],
            results: [{ aaa: [pr(1, 'completed', 'refs/heads/main', 'aaa')] }, { aaa: [pr(1, 'completed', 'refs/heads/main', 'aaa')], bbb: [pr(2, 'abandoned', 'refs/heads/main', 'ccc'), pr(3, 'completed', 'refs/heads/develop', 'ddd')] }],
          },
        },
      ],
    ]);
    const found = new PullRequestSource(client).holding('repo', '', ['AAA', 'bbb', 'eee']);
    const answers = Object.fromEntries(await Promise.all([...found].map(async ([commit, prs]) => [commit, (await prs).map((p) => [p.id, p.status, p.targetRefName])])));
    expect(answers).toEqual({
      AAA: [[1, 'completed', 'refs/heads/main']],
      bbb: [
        [2, 'abandoned', 'refs/heads/main'],
        [3, 'completed', 'refs/heads/develop'],
      ],
      eee: [],
    });
    const posts = calls.filter((call) => call.url.includes('pullrequestquery'));
    expect(posts).toHaveLength(1);
    expect(JSON.parse(String(posts[0].body))).toEqual({
      queries: [
        { type: 'lastMergeCommit', items: ['aaa', 'bbb', 'eee'] },
        { type: 'commit', items: ['aaa', 'bbb', 'eee'] },
      ],
    });
  });

  it('refuses an answer to fewer queries than were asked: a missing one would read as "no pull request"', async () => {
    const { client } = await scriptedClient([[/pullrequestquery/, { body: { results: [{}] } }]]);
    await expect(new PullRequestSource(client).holding('repo', '', ['aaa']).get('aaa')).rejects.toThrow('answered 1 of 2 queries');
  });
});
