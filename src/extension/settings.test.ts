import { defaultPolicy, parsePolicy } from '../core/policy';
import { minimalPolicyInput, readStoredSettings, REQUIRED_APPROVALS_RULE, settingsKey, validatePolicy } from './settings';

describe('settings', () => {
  it('are stored per project under a key without characters that would break a URL path', () => {
    expect(settingsKey('53410703-e2e5-4238-9025-233bd7c811b3')).toBe('policy-53410703-e2e5-4238-9025-233bd7c811b3');
  });

  it('are validated with the engine’s schema, each problem named by its field', () => {
    expect(validatePolicy({ requiredApprovals: 2 })).toBeNull();
    expect(validatePolicy({ requiredApprovals: 51, approvers: ['ok', ' '], productionEnvironments: [], controls: { nope: { enabled: false } } })).toEqual({
      requiredApprovals: 'Required approvals must be a whole number from 0 to 50 (0: no approval is required)',
      approvers: expect.stringContaining('(item 2)'),
      productionEnvironments: 'name at least one environment',
      controls: expect.stringContaining('unknown control "nope"'),
    });
    expect(validatePolicy({ requiredApprovals: 1.5 })?.requiredApprovals).toBe(REQUIRED_APPROVALS_RULE);
    expect(validatePolicy({ requiredApprovals: 'two' })?.requiredApprovals).toBe(REQUIRED_APPROVALS_RULE);
    expect(validatePolicy({ surprise: true })).toEqual({ policy: expect.stringContaining('surprise') });
  });

  it('read as the defaults when nothing was saved', () => {
    expect(readStoredSettings(null)).toEqual({ policy: defaultPolicy(), stored: null, problem: null });
    expect(readStoredSettings(undefined).policy).toEqual(defaultPolicy());
  });

  it('read a saved policy, and say why one cannot be used', () => {
    const stored = { schemaVersion: 1, policy: { requiredApprovals: 3 }, updatedAt: '2026-11-01T00:00:00Z', updatedBy: { id: 'a', displayName: 'A', uniqueName: 'a@x' } };
    expect(readStoredSettings(stored)).toEqual({ policy: parsePolicy({ requiredApprovals: 3 }), stored, problem: null });
    expect(readStoredSettings({ ...stored, policy: { requiredApprovals: -3 } }).problem).toContain('requiredApprovals');
    expect(readStoredSettings({ policy: {} }).problem).toContain('format');
  });

  it('keep only what differs from the defaults', () => {
    expect(minimalPolicyInput(defaultPolicy())).toEqual({});
    const policy = parsePolicy({ requiredApprovals: 3, approvers: ['x'], productionEnvironments: ['Prod'], controls: { 'work-item-linked': { enabled: false } } });
    expect(minimalPolicyInput(policy)).toEqual({
      requiredApprovals: 3,
      approvers: ['x'],
      productionEnvironments: ['Prod'],
      controls: { 'work-item-linked': { enabled: false } },
    });
    expect(parsePolicy(minimalPolicyInput(policy))).toEqual(policy);
  });
});
