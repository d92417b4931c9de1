/**
 * The engine: finds every production deployment in the window, then collects its evidence in batches that share
 * requests (builds by id list, approvals by id list, pull requests per repository), each piece fetched once.
 */
import type { AdoClient } from '../ado/client';
import type { EvidenceCache } from '../cache/evidence-cache';
import { ApprovalSource } from '../evidence/approvals';
import { BuildEvidenceSource, type BuildLookup, type BuildRef } from '../evidence/builds';
import { addError, toEvidenceError } from '../evidence/errors';
import { PullRequestSource } from '../evidence/pull-requests';
import { TestSource } from '../evidence/tests';
import { TimelineSource } from '../evidence/timeline';
import { BuildWorkItemSource } from '../evidence/work-items';
import type { BuildEvidence, DeploymentEvidence, EvidenceSource, PullRequestEvidence } from '../model';
import { globMatch, type Policy } from '../policy';
import type { Candidate } from '../sources/candidate';
import { findClassicDeployments } from '../sources/classic-releases';
import { findYamlDeployments } from '../sources/yaml-environments';
import { AdoHttpError, AuthenticationError, CancelledError } from '../transport/errors';
import type { AuditWindow } from './window';

export interface CollectProgress {
  phase: 'finding' | 'collecting' | 'done';
  /** Production deployments found in the window so far. */
  found: number;
  /** Deployments whose evidence is complete. */
  collected: number;
}

export interface CollectOptions {
  client: AdoClient;
  policy: Policy;
  window: AuditWindow;
  /** Production environment names that replace the policy's list (the command line's --environment). */
  environments?: string[];
  onProgress?: (progress: CollectProgress) => void;
  /** Deployments as their evidence completes, so a view can show rows as they arrive. */
  onDeployments?: (deployments: DeploymentEvidence[]) => void;
  signal?: AbortSignal;
  /** Deployments enriched together; their requests are batched. */
  batchSize?: number;
  /** Evidence kept from earlier audits: finished deployments found there are not asked for again. */
  cache?: EvidenceCache;
  /** The cache could not be saved: the report is whole, the next audit will ask again. */
  onCacheError?: (error: unknown) => void;
}

/** The project does not exist, or the token cannot see it. */
export class ProjectNotFoundError extends Error {
  override name = 'ProjectNotFoundError';
}

/** A list of deployments could not be read, so the population would be incomplete: no report. */
export class PopulationError extends Error {
  override name = 'PopulationError';
}

export async function collectEvidence(options: CollectOptions): Promise<DeploymentEvidence[]> {
  const { client, policy } = options;
  const isProduction = productionMatcher(policy, options.environments);
  const progress: CollectProgress = { phase: 'finding', found: 0, collected: 0 };
  const report = () => options.onProgress?.({ ...progress });
  const found = (count: number) => {
    progress.found += count;
    report();
  };
  report();

  const [yaml, classic] = await Promise.all([
    population('YAML environment deployments', () => findYamlDeployments(client, { window: options.window, isProduction, onFound: found })),
    population('classic release deployments', () => findClassicDeployments(client, { window: options.window, isProduction, onFound: found })),
  ]);
  const candidates = [...yaml, ...classic].sort(
    (a, b) => b.evidence.startedAt.localeCompare(a.evidence.startedAt) || a.evidence.key.localeCompare(b.evidence.key),
  );

  progress.phase = 'collecting';
  report();
  const collected = (batch: DeploymentEvidence[]) => {
    progress.collected += batch.length;
    options.onDeployments?.(batch);
    report();
  };
  const fresh = await takeFromCache(candidates, options.cache);
  const kept = candidates.filter((candidate) => !fresh.includes(candidate));
  if (kept.length) collected(kept.map((candidate) => candidate.evidence));
  try {
    await enrichCandidates(client, fresh, {
      ...options,
      onBatch: async (batch) => {
        await options.cache?.remember(batch);
        collected(batch);
      },
    });
  } finally {
    // What was collected before a cancel or a failure is kept too: the next audit starts from there.
    await options.cache?.flush().catch((error: unknown) => options.onCacheError?.(error));
  }
  progress.phase = 'done';
  report();
  return candidates.map((candidate) => candidate.evidence);
}

