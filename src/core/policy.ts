/**
 * The audit policy: what counts as production, how many approvals are needed and from whom, which branches may ship.
 * The command line reads it from a JSON file; the extension stores the same object in Azure DevOps.
 */
import { z } from 'zod';
import { CONTROL_IDS, type ControlId } from './controls/ids';

export const DEFAULT_ALLOWED_BRANCHES = ['refs/heads/main', 'refs/heads/master', 'refs/heads/release/*'];
export const DEFAULT_PRODUCTION_ENVIRONMENTS = ['prod', 'prod-*', 'production*'];

const controlSettings = z.strictObject({ enabled: z.boolean().default(true) });

const controlsSchema = z
  .record(z.string(), controlSettings)
  .superRefine((controls, ctx) => {
    for (const id of Object.keys(controls)) {
      if (!(CONTROL_IDS as readonly string[]).includes(id)) {
        ctx.addIssue({ code: 'custom', path: [id], message: `unknown control "${id}" (known: ${CONTROL_IDS.join(', ')})` });
      }
    }
  });

const nonEmptyString = z.string().trim().min(1, 'must not be empty');

/** Longest glob pattern a policy may hold, and most wildcards (`*`) in one: names are short, patterns simple. */
export const MAX_PATTERN_LENGTH = 256;
export const MAX_PATTERN_WILDCARDS = 16;

/** Why a glob pattern is refused, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern is ${pattern.length} characters long, longer than ${MAX_PATTERN_LENGTH}`;
  const wildcards = [...pattern].filter((character) => character === '*').length;
  if (wildcards > MAX_PATTERN_WILDCARDS) return `pattern has ${wildcards} wildcards (*), more than ${MAX_PATTERN_WILDCARDS}`;
  return null;
}

const globPattern = nonEmptyString.superRefine((pattern, ctx) => {
  const problem = patternProblem(pattern);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const policySchema = z.strictObject({
  requiredApprovals: z.number().int().min(0).max(50).default(2),
  approvers: z.array(nonEmptyString).default([]),
  allowedBranches: z.array(globPattern).default(DEFAULT_ALLOWED_BRANCHES),
  productionEnvironments: z.array(globPattern).min(1, 'name at least one environment').default(DEFAULT_PRODUCTION_ENVIRONMENTS),
  controls: controlsSchema.default({}),
});

export type PolicyInput = z.input<typeof policySchema>;

/** The effective policy: every key present, every control listed with its setting. */
export interface Policy {
  requiredApprovals: number;
  approvers: string[];
  allowedBranches: string[];
  productionEnvironments: string[];
  controls: Record<ControlId, { enabled: boolean }>;
}

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/** Validates a policy object and fills in the defaults; throws a PolicyError naming every problem. */
export function parsePolicy(input: unknown): Policy {
  const parsed = policySchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'policy';
      return `${where}: ${issue.message}`;
    });
    throw new PolicyError(`invalid policy: ${problems.join('; ')}`);
  }
  const controls = Object.fromEntries(
    CONTROL_IDS.map((id) => [id, { enabled: parsed.data.controls[id]?.enabled ?? true }]),
  ) as Policy['controls'];
  return { ...parsed.data, controls };
}

export const defaultPolicy = (): Policy => parsePolicy({});

/**
 * Case-insensitive glob match: `*` any run of characters, `?` one character, everything else itself. Linear in
 * practice and O(pattern × value) at worst, whatever the pattern (the greedy two-pointer algorithm: on a mismatch,
 * only the last `*` is widened by one character; no backtracking regular expression).
 */
export function globMatch(pattern: string, value: string): boolean {
  const p = pattern.toLowerCase();
  const v = value.toLowerCase();
  let pi = 0;
  let vi = 0;
  let star = -1; // position in p of the last `*` seen
  let resume = 0; // position in v that `*` matches up to
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === v[vi]))) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

export const isProductionEnvironment = (policy: Pick<Policy, 'productionEnvironments'>, name: string): boolean =>
  policy.productionEnvironments.some((pattern) => globMatch(pattern, name));
