import { createHash } from 'node:crypto';
import { scriptedClient } from '../../../test/support/client';
import type { Route } from '../../../test/support/fake-fetch';
import { GitPolicyError, locationProblem, readGitPolicy } from './git-policy';

// Answers shaped as the 7.1 git spec writes them: GitRepository, GitCommitRef (commits search), GitItem (Items_Get).
const REPO_ID = '3411ebc1-d5aa-464f-9615-0b527bc66719';
const COMMIT = 'be67f8871a4d2c75f13a51c1d3c30ac0d74d4ef4';
const repository = { id: REPO_ID, name: 'config', url: `https://dev.azure.com/contoso/_apis/git/repositories/${REPO_ID}`, defaultBranch: 'refs/heads/main' };
const commits = {
  count: 1,
  value: [
    {
      commitId: COMMIT,
      author: { name: 'Margaret Chen', email: 'margaret.chen@fabrikam.com', date: '2026-11-02T09:15:00Z' },
      committer: { name: 'Margaret Chen', email: 'margaret.chen@fabrikam.com', date: '2026-11-02T09:15:00Z' },
      comment: 'Require two approvals',
      changeCounts: { Add: 0, Edit: 1, Delete: 0 },
      url: `https://dev.azure.com/contoso/_apis/git/repositories/${REPO_ID}/commits/${COMMIT}`,
    },
  ],
};
const CONTENT = '{\n  "requiredApprovals": 3,\n  "approvers": ["[Shop]\\\\Release Approvers"]\n}\n';
const item = (content: string) => ({ objectId: '61a86fdaa79e5c6f5fb6e4026508489feb6ed92c', gitObjectType: 'blob', commitId: COMMIT, path: '/deploy-audit/policy.json', content, url: 'https://dev.azure.com/…' });
const location = { repository: 'config', branch: 'refs/heads/main', path: 'deploy-audit/policy.json' };

const routes = (overrides: Partial<Record<'repo' | 'commits' | 'item', Route[1]>> = {}): Route[] => [
  [/git\/repositories\/[^/?]+\/commits\?/, overrides.commits ?? { body: commits }],
  [/git\/repositories\/[^/?]+\/items\?/, overrides.item ?? { body: item(CONTENT) }],
  [/git\/repositories\/[^/?]+\?/, overrides.repo ?? { body: repository }],
];

const vss = (status: number, typeKey: string, message: string) => ({ status, body: { $id: '1', innerException: null, message, typeKey, errorCode: 0, eventId: 3000 } });

describe('the policy read from a file in Git', () => {
  it('applies the file at the latest commit that touched it and cites that commit, its author, date and SHA-256', async () => {
    const { client, calls } = await scriptedClient(routes());
    const { policy, source } = await readGitPolicy(client, location);
    expect(policy.requiredApprovals).toBe(3);
    expect(policy.approvers).toEqual(['[Shop]\\Release Approvers']);
    expect(source).toEqual({
      kind: 'git',
      repository: { id: REPO_ID, name: 'config' },
      branch: 'refs/heads/main',
      path: '/deploy-audit/policy.json',
      commitId: COMMIT,
      author: { name: 'Margaret Chen', email: 'margaret.chen@fabrikam.com' },
      date: '2026-11-02T09:15:00.000Z',
      sha256: createHash('sha256').update(CONTENT, 'utf8').digest('hex'),
      url: `https://dev.azure.com/contoso/Shop/_git/config?path=%2Fdeploy-audit%2Fpolicy.json&version=GC${COMMIT}`,
    });
    const search = new URL(calls.find((call) => call.url.includes('/commits?'))!.url);
    expect(search.searchParams.get('searchCriteria.itemPath')).toBe('/deploy-audit/policy.json');
    expect(search.searchParams.get('searchCriteria.itemVersion.version')).toBe('main');
    expect(search.searchParams.get('searchCriteria.itemVersion.versionType')).toBe('branch');
    // The content is read at the commit cited, not at the branch's tip, which may have moved since.
    const read = new URL(calls.find((call) => call.url.includes('/items?'))!.url);
    expect(read.searchParams.get('versionDescriptor.version')).toBe(COMMIT);
    expect(read.searchParams.get('versionDescriptor.versionType')).toBe('commit');
    expect(read.searchParams.get('includeContent')).toBe('true');
    expect(read.pathname).toContain(`/repositories/${REPO_ID}/items`);
  });

  it('reads the /Date(ms)/ dates of the typed clients', async () => {
    const typed = { ...commits.value[0], author: { ...commits.value[0].author, date: '/Date(1793610900000)/' } };
    const { client } = await scriptedClient(routes({ commits: { body: [typed] } }));
    expect((await readGitPolicy(client, location)).source.date).toBe(new Date(1793610900000).toISOString());
  });

  const failure = async (route: Parameters<typeof routes>[0]) => {
    const { client } = await scriptedClient(routes(route));
    return readGitPolicy(client, location).then(
      () => null,
      (error: unknown) => error as GitPolicyError,
    );
  };

  it('names a missing repository, branch or file', async () => {
    const noRepo = await failure({ repo: vss(404, 'GitRepositoryNotFoundException', 'TF401019: The Git repository with name or identifier config does not exist or you do not have permissions for the operation you are attempting.') });
    expect(noRepo).toMatchObject({ problem: 'repository', message: 'the repository config does not exist, or you may not read it' });
    const noBranch = await failure({ commits: vss(404, 'GitUnresolvableToCommitException', 'TF401175: The version descriptor <Branch: main > could not be resolved to a version in the repository config') });
    expect(noBranch).toMatchObject({ problem: 'branch', message: 'the branch main does not exist in repository config' });
    const noFile = await failure({ commits: { body: { count: 0, value: [] } } });
    expect(noFile).toMatchObject({ problem: 'file', message: 'the policy file /deploy-audit/policy.json is not on branch main of repository config' });
    const gone = await failure({ item: vss(404, 'GitItemNotFoundException', "TF401174: The item '/deploy-audit/policy.json' could not be found") });
    expect(gone?.problem).toBe('file');
  });

  it('says when the file is not JSON, or not a valid policy, citing the commit', async () => {
    const notJson = await failure({ item: { body: item('requiredApprovals: 2') } });
    expect(notJson?.problem).toBe('json');
    expect(notJson?.message).toMatch(/^the policy file \/deploy-audit\/policy.json on main in config \(commit be67f887\) is not valid JSON/);
    const invalid = await failure({ item: { body: item('{"requiredApprovals": "two", "colour": 1}') } });
    expect(invalid?.problem).toBe('invalid');
    expect(invalid?.message).toContain('requiredApprovals');
    expect(invalid?.message).toContain('colour');
    const folder = await failure({ item: { body: { ...item(''), gitObjectType: 'tree', isFolder: true } } });
    expect(folder?.problem).toBe('folder');
  });

  it('says when reading the repository is forbidden', async () => {
    const forbidden = await failure({ item: vss(403, 'UnauthorizedRequestException', 'TF401027: You need the Git Read permission to perform this action.') });
    expect(forbidden).toMatchObject({ problem: 'permission' });
    expect(forbidden?.message).toContain('TF401027');
  });

  it('refuses an incomplete location before asking anything', () => {
    expect(locationProblem({ repository: '', branch: 'main', path: '/p.json' })).toMatch(/repository/);
    expect(locationProblem({ repository: 'r', branch: 'refs/heads/', path: '/p.json' })).toMatch(/branch/);
    expect(locationProblem({ repository: 'r', branch: 'main', path: '/folder/' })).toMatch(/path/);
    expect(locationProblem(location)).toBeNull();
  });
});