/** Puts kept evidence on the candidates the cache knows; returns the others, still to collect. */
async function takeFromCache(candidates: Candidate[], cache: EvidenceCache | undefined): Promise<Candidate[]> {
  if (!cache) return candidates;
  const fresh: Candidate[] = [];
  for (const candidate of candidates) {
    const kept = await cache.get(candidate.evidence.key);
    if (kept) candidate.evidence = kept;
    else fresh.push(candidate);
  }
  return fresh;
}

/** Collects the evidence of deployments a source found, batch by batch; `onBatch` hears of each finished batch. */
export async function enrichCandidates(
  client: AdoClient,
  candidates: Candidate[],
  options: { signal?: AbortSignal; batchSize?: number; onBatch?: (batch: DeploymentEvidence[]) => void | Promise<void> },
): Promise<void> {
  const collector = new EvidenceCollector(client);
  const batchSize = options.batchSize ?? 200;
  for (let i = 0; i < candidates.length; i += batchSize) {
    if (options.signal?.aborted) throw new CancelledError();
    const batch = candidates.slice(i, i + batchSize);
    await collector.enrich(batch);
    const capturedAt = new Date().toISOString();
    for (const candidate of batch) candidate.evidence.capturedAt = capturedAt;
    await options.onBatch?.(batch.map((candidate) => candidate.evidence));
  }
}

/** The production-environment matcher of a policy, or of names given instead of it. */
export function productionMatcher(policy: Policy, environments?: string[]): (name: string) => boolean {
  const patterns = environments?.length ? environments : policy.productionEnvironments;
  return (name) => patterns.some((pattern) => globMatch(pattern, name));
}

export async function population(what: string, find: () => Promise<Candidate[]>): Promise<Candidate[]> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof CancelledError) throw error;
    if (error instanceof AdoHttpError && /^ProjectDoesNotExist(WithName)?Exception$/.test(error.typeKey ?? '')) {
      throw new ProjectNotFoundError(error.message);
    }
    const status = error instanceof AdoHttpError && error.status ? ` (HTTP ${error.status})` : '';
    throw new PopulationError(`could not list ${what}: ${(error as Error).message}${status}`);
  }
}

const GIT = new Set(['tfsgit', 'git', '']);

/** Fills the evidence of a batch of deployments; whatever cannot be read becomes an error on that deployment. */
class EvidenceCollector {
  private readonly builds: BuildEvidenceSource;
  private readonly timelines: TimelineSource;
  private readonly approvals: ApprovalSource;
  private readonly pullRequests: PullRequestSource;
  private readonly tests: TestSource;
  private readonly workItems: BuildWorkItemSource;

  constructor(client: AdoClient) {
    this.builds = new BuildEvidenceSource(client);
    this.timelines = new TimelineSource(client);
    this.approvals = new ApprovalSource(client);
    this.pullRequests = new PullRequestSource(client);
    this.tests = new TestSource(client);
    this.workItems = new BuildWorkItemSource(client);
  }

