/**
 * The pipeline runs a YAML run consumed (`resources.pipelines`): a CD pipeline that deploys another pipeline's
 * artifact deployed that run's build too. The Runs API names each consumed run by its pipeline and build number.
 */
import type { AdoClient } from '../ado/client';
import { pipelineRunSchema } from '../ado/schemas';
import { Memo } from './memo';

export interface ConsumedRun {
  alias: string;
  definitionId: number;
  buildNumber: string;
  /** The consumed pipeline's project, when its reference names one (a GUID from its URL); null: the audited project. */
  projectId: string | null;
}

/** …/{organization}/{project}/_apis/pipelines/{id}… → {project} */
const projectOfUrl = (url: string | null | undefined): string | null => /\/([^/]+)\/_apis\/pipelines\//i.exec(url ?? '')?.[1] ?? null;

export class PipelineResourceSource {
  private readonly runs = new Memo<number, ConsumedRun[]>();

  constructor(private readonly client: AdoClient) {}

  consumed(pipelineId: number, runId: number): Promise<ConsumedRun[]> {
    return this.runs.get(runId, async () => {
      const run = await this.client.get(this.client.url('core', `pipelines/${pipelineId}/runs/${runId}`, '7.1'), pipelineRunSchema);
      return Object.entries(run.resources?.pipelines ?? {}).flatMap(([alias, resource]) =>
        resource.pipeline && resource.version
          ? [{ alias, definitionId: resource.pipeline.id, buildNumber: resource.version, projectId: projectOfUrl(resource.pipeline.url) }]
          : [],
      );
    });
  }
}
