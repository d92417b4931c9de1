import { sampleOrganization, TOKENS } from '../sample-org';
import { startFakeAdo, type FakeAdo } from '../server';
import { commitGitFile } from './git-items';

/** The Git file routes as the 7.1 spec and the service's TF4011xx errors have them. */
describe('Git items, repositories and commits by path on the fake server', () => {
  let ado: FakeAdo;
  let first: string;
  let second: string;
  beforeAll(async () => {
    const sample = sampleOrganization(0);
    const repo = sample.shop.repository('config');
    const file = { branch: 'main', path: '/a/policy.json', author: sample.people.alice };
    first = commitGitFile(repo, { ...file, content: '{"requiredApprovals":1}', date: new Date('2026-09-01T00:00:00Z') }).id;
    commitGitFile(repo, { ...file, path: '/other.txt', content: 'x', date: new Date('2026-09-02T00:00:00Z') });
    second = commitGitFile(repo, { ...file, content: '{"requiredApprovals":2}', date: new Date('2026-09-03T00:00:00Z') }).id;
    ado = await startFakeAdo(sample.org);
  });
  afterAll(() => ado.close());

  const get = async (path: string) => {
    const res = await fetch(`${ado.orgUrl}/Shop/_apis/git/repositories/${path}`, { headers: { Authorization: `Basic ${Buffer.from(`:${TOKENS.good}`).toString('base64')}` } });
    return { status: res.status, type: res.headers.get('content-type'), body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
  };

  it('lists the commits that touched a path, newest first, on a branch', async () => {
    const { body } = await get('config/commits?searchCriteria.itemPath=/a/policy.json&searchCriteria.itemVersion.version=main&api-version=7.1');
    expect(body.value.map((c: { commitId: string }) => c.commitId)).toEqual([second, first]);
    expect(body.value[0]).toMatchObject({ author: { name: 'Alice Director', email: 'alice@contoso.com', date: '2026-09-03T00:00:00.000Z' } });
  });

  it('answers an item’s content at a commit or a branch, or the file itself when downloaded', async () => {
    const atFirst = await get(`config/items?path=/a/policy.json&versionDescriptor.version=${first}&versionDescriptor.versionType=commit&includeContent=true&api-version=7.1`);
    expect(atFirst.body).toMatchObject({ path: '/a/policy.json', commitId: first, gitObjectType: 'blob', content: '{"requiredApprovals":1}' });
    const atTip = await get('config/items?path=/a/policy.json&versionDescriptor.version=main&api-version=7.1');
    expect(atTip.body).toMatchObject({ commitId: second });
    expect(atTip.body.content).toBeUndefined();
    const download = await get('config/items?path=/a/policy.json&download=true&api-version=7.1');
    expect(download).toMatchObject({ status: 200, body: '{"requiredApprovals":2}' });
  });

  it('answers a missing file, branch or repository as the service does', async () => {
    expect(await get('config/items?path=/nope.json&api-version=7.1')).toMatchObject({ status: 404, body: { typeKey: 'GitItemNotFoundException', message: expect.stringMatching(/^TF401174: The item '\/nope.json' could not be found in the repository 'config'/) } });
    expect(await get('config/items?path=/a/policy.json&versionDescriptor.version=dev&api-version=7.1')).toMatchObject({ status: 404, body: { typeKey: 'GitUnresolvableToCommitException' } });
    expect(await get('nope?api-version=7.1')).toMatchObject({ status: 404, body: { typeKey: 'GitRepositoryNotFoundException' } });
    expect(await get('config?api-version=7.1')).toMatchObject({ status: 200, body: { name: 'config', defaultBranch: 'refs/heads/main' } });
  });
});