  async enrich(batch: Candidate[]): Promise<void> {
    // 1. Which build each deployment shipped (the classic releases whose deployments did not name it are looked up in
    // a few requests), then all those builds in a few requests.
    const ofReleases = this.builds.primaryBuildsOfReleases(
      batch.flatMap(({ origin }) => (origin.kind === 'classic' && !origin.build ? [origin.releaseId] : [])),
    );
    const buildRefs = await Promise.all(batch.map((candidate) => this.buildOf(candidate, ofReleases)));
    const lookups = this.builds.lookup(buildRefs.filter((ref): ref is BuildRef => ref !== null));
    const builds = await Promise.all(buildRefs.map((ref) => (ref === null ? null : lookups.get(ref.id)!)));

    // 2. YAML stages from their run's timeline; then all their approvals in a few requests.
    const stages = await Promise.all(
      batch.map(async (candidate, index) => {
        if (candidate.origin.kind !== 'yaml') return null;
        const lookup = builds[index];
        if (lookup && 'error' in lookup && isGone(lookup.error)) return { error: lookup.error, gone: true };
        try {
          return await this.timelines.stage(candidate.evidence.runId, candidate.evidence.stage, candidate.origin.stageAttempt);
        } catch (error) {
          return { error, gone: false };
        }
      }),
    );
    this.approvals.prefetch(stages.flatMap((stage) => (stage && 'approvalIds' in stage ? stage.approvalIds : [])));

    // 3. Pull requests by merge commit, one query per repository for the whole batch.
    const byRepository = new Map<string, { projectId: string; commits: Set<string> }>();
    for (const lookup of builds) {
      if (!lookup || !('build' in lookup) || !GIT.has(lookup.build.repositoryType.toLowerCase())) continue;
      const { repositoryId, sourceVersion } = lookup.build;
      if (!repositoryId || !sourceVersion) continue;
      const repository = byRepository.get(repositoryId) ?? { projectId: lookup.projectId, commits: new Set<string>() };
      byRepository.set(repositoryId, repository);
      repository.commits.add(sourceVersion);
    }
    const merged = new Map<string, Promise<PullRequestEvidence[]>>();
    for (const [repositoryId, { projectId, commits }] of byRepository) {
      for (const [commit, pullRequests] of this.pullRequests.merging(repositoryId, projectId, [...commits])) {
        merged.set(`${repositoryId}/${commit}`, pullRequests);
        pullRequests.catch(() => undefined);
      }
    }

    await Promise.all(batch.map((candidate, index) => this.complete(candidate, buildRefs[index]?.id ?? null, builds[index], stages[index], merged)));
  }

  private async buildOf(candidate: Candidate, ofReleases: Map<number, Promise<BuildRef | null>>): Promise<BuildRef | null> {
    if (candidate.origin.kind === 'yaml') return { id: candidate.evidence.runId, projectId: null };
    if (candidate.origin.build) return candidate.origin.build;
    try {
      return await ofReleases.get(candidate.origin.releaseId)!;
    } catch (error) {
      addError(candidate.evidence, toEvidenceError('build', error, `release ${candidate.origin.releaseId}`));
      return null;
    }
  }

  private async complete(
    candidate: Candidate,
    buildId: number | null,
    lookup: BuildLookup | null,
    stage: Awaited<ReturnType<TimelineSource['stage']>> | { error: unknown; gone: boolean } | null,
    merged: Map<string, Promise<PullRequestEvidence[]>>,
  ): Promise<void> {
    const evidence = candidate.evidence;
    const isYaml = candidate.origin.kind === 'yaml';
    const runWord = isYaml ? `run ${evidence.runId}` : `release ${evidence.runId}`;

    if (!lookup) {
      // A classic release that deployed no build artifact: nothing to review or test.
      if (!evidence.errors.some((error) => error.source === 'build')) {
        addError(evidence, { source: 'build', status: null, message: `${runWord} has no build artifact` });
      }
      this.markUnreadable(evidence, ['pullRequests', 'tests', 'workItems'], `no build is known for ${runWord}`, null);
    } else if ('error' in lookup) {
      const error = toEvidenceError('build', lookup.error, `build ${buildId}`);
      addError(evidence, error);
      this.markUnreadable(evidence, ['pullRequests', 'tests', 'workItems'], error.message, error.status);
    } else {
      const build = lookup.build;
      evidence.builds = [build];
      if (isYaml) evidence.requestedBy = build.requestedFor;
      evidence.testsUrl = this.tests.resultsUrl(build.id);
      await Promise.all([this.collectTests(evidence, build.id, lookup.projectId), this.collectReview(evidence, lookup, merged)]);
    }

    if (stage && candidate.origin.kind === 'yaml') {
      if ('error' in stage) {
        const error = toEvidenceError('timeline', stage.error, `timeline of run ${evidence.runId}`);
        addError(evidence, error);
        addError(evidence, { source: 'approvals', status: error.status, message: `approvals of stage "${evidence.stage}" could not be found: ${error.message}` });
      } else {
        evidence.priorStagesResult = stage.priorStagesResult;
        try {
          evidence.approvals = await this.approvals.forStage({
            runId: evidence.runId,
            projectId: lookup && 'build' in lookup ? lookup.projectId : '',
            stageRecordId: stage.stageRecordId,
            approvalIds: stage.approvalIds,
            url: evidence.url,
          });
        } catch (error) {
          addError(evidence, toEvidenceError('approvals', error, `approvals of stage "${evidence.stage}"`));
        }
      }
    }
  }

