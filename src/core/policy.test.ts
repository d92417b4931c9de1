import { DEFAULT_ALLOWED_BRANCHES, globMatch, isProductionEnvironment, parsePolicy, PolicyError } from './policy';

describe('parsePolicy', () => {
  it('fills every default into an empty policy', () => {
    const policy = parsePolicy({});
    expect(policy.requiredApprovals).toBe(2);
    expect(policy.approvers).toEqual([]);
    expect(policy.allowedBranches).toEqual(DEFAULT_ALLOWED_BRANCHES);
    expect(policy.controls['work-item-linked']).toEqual({ enabled: true });
    expect(Object.keys(policy.controls)).toHaveLength(8);
  });

  it('takes the documented example as it is', () => {
    const policy = parsePolicy({
      requiredApprovals: 2,
      approvers: ['[MyProject]\\Release Approvers', 'alex@example.com'],
      allowedBranches: ['refs/heads/main'],
      productionEnvironments: ['Production', 'prod-*'],
      controls: { 'work-item-linked': { enabled: false } },
    });
    expect(policy.controls['work-item-linked'].enabled).toBe(false);
    expect(policy.controls['code-review'].enabled).toBe(true);
    expect(policy.approvers).toHaveLength(2);
  });

  it.each([
    [{ requiredApprovals: -1 }, 'requiredApprovals'],
    [{ requiredApprovals: 1.5 }, 'requiredApprovals'],
    [{ approvers: 'alice' }, 'approvers'],
    [{ productionEnvironments: [] }, 'productionEnvironments'],
    [{ controls: { 'no-such-control': { enabled: false } } }, 'unknown control "no-such-control"'],
    [{ controls: { 'code-review': { enabled: 'no' } } }, 'controls.code-review.enabled'],
    [{ requiredApproval: 2 }, 'requiredApproval'],
    [[], 'policy'],
  ])('rejects %j with a message naming %s', (input, fragment) => {
    expect(() => parsePolicy(input)).toThrow(PolicyError);
    expect(() => parsePolicy(input)).toThrow(fragment);
  });
});

describe('globMatch', () => {
  it('matches case-insensitively with * and ?', () => {
    expect(globMatch('refs/heads/release/*', 'refs/heads/release/2026.11')).toBe(true);
    expect(globMatch('refs/heads/main', 'refs/heads/main-old')).toBe(false);
    expect(globMatch('prod-?', 'PROD-1')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
  });

  it('recognises production environments from the policy', () => {
    const policy = parsePolicy({ productionEnvironments: ['Production*'] });
    expect(isProductionEnvironment(policy, 'production-eu')).toBe(true);
    expect(isProductionEnvironment(policy, 'Staging')).toBe(false);
  });
});
