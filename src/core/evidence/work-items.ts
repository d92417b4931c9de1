/** Work items linked to a build (pull requests' links come from PullRequestSource). */
import type { AdoClient } from '../ado/client';
import { list, resourceRefSchema } from '../ado/schemas';
import { Memo } from './memo';

export class BuildWorkItemSource {
  private readonly byBuild = new Memo<number, number[]>();

  constructor(private readonly client: AdoClient) {}

  linkedTo(buildId: number, projectId = ''): Promise<number[]> {
    return this.byBuild.get(buildId, async () => {
      const url = this.client.url('core', `build/builds/${buildId}/workitems`, '7.1', { $top: 1000 }, projectId || this.client.project);
      return (await this.client.get(url, list(resourceRefSchema))).map((ref) => ref.id);
    });
  }
}