  private async collectTests(evidence: DeploymentEvidence, buildId: number, projectId: string): Promise<void> {
    try {
      evidence.tests = await this.tests.summary(buildId, projectId);
    } catch (error) {
      addError(evidence, toEvidenceError('tests', error, `test results of build ${buildId}`));
    }
  }

  private async collectReview(
    evidence: DeploymentEvidence,
    lookup: Extract<BuildLookup, { build: unknown }>,
    merged: Map<string, Promise<PullRequestEvidence[]>>,
  ): Promise<void> {
    const build = lookup.build;
    const workItems = new Set<number>();
    const buildItems = this.workItems.linkedTo(build.id, lookup.projectId).then(
      (ids) => ids.forEach((id) => workItems.add(id)),
      (error) => addError(evidence, toEvidenceError('workItems', error, `work items of build ${build.id}`)),
    );
    // Awaited together, so that a cancel rejecting both never leaves one of them unhandled.
    const [items, pullRequests] = await Promise.allSettled([buildItems, this.pullRequestsOf(build, merged)]);
    if (items.status === 'rejected') throw items.reason;
    if (pullRequests.status === 'rejected') {
      addError(evidence, toEvidenceError('pullRequests', pullRequests.reason, `pull requests of commit ${build.sourceVersion.slice(0, 8)}`));
    } else {
      evidence.pullRequests = pullRequests.value;
    }
    await Promise.all([
      ...evidence.pullRequests.map(async (pullRequest) => {
        // A bypass fails branch-policy whatever was evaluated: no need to ask.
        if (pullRequest.bypassPolicy) return;
        try {
          pullRequest.policyEvaluations = await this.pullRequests.policyEvaluations(pullRequest, lookup.projectId);
        } catch (error) {
          addError(evidence, toEvidenceError('policyEvaluations', error, `policy evaluations of pull request ${pullRequest.id}`));
        }
      }),
    ]);
    // The build's work items are those of the changes it built, the merged pull requests' links among them; a pull
    // request is asked only when the build has none, which saves a request for most deployments.
    if (workItems.size === 0) {
      await Promise.all(
        evidence.pullRequests.map((pullRequest) =>
          this.pullRequests.linkedWorkItems(pullRequest, lookup.projectId).then(
            (ids) => ids.forEach((id) => workItems.add(id)),
            (error) => addError(evidence, toEvidenceError('workItems', error, `work items of pull request ${pullRequest.id}`)),
          ),
        ),
      );
    }
    evidence.workItems = [...workItems].sort((a, b) => a - b);
  }

  /** The completed pull requests that merged the build's commit; only Azure Repos are asked. */
  private async pullRequestsOf(build: BuildEvidence, merged: Map<string, Promise<PullRequestEvidence[]>>): Promise<PullRequestEvidence[]> {
    if (!GIT.has(build.repositoryType.toLowerCase())) {
      throw new Error(`the build came from a ${build.repositoryType} repository, whose pull requests Deploy Audit does not read`);
    }
    if (!build.repositoryId || !build.sourceVersion) throw new Error('the build names no repository or commit');
    return (await merged.get(`${build.repositoryId}/${build.sourceVersion}`)) ?? [];
  }

  private markUnreadable(evidence: DeploymentEvidence, sources: EvidenceSource[], why: string, status: number | null): void {
    // They hang off the build: without it there is no commit to find reviews by, and no build to ask for tests.
    for (const source of sources) addError(evidence, { source, status, message: why });
  }
}

function isGone(error: unknown): boolean {
  return error instanceof AdoHttpError && error.status === 404;
}
