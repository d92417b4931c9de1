import { exampleBody } from '../../../test/support/samples';
import { scriptedClient } from '../../../test/support/client';
import { pullRequest } from '../../../test/support/control-evidence';
import { policyConfigurationSchema } from '../ado/schemas';
import { BranchPolicySource, covers } from './branch-policies';

const configuration = (scope: object[], extra: object = {}) =>
  policyConfigurationSchema.parse({ id: 1, isEnabled: true, isBlocking: true, createdDate: '2026-01-01T00:00:00Z', type: { displayName: 'Minimum number of reviewers' }, settings: { scope }, ...extra });

describe('the branches a policy covers', () => {
  it('matches a repository and an exact branch, a prefix, or every repository', () => {
    expect(covers(configuration([{ repositoryId: 'R', refName: 'refs/heads/main', matchKind: 'Exact' }]), 'r', 'refs/heads/main')).toBe(true);
    expect(covers(configuration([{ repositoryId: 'R', refName: 'refs/heads/main', matchKind: 'Exact' }]), 'other', 'refs/heads/main')).toBe(false);
    expect(covers(configuration([{ repositoryId: 'R', refName: 'refs/heads/main', matchKind: 'exact' }]), 'r', 'refs/heads/main2')).toBe(false);
    expect(covers(configuration([{ repositoryId: null, refName: 'refs/heads/release/', matchKind: 'Prefix' }]), 'r', 'refs/heads/release/1.0')).toBe(true);
    expect(covers(configuration([]), 'r', 'refs/heads/main')).toBe(false);
  });

  it("reads Microsoft's example configurations", () => {
    const body = exampleBody('policy__configurations__GET__policy_configurations.json');
    const parsed = policyConfigurationSchema.array().parse(body.value);
    expect(parsed).toHaveLength(3);
    // The first one requires reviewers on master of every repository.
    expect(parsed[0]).toMatchObject({ isEnabled: true, isBlocking: true, createdDate: '2015-02-23T12:51:06.857Z' });
    expect(covers(parsed[0], 'any-repository', 'refs/heads/master')).toBe(true);
  });
});

describe('whether a blocking policy protected the branch when a pull request completed', () => {
  it('lists the configurations once per project, keeps enabled blocking ones in force at completion', async () => {
    const pr = pullRequest({ repositoryId: 'r', targetRefName: 'refs/heads/main', closedAt: '2026-06-01T00:00:00Z' });
    const scope = [{ repositoryId: 'r', refName: 'refs/heads/main', matchKind: 'Exact' }];
    const value = [
      { id: 1, isEnabled: true, isBlocking: true, createdDate: '2026-01-01T00:00:00Z', type: { displayName: 'Build' }, settings: { scope } },
      { id: 2, isEnabled: true, isBlocking: false, createdDate: '2026-01-01T00:00:00Z', type: { displayName: 'Comment requirements' }, settings: { scope } },
      { id: 3, isEnabled: false, isBlocking: true, createdDate: '2026-01-01T00:00:00Z', type: { displayName: 'Work item linking' }, settings: { scope } },
      { id: 4, isEnabled: true, isBlocking: true, createdDate: '2026-07-01T00:00:00Z', type: { displayName: 'Required reviewers' }, settings: { scope } },
    ];
    const { client, calls } = await scriptedClient([[/policy\/configurations\?/, { body: { count: value.length, value } }]]);
    const source = new BranchPolicySource(client);
    expect(await source.protecting(pr, '')).toEqual([{ id: 1, typeName: 'Build' }]);
    expect(await source.protecting({ ...pr, targetRefName: 'refs/heads/develop' }, '')).toEqual([]);
    expect(calls.filter((call) => call.url.includes('policy/configurations'))).toHaveLength(1);
  });
});
