/** The deployed builds, fetched by id list; a YAML run is its own build, a release names its Build artifacts. */
import { buildArtifacts, type BuildRef } from '../ado/build-refs';
import type { AdoClient } from '../ado/client';
import { identity } from '../ado/identity';
import { buildSchema, list, listedReleaseSchema, releaseSchema, type AdoBuild, type Release } from '../ado/schemas';
import type { BuildEvidence } from '../model';
import { AdoHttpError, AuthenticationError, CancelledError } from '../transport/errors';
import { Memo } from './memo';

/** Ids per request (a page of the releases list holds at most 100). */
const BATCH = 100;

/** A build found, with when it was queued (not evidence: where to look for its test runs), or why it was not. */
export type BuildLookup = { build: BuildEvidence; projectId: string; queuedAt: string | null } | { error: unknown };

export type { BuildRef } from '../ado/build-refs';

export class BuildEvidenceSource {
  private readonly builds = new Memo<number, BuildLookup>();
  private readonly releases = new Memo<number, Release>();
  private readonly numbers = new Memo<string, BuildRef | null>();

  constructor(private readonly client: AdoClient) {}

  /**
   * Builds by id, in batches of one request each; a build the service no longer has is a 404. A classic release may
   * deploy a build of another project: such builds are asked for in their own project.
   */
  lookup(refs: BuildRef[]): Map<number, Promise<BuildLookup>> {
    const byProject = new Map<string, number[]>();
    for (const ref of refs) byProject.set(ref.projectId ?? '', [...(byProject.get(ref.projectId ?? '') ?? []), ref.id]);
    const found = new Map<number, Promise<BuildLookup>>();
    for (const [projectId, ids] of byProject) {
      const project = projectId || this.client.project;
      const lookups = this.builds.batch(
        ids,
        BATCH,
        async (chunk) => {
          const url = this.client.url('core', 'build/builds', '7.1', { buildIds: chunk.join(','), $top: chunk.length }, project);
          try {
            const builds = await this.client.get(url, list(buildSchema));
            return new Map(builds.filter((build) => !build.deleted).map((build) => [build.id, this.toEvidence(build)]));
          } catch (error) {
            return new Map(chunk.map((id) => [id, { error }]));
          }
        },
        (id) => ({
          error: new AdoHttpError(404, `build ${id} not found`, this.client.url('core', `build/builds/${id}`, '7.1', {}, project), 'BuildNotFoundException'),
        }),
      );
      for (const [id, lookup] of lookups) found.set(id, lookup);
    }
    return found;
  }

  /**
   * The Build artifacts of each classic release (and their projects), primary first; empty when it deployed no build.
   * The releases are listed by id in batches of one request each; any the list did not answer is fetched on its own.
   */
  buildsOfReleases(releaseIds: number[]): Map<number, Promise<BuildRef[]>> {
    const releases = this.releases.batch(releaseIds, BATCH, (chunk) => this.listReleases(chunk), (id) => this.getRelease(id));
    return new Map([...releases].map(([id, release]) => [id, release.then((found) => buildArtifacts(found.artifacts, this.client.project))]));
  }

  /** The build of a definition by its number (a pipeline resource names the run it consumed by its number). */
  byNumber(definitionId: number, buildNumber: string, projectId: string | null): Promise<BuildRef | null> {
    const project = projectId || this.client.project;
    return this.numbers.get(`${project}/${definitionId}/${buildNumber}`, async () => {
      const url = this.client.url('core', 'build/builds', '7.1', { definitions: definitionId, buildNumber, $top: 2 }, project);
      const builds = (await this.client.get(url, list(buildSchema))).filter((build) => build.buildNumber === buildNumber && build.definition?.id === definitionId);
      if (builds.length === 0) return null;
      const [build] = builds;
      this.builds.get(build.id, async () => (build.deleted ? { error: new Error(`build ${build.id} was deleted`) } : this.toEvidence(build)));
      return { id: build.id, projectId: projectId };
    });
  }

  private async listReleases(ids: number[]): Promise<Map<number, Release>> {
    const url = this.client.url('release', 'release/releases', '7.1', { releaseIdFilter: ids.join(','), $expand: 'artifacts', $top: ids.length });
    const listed = await this.client.get(url, list(listedReleaseSchema)).catch((error: unknown) => {
      if (error instanceof AuthenticationError || error instanceof CancelledError) throw error;
      return []; // each release is then fetched on its own: one failed list must not fail them all
    });
    const wanted = new Set(ids);
    const found = new Map<number, Release>();
    for (const release of listed) {
      // A server that ignored the filter answers other releases, one that ignored $expand leaves artifacts out:
      // neither says what a wanted release deployed.
      if (wanted.has(release.id) && release.artifacts) found.set(release.id, { ...release, artifacts: release.artifacts });
    }
    return found;
  }

  private getRelease(id: number): Promise<Release> {
    return this.client.get(this.client.url('release', `release/releases/${id}`, '7.1'), releaseSchema);
  }

  private toEvidence(build: AdoBuild): BuildLookup {
    return {
      projectId: build.project?.id ?? '',
      queuedAt: build.queueTime ?? build.startTime ?? null,
      build: {
        id: build.id,
        number: build.buildNumber,
        definition: { id: build.definition?.id ?? 0, name: build.definition?.name ?? '' },
        role: 'run',
        finishedAt: build.finishTime ?? null,
        result: build.result === 'none' ? '' : build.result,
        status: build.status,
        sourceBranch: build.sourceBranch,
        sourceVersion: build.sourceVersion,
        repositoryId: build.repository?.id ?? '',
        repositoryType: build.repository?.type ?? '',
        requestedFor: identity(build.requestedFor),
        url: build._links?.web?.href ?? this.client.webUrl(`_build/results?buildId=${build.id}`),
      },
    };
  }
}
