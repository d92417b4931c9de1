/**
 * The project's audit policy, kept with the Extension Data Service: one document per project in the extension's
 * collection-wide ("Default") scope, so every member of the project reads the same policy.
 *
 *   key:   policy-<projectId>
 *   value: { schemaVersion: 1, policy: <the policy file object of the command line>, updatedAt, updatedBy }
 *
 * `policy` holds only what an administrator set (the same JSON a `--config` file holds), so defaults that change
 * in a later version apply to keys nobody set. The key has no colon: document ids travel in URL paths.
 */
import { CONTROL_IDS } from '../core/controls/ids';
import { defaultPolicy, parsePolicy, policySchema, type Policy, type PolicyInput } from '../core/policy';

export const SETTINGS_SCHEMA_VERSION = 1;

export const settingsKey = (projectId: string): string => `policy-${projectId}`;

export interface StoredSettings {
  schemaVersion: typeof SETTINGS_SCHEMA_VERSION;
  policy: PolicyInput;
  updatedAt: string;
  updatedBy: { id: string; displayName: string; uniqueName: string };
}

/** The settings as a view shows them: the effective policy, what was stored, and any problem reading it. */
export interface ProjectSettings {
  /** The policy the audit applies: the stored one, or the defaults. */
  policy: Policy;
  /** What an administrator saved, or null when nothing was saved yet. */
  stored: StoredSettings | null;
  /** Set when a stored document exists but is not a valid policy: the defaults apply meanwhile. */
  problem: string | null;
}

/** The fields of the settings form, each with what is wrong with it. */
export type PolicyField = 'requiredApprovals' | 'approvers' | 'allowedBranches' | 'productionEnvironments' | 'controls' | 'policy';
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

const FIELD_NAMES: Record<Exclude<PolicyField, 'policy'>, true> = {
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
  if (typeof document !== 'object' || document.schemaVersion !== SETTINGS_SCHEMA_VERSION || typeof document.policy !== 'object') {
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
