/**
 * Whether a branch was protected: the project's branch policy configurations (listed once per project) that are
 * enabled, blocking, and whose scope covers the repository and branch, as they stood when a pull request completed.
 */
import type { AdoClient } from '../ado/client';
import { policyConfigurationSchema, type PolicyConfiguration } from '../ado/schemas';
import type { PullRequestEvidence } from '../model';
import { Memo } from './memo';

/** Branches Azure DevOps takes for a repository's default branch when a policy's scope says "DefaultBranch". */
const DEFAULT_BRANCHES = new Set(['refs/heads/main', 'refs/heads/master']);

export class BranchPolicySource {
  private readonly configurations = new Memo<string, PolicyConfiguration[]>();

  constructor(private readonly client: AdoClient) {}

  /** The enabled blocking policies that covered the pull request's target branch when it completed. */
  async protecting(pullRequest: PullRequestEvidence, projectId: string): Promise<{ id: number; typeName: string }[]> {
    const all = await this.list(projectId || this.client.project);
    const completed = pullRequest.closedAt ? Date.parse(pullRequest.closedAt) : Infinity;
    return all
      .filter((configuration) => configuration.isEnabled && configuration.isBlocking && !configuration.isDeleted)
      .filter((configuration) => !configuration.createdDate || Date.parse(configuration.createdDate) <= completed)
      .filter((configuration) => covers(configuration, pullRequest.repositoryId, pullRequest.targetRefName))
      .map((configuration) => ({ id: configuration.id, typeName: configuration.type?.displayName ?? '' }));
  }

  private list(project: string): Promise<PolicyConfiguration[]> {
    return this.configurations.get(project.toLowerCase(), async () => {
      const found: PolicyConfiguration[] = [];
      for await (const page of this.client.pages(this.client.url('core', 'policy/configurations', '7.1', {}, project), policyConfigurationSchema)) {
        found.push(...page);
      }
      return found;
    });
  }
}

/** Scope entries: a repository (or all) and a branch exactly, a branch prefix, or the default branch (or all). */
export function covers(configuration: PolicyConfiguration, repositoryId: string, branch: string): boolean {
  const scopes = configuration.settings?.scope ?? [];
  const ref = branch.toLowerCase();
  return scopes.some((scope) => {
    if (scope.repositoryId && scope.repositoryId.toLowerCase() !== repositoryId.toLowerCase()) return false;
    const kind = String(scope.matchKind ?? 'exact').toLowerCase();
    if (kind === 'defaultbranch' || kind === '2') return DEFAULT_BRANCHES.has(ref);
    if (!scope.refName) return true;
    const wanted = scope.refName.toLowerCase();
    return kind === 'prefix' || kind === '1' ? ref.startsWith(wanted) : ref === wanted;
  });
}
