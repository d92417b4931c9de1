/**
 * The project's audit policy, kept with the Extension Data Service: one document per project in the extension's
 * collection-wide ("Default") scope, so every member of the project reads the same policy.
 *
 *   key:   policy-<projectId>
 *   value: { schemaVersion: 1, policy: <the policy file object of the command line>, updatedAt, updatedBy,
 *            revision, source: {kind: 'settings'} | {kind: 'git', repository, branch, path}, history: [...] }
 *
 * Any member of the project can write this store through the REST API (the settings panel's permission check is
 * the panel's, not the store's), so the panel recommends the Git source, which Azure DevOps permissions and branch
 * policies guard, and every save appends who, when and what changed to `history` (the newest MAX_HISTORY saves).
 *
 * `policy` holds only what an administrator set (the same JSON a `--config` file holds), so defaults that change
 * in a later version apply to keys nobody set. The key has no colon: document ids travel in URL paths.
 */
import { CONTROL_IDS } from '../core/controls/ids';
import { defaultPolicy, parsePolicy, policySchema, type Policy, type PolicyInput } from '../core/policy';
import type { GitPolicyLocation } from '../core/policy-source/git-policy';
import type { ReportGitPolicySource, ReportPolicySource } from '../core/report';

export const SETTINGS_SCHEMA_VERSION = 1;

export const settingsKey = (projectId: string): string => `policy-${projectId}`;

type Person = { id: string; displayName: string; uniqueName: string };

/** Where the hub and tabs read the policy: these settings, or a file in one of the project's Git repositories. */
export type PolicySourceChoice = { kind: 'settings' } | { kind: 'git'; repository: { id: string; name: string }; branch: string; path: string };

/** One field's change in a save, as text a person reads: `requiredApprovals: 2 → 1`. */
export interface SettingsChange {
  field: string;
  from: string;
  to: string;
}

export interface SettingsHistoryEntry {
  revision: number;
  savedAt: string;
  savedBy: Person;
  changes: SettingsChange[];
}

/** Saves kept in a document's history: enough to audit a year of changes, small enough for one document. */
export const MAX_HISTORY = 200;

export interface StoredSettings {
  schemaVersion: typeof SETTINGS_SCHEMA_VERSION;
  policy: PolicyInput;
  updatedAt: string;
  updatedBy: Person;
  /** 1 for the first save, one more for each save after; absent in documents saved before it was kept. */
  revision?: number;
  /** Absent: these settings. */
  source?: PolicySourceChoice;
  /** The saves, oldest first. */
  history?: SettingsHistoryEntry[];
}

/** The settings as a view shows them: the effective policy, what was stored, and any problem reading it. */
export interface ProjectSettings {
  /** The policy the audit applies: the stored one, or the defaults. */
  policy: Policy;
  /** What an administrator saved, or null when nothing was saved yet. */
  stored: StoredSettings | null;
  /** Set when a stored document exists but is not a valid policy: the defaults apply meanwhile. */
  problem: string | null;
  /** With the Git source: the file the policy was read from (its commit, author, date, SHA-256). */
  git?: ReportGitPolicySource;
}

/** The fields of the settings form, each with what is wrong with it. */
export type PolicyField = 'requiredApprovals' | 'approvers' | 'allowedBranches' | 'productionEnvironments' | 'controls' | 'policy' | 'source';
export type FieldErrors = Partial<Record<PolicyField, string>>;

export class PolicyValidationError extends Error {
  override name = 'PolicyValidationError';
  constructor(readonly fields: FieldErrors) {
    super(`invalid policy: ${Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; ')}`);
  }
}

/**
 * Validates a policy as the engine will read it and names what is wrong per field; null when it is valid.
 * Uses the engine's own schema (parsePolicy) so the settings can never hold a policy the engine rejects.
 */
export function validatePolicy(input: unknown): FieldErrors | null {
  const parsed = policySchema.safeParse(input ?? {});
  if (parsed.success) return null;
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const [head, ...rest] = issue.path;
    const field: PolicyField = typeof head === 'string' && head in FIELD_NAMES ? (head as PolicyField) : 'policy';
    const where = rest.length && field !== 'controls' ? ` (item ${Number(rest[0]) + 1})` : '';
    // A person reads the field's rule, not the schema's wording.
    const message = field === 'requiredApprovals' ? REQUIRED_APPROVALS_RULE : `${issue.message}${where}`;
    if (errors[field] === message) continue;
    errors[field] = errors[field] ? `${errors[field]}; ${message}` : message;
  }
  return errors;
}

export const REQUIRED_APPROVALS_RULE = 'Required approvals must be a whole number from 0 to 50 (0: no approval is required)';

const FIELD_NAMES: Record<Exclude<PolicyField, 'policy' | 'source'>, true> = {
  requiredApprovals: true,
  approvers: true,
  allowedBranches: true,
  productionEnvironments: true,
  controls: true,
};

