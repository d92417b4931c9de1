import { parsePolicy } from './policy';
import { policyRelaxations } from './policy-relaxations';

describe('settings weaker than the defaults', () => {
  it('are none for the defaults, or for stricter settings', () => {
    expect(policyRelaxations(parsePolicy({}))).toEqual([]);
    expect(policyRelaxations(parsePolicy({ requiredApprovals: 3, allowedBranches: ['refs/heads/main'], approvers: ['a@b.c'] }))).toEqual([]);
  });

  it('name one approval, a branch pattern that lets feature branches through, and a disabled control', () => {
    const policy = parsePolicy({ requiredApprovals: 1, allowedBranches: ['refs/heads/main', '*'], controls: { 'tests-passed': { enabled: false } } });
    expect(policyRelaxations(policy)).toEqual([
      'requiredApprovals is 1 (default 2)',
      'allowedBranches "*" allows branches the defaults do not (e.g. refs/heads/feature/x)',
      'control tests-passed is disabled',
    ]);
    expect(policyRelaxations(parsePolicy({ requiredApprovals: 0 }))).toEqual(['requiredApprovals is 0 (default 2)']);
    expect(policyRelaxations(parsePolicy({ allowedBranches: ['refs/heads/*'] }))[0]).toContain('refs/heads/*');
  });
});
