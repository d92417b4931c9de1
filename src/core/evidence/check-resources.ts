/**
 * Which resource asked for each approval of a YAML stage: only the approvals of the deployment's own environment
 * count. The environment's approval checks are listed once per environment; when the stage recorded no more approvals
 * than the environment had checks, all of them were the environment's. Otherwise the checks panel tells them apart.
 */
import type { AdoClient } from '../ado/client';
import { checkConfigurationSchema, list } from '../ado/schemas';
import { Memo } from './memo';

/** The check type of manual approvals. */
export const APPROVAL_CHECK_TYPE = '8c6f20a7-a545-4486-9777-f762fafe0d4d';

export class CheckResourceSource {
  private readonly checks = new Memo<number, { createdOn: string | null }[]>();

  constructor(private readonly client: AdoClient) {}

  /** The environment's approval checks that existed when the deployment started. */
  async approvalChecks(environmentId: number, startedAt: string): Promise<number> {
    const checks = await this.checks.get(environmentId, async () => {
      const url = this.client.url('core', 'pipelines/checks/configurations', '7.1-preview.1', { resourceType: 'environment', resourceId: environmentId });
      const configurations = await this.client.get(url, list(checkConfigurationSchema));
      return configurations
        .filter((configuration) => configuration.type?.id.toLowerCase() === APPROVAL_CHECK_TYPE || configuration.type?.name.toLowerCase() === 'approval')
        .map((configuration) => ({ createdOn: configuration.createdOn }));
    });
    return checks.filter((check) => !check.createdOn || check.createdOn <= startedAt).length;
  }
}
