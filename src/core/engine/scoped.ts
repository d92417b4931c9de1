/**
 * The audit of one run or one release, for the tabs on the run page and the release summary: the same sources,
 * evidence and verdicts as the window audit, narrowed to that run's or release's production deployments.
 */
import type { AdoClient } from '../ado/client';
import { buildSchema, releaseSchema, type Release } from '../ado/schemas';
import type { DeploymentEvidence } from '../model';
import type { Policy } from '../policy';
import { buildArtifacts } from '../ado/build-refs';
import { findClassicDeployments } from '../sources/classic-releases';
import { findYamlDeployments } from '../sources/yaml-environments';
import { enrichCandidates, population, productionMatcher } from './collect';

export interface ScopedOptions {
  client: AdoClient;
  policy: Policy;
  environments?: string[];
  signal?: AbortSignal;
}

const DAY = 86_400_000;
const untilTomorrow = () => new Date(Date.now() + DAY);

/** The production deployments of a YAML run, with their evidence. Throws when the run cannot be read. */
export async function collectRunDeployments(options: ScopedOptions & { runId: number }): Promise<DeploymentEvidence[]> {
  const { client, runId } = options;
  const build = await client.get(client.url('core', `build/builds/${runId}`, '7.1'), buildSchema);
  const queued = build.queueTime ?? build.startTime;
  const window = { from: queued ? new Date(queued) : new Date(0), to: untilTomorrow() };
  // Records are listed newest first; none of this run's was queued before the run itself.
  const candidates = await population('the run\'s deployment records', () =>
    findYamlDeployments(client, { window, isProduction: productionMatcher(options.policy, options.environments), runId, lookbackMs: 0 }),
  );
  await enrichCandidates(client, candidates, { signal: options.signal });
  return candidates.map((candidate) => candidate.evidence).sort(byStart);
}

/** The production deployments of a classic release, with their evidence. Throws when the release cannot be read. */
export async function collectReleaseDeployments(options: ScopedOptions & { releaseId: number }): Promise<DeploymentEvidence[]> {
  const { client, releaseId } = options;
  const release = await client.get(client.url('release', `release/releases/${releaseId}`, '7.1'), releaseSchema);
  // Its definition's deployments between the release's creation and its last change hold all of its own.
  const window = { from: release.createdOn ? new Date(release.createdOn) : new Date(0), to: lastPossibleStart(release) };
  const definitionId = release.releaseDefinition?.id ?? 0;
  const candidates = await population('the release\'s deployments', () =>
    findClassicDeployments(client, {
      window,
      isProduction: productionMatcher(options.policy, options.environments),
      release: { id: releaseId, definitionId },
    }),
  );
  // The release read above names its builds: the engine need not ask for the release again.
  const builds = buildArtifacts(release.artifacts, client.project);
  for (const { origin } of candidates) if (origin.kind === 'classic' && builds.length) origin.deployed.builds ??= builds;
  await enrichCandidates(client, candidates, { signal: options.signal });
  return candidates.map((candidate) => candidate.evidence).sort(byStart);
}

/**
 * The latest a deployment of the release can have started: its last change, with a day's margin (clocks, a stage
 * started as the release was read); while a stage deploys or waits to, tomorrow. An old release on a busy definition
 * is then found in a page or two, not among every deployment since.
 */
function lastPossibleStart(release: Release): Date {
  const tomorrow = untilTomorrow();
  if (release.environments.some((environment) => ['inProgress', 'queued', 'scheduled', 'undefined', ''].includes(environment.status))) return tomorrow;
  const changes = [release.modifiedOn, ...release.environments.map((environment) => environment.modifiedOn)].filter((at): at is string => !!at);
  if (!changes.length) return tomorrow;
  return new Date(Math.min(Math.max(...changes.map(Date.parse)) + DAY, tomorrow.getTime()));
}

const byStart = (a: DeploymentEvidence, b: DeploymentEvidence) => a.startedAt.localeCompare(b.startedAt) || a.key.localeCompare(b.key);
