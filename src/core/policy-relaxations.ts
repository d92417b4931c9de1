/**
 * Settings weaker than the defaults: a report marks each one, so that an auditor sees at once that the checklist was
 * relaxed (one approval instead of two, any branch allowed, a control switched off).
 */
import { CONTROL_IDS } from './controls/ids';
import { DEFAULT_ALLOWED_BRANCHES, defaultPolicy, globMatch, type Policy } from './policy';

/** Branch names a permissive pattern lets through but the defaults do not. */
const PROBES = ['refs/heads/feature/x', 'refs/heads/hotfix/x', 'refs/heads/users/x/y', 'refs/pull/1/merge', 'refs/tags/v1'];

export function policyRelaxations(policy: Policy): string[] {
  const relaxed: string[] = [];
  const defaults = defaultPolicy();
  if (policy.requiredApprovals < defaults.requiredApprovals) {
    relaxed.push(`requiredApprovals is ${policy.requiredApprovals} (default ${defaults.requiredApprovals})`);
  }
  for (const pattern of policy.allowedBranches) {
    const letThrough = PROBES.filter((branch) => globMatch(pattern, branch) && !DEFAULT_ALLOWED_BRANCHES.some((allowed) => globMatch(allowed, branch)));
    if (letThrough.length) relaxed.push(`allowedBranches "${pattern}" allows branches the defaults do not (e.g. ${letThrough[0]})`);
  }
  for (const id of CONTROL_IDS) if (!policy.controls[id].enabled) relaxed.push(`control ${id} is disabled`);
  return relaxed;
}
