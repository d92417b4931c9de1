/**
 * Work items linked to what a deployment shipped — its builds, the pull requests and the commits of its change sets —
 * asked for in bulk: `POST {project}/_apis/wit/artifacturiquery` takes many artifact URIs at once, so the artifacts of
 * every deployment that asks at about the same moment go in one request. A server without that route is asked the old
 * way: each build's and each pull request's work items.
 */
import { z } from 'zod';
import type { AdoClient } from '../ado/client';
import { list, resourceRefSchema } from '../ado/schemas';
import { AdoHttpError, AuthenticationError, CancelledError } from '../transport/errors';
import { Memo } from './memo';

/** Artifact URIs per request. */
const BATCH = 200;

const artifactUriQuerySchema = z.object({
  artifactUrisQueryResult: z.record(z.string(), z.array(resourceRefSchema).nullish()).nullish(),
});

export const buildUri = (buildId: number) => `vstfs:///Build/Build/${buildId}`;
export const pullRequestUri = (projectId: string, repositoryId: string, id: number) => `vstfs:///Git/PullRequestId/${projectId}%2F${repositoryId}%2F${id}`;
export const commitUri = (projectId: string, repositoryId: string, sha: string) => `vstfs:///Git/Commit/${projectId}%2F${repositoryId}%2F${sha}`;

const BUILD_URI = /^vstfs:\/\/\/Build\/Build\/(\d+)$/i;
const PULL_REQUEST_URI = /^vstfs:\/\/\/Git\/PullRequestId\/([^%]+)%2F([^%]+)%2F(\d+)$/i;

export class WorkItemSource {
  private readonly byUri = new Memo<string, number[]>();
  private pending = new Map<string, { resolve: (ids: number[]) => void; reject: (error: unknown) => void }>();
  private scheduled = false;
  /** Set once the server has said it has no artifact URI query. */
  private withoutQuery = false;

  constructor(private readonly client: AdoClient) {}

  /** The work items linked to any of these artifacts, each once, in ascending order. */
  async linkedTo(uris: string[]): Promise<number[]> {
    const found = await Promise.all([...new Set(uris)].map((uri) => this.one(uri)));
    return [...new Set(found.flat())].sort((a, b) => a - b);
  }

  private one(uri: string): Promise<number[]> {
    return this.byUri.get(
      uri,
      () =>
        new Promise<number[]>((resolve, reject) => {
          this.pending.set(uri, { resolve, reject });
          // Whoever asks in the same turn of the event loop shares the request.
          if (!this.scheduled) {
            this.scheduled = true;
            setTimeout(() => this.flush(), 0);
          }
        }),
    );
  }

  private flush(): void {
    this.scheduled = false;
    const waiting = [...this.pending];
    this.pending = new Map();
    for (let i = 0; i < waiting.length; i += BATCH) {
      const chunk = waiting.slice(i, i + BATCH);
      this.query(chunk.map(([uri]) => uri)).then(
        (found) => {
          for (const [uri, { resolve, reject }] of chunk) {
            if (found.has(uri)) resolve(found.get(uri)!);
            else this.fallback(uri).then(resolve, reject);
          }
        },
        (error: unknown) => chunk.forEach(([, { reject }]) => reject(error)),
      );
    }
  }

  private async query(uris: string[]): Promise<Map<string, number[]>> {
    if (this.withoutQuery) return new Map();
    try {
      const url = this.client.url('core', 'wit/artifacturiquery', '7.1', {});
      const answer = await this.client.post(url, { artifactUris: uris }, artifactUriQuerySchema);
      const result = answer.artifactUrisQueryResult ?? {};
      const lower = new Map(Object.entries(result).map(([key, refs]) => [key.toLowerCase(), (refs ?? []).map((ref) => ref.id)]));
      // Every artifact asked for is answered, linked to nothing or not; one left out is asked the old way.
      return new Map(uris.flatMap((uri) => (lower.has(uri.toLowerCase()) ? [[uri, lower.get(uri.toLowerCase())!] as const] : [])));
    } catch (error) {
      if (error instanceof AuthenticationError || error instanceof CancelledError) throw error;
      if (error instanceof AdoHttpError && (error.status === 404 || error.status === 400)) {
        this.withoutQuery = true;
        return new Map();
      }
      throw error;
    }
  }

  /** A server without the query: the build's or the pull request's own list; commits have none to ask. */
  private async fallback(uri: string): Promise<number[]> {
    const build = BUILD_URI.exec(uri);
    if (build) {
      const url = this.client.url('core', `build/builds/${build[1]}/workitems`, '7.1', { $top: 1000 });
      return (await this.client.get(url, list(resourceRefSchema))).map((ref) => ref.id);
    }
    const pullRequest = PULL_REQUEST_URI.exec(uri);
    if (pullRequest) {
      const [, project, repository, id] = pullRequest;
      const url = this.client.url('core', `git/repositories/${encodeURIComponent(repository)}/pullRequests/${id}/workitems`, '7.1', {}, project);
      return (await this.client.get(url, list(resourceRefSchema))).map((ref) => ref.id);
    }
    return [];
  }
}
