import { scriptedClient } from '../../../test/support/client';
import { build, pullRequest } from '../../../test/support/control-evidence';
import { attributeCommits, ChangeSetSource, CHANGES_TOP, ChangeSetTooLargeError, deployedCommitOnly, nothingNew, sinceBuild } from './change-sets';

const sha = (n: number) => n.toString(16).padStart(40, 'a');
const deployed = build({ id: 20, number: '2026.20', sourceVersion: sha(3), sourceBranch: 'refs/heads/main' });
const previous = build({ id: 10, number: '2026.10', sourceVersion: sha(1) });
const commitUrl = (_: unknown, commit: string) => `https://example.test/commit/${commit}`;

/** A Change as `_apis/build/changes` writes it (build spec). */
const change = (n: number, message = `Change ${n}\n\nDetails`) => ({
  id: sha(n),
  message,
  type: 'commit',
  author: { displayName: `Dev ${n}`, uniqueName: `dev${n}@contoso.com` },
  timestamp: `2026-11-0${n}T10:00:00Z`,
  location: `https://dev.azure.com/contoso/_apis/git/repositories/r/commits/${sha(n)}`,
  displayUri: `https://dev.azure.com/contoso/Shop/_git/shop/commit/${sha(n)}`,
});

describe('the commits between two builds', () => {
  it('asks for the changes from the previous build to the deployed one, once per pair of builds', async () => {
    const { client, calls } = await scriptedClient([[/build\/changes\?/, { body: { count: 2, value: [change(3), change(2)] } }]]);
    const source = new ChangeSetSource(client);
    const changes = await source.commits(previous, deployed, '');
    await source.commits(previous, deployed, '');
    expect(changes.map((c) => c.id)).toEqual([sha(3), sha(2)]);
    expect(calls.filter((call) => call.url.includes('build/changes'))).toHaveLength(1);
    expect(Object.fromEntries(new URL(calls[1].url).searchParams)).toEqual({ fromBuildId: '10', toBuildId: '20', $top: String(CHANGES_TOP), 'api-version': '7.1' });
  });

  it('refuses a history longer than it read, rather than judging part of it', async () => {
    const many = Array.from({ length: CHANGES_TOP }, (_, i) => change(i + 1));
    const { client } = await scriptedClient([[/build\/changes\?/, { body: { count: many.length, value: many } }]]);
    await expect(new ChangeSetSource(client).commits(previous, deployed, '')).rejects.toBeInstanceOf(ChangeSetTooLargeError);
  });
});

describe('a change set', () => {
  it('holds the commits since the previous build, first lines of their messages, links to each', () => {
    const { set, commits } = sinceBuild(deployed, previous, [change(3), change(2)] as never, commitUrl);
    expect(set).toEqual({ buildId: 20, basis: 'history', since: { buildId: 10, number: '2026.10', commit: sha(1) }, commits: [sha(3), sha(2)] });
    expect(commits[0]).toEqual({
      commit: sha(3),
      buildId: 20,
      author: 'Dev 3',
      date: '2026-11-03T10:00:00Z',
      message: 'Change 3',
      url: `https://dev.azure.com/contoso/Shop/_git/shop/commit/${sha(3)}`,
    });
  });

  it('is nothing new when the service finds no commit (a rollback to an older build) or the commit is the same', () => {
    expect(sinceBuild(deployed, previous, [], commitUrl).set.basis).toBe('nothingNew');
    expect(nothingNew(deployed, previous).set).toMatchObject({ basis: 'nothingNew', commits: [] });
  });

  it('is the deployed commit alone without a previous deployment', () => {
    expect(deployedCommitOnly(deployed, commitUrl).set).toEqual({ buildId: 20, basis: 'deployedCommitOnly', since: null, commits: [sha(3)] });
  });
});

describe('the pull requests of a change set', () => {
  const pending = sinceBuild(deployed, previous, [change(3), change(2), change(1)] as never, commitUrl);
  const intoMain = pullRequest({ id: 7, targetRefName: 'refs/heads/main', status: 'completed' });
  const intoDevelop = pullRequest({ id: 8, targetRefName: 'refs/heads/develop', status: 'completed' });
  const active = pullRequest({ id: 9, targetRefName: 'refs/heads/main', status: 'active' });

  it('covers a commit only with a completed pull request into the deployed branch, and says where the others went', () => {
    const holding = (commit: string) => (commit === sha(3) ? [intoMain] : commit === sha(2) ? [intoDevelop, active] : []);
    const { changes, pullRequests } = attributeCommits(pending, holding);
    expect(changes.map((c) => [c.commit, c.pullRequestIds, c.elsewhere])).toEqual([
      [sha(3), [7], []],
      [sha(2), [], [{ id: 8, targetRefName: 'refs/heads/develop', status: 'completed' }, { id: 9, targetRefName: 'refs/heads/main', status: 'active' }]],
      [sha(1), [], []],
    ]);
    expect(pullRequests.map((pr) => pr.id)).toEqual([7]);
  });

  it('compares branches ignoring case, and lists a pull request once however many commits it brought', () => {
    const upper = pullRequest({ id: 7, targetRefName: 'refs/heads/Main', status: 'completed' });
    const { pullRequests } = attributeCommits(pending, () => [upper]);
    expect(pullRequests).toHaveLength(1);
  });
});
