import { defaultPolicy, parsePolicy } from '../core/policy';
import { MAX_HISTORY, minimalPolicyInput, nextSettings, readStoredSettings, REQUIRED_APPROVALS_RULE, settingsDiff, settingsKey, settingsPolicySource, validatePolicy } from './settings';

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

  const ada = { id: 'ada', displayName: 'Ada Admin', uniqueName: 'ada@contoso.com' };
  const git = { kind: 'git' as const, repository: { id: 'r1', name: 'config' }, branch: 'refs/heads/main', path: '/policy.json' };

  it('diff each field of the effective policies: a key left out and its default are no change', () => {
    expect(settingsDiff(null, { requiredApprovals: 2 }, { kind: 'settings' })).toEqual([]);
    const before = nextSettings(null, { approvers: ['x'] }, { kind: 'settings' }, ada, '2026-11-01T00:00:00Z');
    expect(settingsDiff(before, { allowedBranches: ['*'], controls: { 'work-item-linked': { enabled: false } } }, git)).toEqual([
      { field: 'policy source', from: 'these settings', to: 'Git file /policy.json on refs/heads/main in config' },
      { field: 'approvers', from: 'x', to: '(anyone)' },
      { field: 'allowedBranches', from: 'refs/heads/main, refs/heads/master, refs/heads/release/*', to: '*' },
      { field: 'controls.work-item-linked', from: 'on', to: 'off' },
    ]);
  });

  it('count revisions from a document saved before they were counted, and keep the newest saves', () => {
    const legacy = { schemaVersion: 1 as const, policy: {}, updatedAt: '2026-10-01T00:00:00Z', updatedBy: ada };
    expect(nextSettings(legacy, { requiredApprovals: 3 }, { kind: 'settings' }, ada, '2026-11-01T00:00:00Z')).toMatchObject({ revision: 2, history: [{ revision: 2 }] });
    let document = nextSettings(null, {}, { kind: 'settings' }, ada, '2026-11-01T00:00:00Z');
    for (let i = 0; i < MAX_HISTORY + 5; i++) document = nextSettings(document, { requiredApprovals: i % 3 }, { kind: 'settings' }, ada, '2026-11-02T00:00:00Z');
    expect(document.history).toHaveLength(MAX_HISTORY);
    expect(document.history!.at(-1)!.revision).toBe(MAX_HISTORY + 6);
  });

  it('name the settings revision or the Git file as the report’s policy source', () => {
    const saved = nextSettings(null, { requiredApprovals: 3 }, { kind: 'settings' }, ada, '2026-11-01T00:00:00Z');
    expect(settingsPolicySource(readStoredSettings(saved))).toEqual({ kind: 'settings', version: 1, updatedAt: '2026-11-01T00:00:00Z', updatedBy: ada });
    expect(settingsPolicySource(readStoredSettings(null))).toEqual({ kind: 'defaults' });
    const file = { kind: 'git' as const, repository: { id: 'r1', name: 'config' }, branch: 'refs/heads/main', path: '/policy.json', commitId: 'c', author: { name: 'A', email: 'a' }, date: null, sha256: 'h', url: 'u' };
    expect(settingsPolicySource({ ...readStoredSettings(saved), git: file })).toBe(file);
  });

  it('refuse a stored source of another shape', () => {
    expect(readStoredSettings({ schemaVersion: 1, policy: {}, updatedAt: '', updatedBy: ada, source: { kind: 'git', repository: 'config' } }).problem).toContain('format');
  });
});