/** Reads a stored document; anything that is not a valid policy falls back to the defaults with the reason. */
export function readStoredSettings(value: unknown): ProjectSettings {
  if (value === null || value === undefined) return { policy: defaultPolicy(), stored: null, problem: null };
  const document = value as Partial<StoredSettings>;
  if (typeof document !== 'object' || document.schemaVersion !== SETTINGS_SCHEMA_VERSION || typeof document.policy !== 'object' || !validSource(document.source)) {
    return { policy: defaultPolicy(), stored: null, problem: 'the stored settings are not in a format this version understands' };
  }
  try {
    return { policy: parsePolicy(document.policy), stored: document as StoredSettings, problem: null };
  } catch (error) {
    return { policy: defaultPolicy(), stored: document as StoredSettings, problem: (error as Error).message };
  }
}

/** A policy input without the keys that merely repeat a default, as an administrator would write the file. */
export function minimalPolicyInput(policy: Policy): PolicyInput {
  const defaults = defaultPolicy();
  const input: PolicyInput = {};
  if (policy.requiredApprovals !== defaults.requiredApprovals) input.requiredApprovals = policy.requiredApprovals;
  if (policy.approvers.length) input.approvers = policy.approvers;
  if (!sameList(policy.allowedBranches, defaults.allowedBranches)) input.allowedBranches = policy.allowedBranches;
  if (!sameList(policy.productionEnvironments, defaults.productionEnvironments)) input.productionEnvironments = policy.productionEnvironments;
  const disabled = CONTROL_IDS.filter((id) => !policy.controls[id].enabled);
  if (disabled.length) input.controls = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
  return input;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

const validSource = (source: unknown): boolean => {
  if (source === undefined || (source as PolicySourceChoice | null)?.kind === 'settings') return true;
  const git = source as Partial<Extract<PolicySourceChoice, { kind: 'git' }>> | null;
  return git?.kind === 'git' && typeof git.repository?.id === 'string' && typeof git.repository.name === 'string' && typeof git.branch === 'string' && typeof git.path === 'string';
};

/** The Git file a stored document points at, or null when the policy is kept in the settings. */
export function gitLocation(stored: StoredSettings | null): GitPolicyLocation | null {
  const source = stored?.source;
  return source?.kind === 'git' ? { repository: source.repository.id, branch: source.branch, path: source.path } : null;
}

/** The report's policy source for these settings: the Git file read, the settings document's revision, or the defaults. */
export function settingsPolicySource(settings: ProjectSettings | null | undefined): ReportPolicySource {
  if (settings?.git && !settings.problem) return settings.git;
  const stored = settings?.stored;
  if (!stored || settings?.problem) return { kind: 'defaults' };
  return {
    kind: 'settings',
    // A document saved before revisions were counted is the first revision (nextSettings counts on from it).
    version: typeof stored.revision === 'number' ? stored.revision : 1,
    updatedAt: stored.updatedAt ?? null,
    updatedBy: stored.updatedBy ? { id: stored.updatedBy.id, displayName: stored.updatedBy.displayName, uniqueName: stored.updatedBy.uniqueName } : null,
  };
}

const effective = (input: unknown): Policy | null => {
  try {
    return parsePolicy(input);
  } catch {
    return null;
  }
};

const describeSource = (source: PolicySourceChoice | undefined): string =>
  source?.kind === 'git' ? `Git file ${source.path} on ${source.branch} in ${source.repository.name}` : 'these settings';

/**
 * What a save changes, field by field, between the effective policies (a key left out and its default are the same
 * policy, so they are no change) and the policy's source.
 */
export function settingsDiff(before: StoredSettings | null, policy: PolicyInput, source: PolicySourceChoice): SettingsChange[] {
  const changes: SettingsChange[] = [];
  const sourceBefore = describeSource(before?.source);
  const sourceAfter = describeSource(source);
  if (sourceBefore !== sourceAfter) changes.push({ field: 'policy source', from: sourceBefore, to: sourceAfter });
  const from = (before && effective(before.policy)) ?? defaultPolicy();
  const to = effective(policy) ?? defaultPolicy();
  const list = (items: string[]) => (items.length ? items.join(', ') : '(anyone)');
  const fields: [string, string, string][] = [
    ['requiredApprovals', String(from.requiredApprovals), String(to.requiredApprovals)],
    ['approvers', list(from.approvers), list(to.approvers)],
    ['allowedBranches', from.allowedBranches.join(', '), to.allowedBranches.join(', ')],
    ['productionEnvironments', from.productionEnvironments.join(', '), to.productionEnvironments.join(', ')],
    ...CONTROL_IDS.map((id): [string, string, string] => [`controls.${id}`, from.controls[id].enabled ? 'on' : 'off', to.controls[id].enabled ? 'on' : 'off']),
  ];
  for (const [field, a, b] of fields) if (a !== b) changes.push({ field, from: a, to: b });
  return changes;
}

/** The document a save writes: the new policy and source, the next revision, and the history with this save appended. */
export function nextSettings(previous: StoredSettings | null, policy: PolicyInput, source: PolicySourceChoice, savedBy: Person, savedAt: string): StoredSettings {
  const revision = (previous ? (previous.revision ?? 1) : 0) + 1;
  const entry: SettingsHistoryEntry = { revision, savedAt, savedBy, changes: settingsDiff(previous, policy, source) };
  return {
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    policy,
    updatedAt: savedAt,
    updatedBy: savedBy,
    revision,
    source,
    history: [...(previous?.history ?? []), entry].slice(-MAX_HISTORY),
  };
}
