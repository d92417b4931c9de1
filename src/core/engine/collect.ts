/**
 * The engine: finds every production deployment in the window, then collects its evidence in batches that share
 * requests (builds by id list, approvals by id list, pull requests per repository), each piece fetched once
 * (enrich.ts).
 */
import type { AdoClient } from '../ado/client';
import type { EvidenceCache } from '../cache/evidence-cache';
import type { DeploymentEvidence } from '../model';
import { breather } from '../pause';
import type { ReportPopulation } from '../report';
import { DEFAULT_PRODUCTION_ENVIRONMENTS, globMatch, type Policy } from '../policy';
import type { Candidate } from '../sources/candidate';
import { findClassicDeployments } from '../sources/classic-releases';
import { findYamlDeployments } from '../sources/yaml-environments';
import { AdoHttpError, AuthenticationError, CancelledError } from '../transport/errors';
import { EvidenceCollector } from './enrich';
import type { AuditWindow } from './window';

export interface CollectProgress {
  phase: 'finding' | 'collecting' | 'done';
  /** Production deployments found in the window so far. */
  found: number;
  /** Deployments whose evidence is complete. */
  collected: number;
}

/** How the population was found: what each production pattern matched, and what was left out. */
export type PopulationFacts = ReportPopulation;

export interface CollectOptions {
  client: AdoClient;
  policy: Policy;
  window: AuditWindow;
  /** Production environment names that replace the policy's list (the command line's --environment). */
  environments?: string[];
  onProgress?: (progress: CollectProgress) => void;
  /** How the list of deployments was made, once it is. */
  onPopulation?: (population: PopulationFacts) => void;
  /** Deployments as their evidence completes, so a view can show rows as they arrive. */
  onDeployments?: (deployments: DeploymentEvidence[]) => void;
  signal?: AbortSignal;
  /** Deployments enriched together; their requests are batched. */
  batchSize?: number;
  /** Evidence kept from earlier audits: finished deployments found there are not asked for again. */
  cache?: EvidenceCache;
  /** The cache could not be saved: the report is whole, the next audit will ask again. */
  onCacheError?: (error: unknown) => void;
  /** When the evidence is read (capturedAt); the time verdicts such as test retention are judged at. Default: now. */
  clock?: () => Date;
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

  const names = new Set<string>();
  let waiting = 0;
  const [yaml, classic] = await Promise.all([
    population('YAML environment deployments', () =>
      findYamlDeployments(client, { window: options.window, isProduction, onFound: found, onEnvironments: (seen) => seen.forEach((name) => names.add(name)) }),
    ),
    population('classic release deployments', () =>
      findClassicDeployments(client, {
        window: options.window,
        isProduction,
        onFound: found,
        onStages: (seen) => seen.forEach((name) => names.add(name)),
        onWaiting: (count) => (waiting += count),
      }),
    ),
  ]);
  options.onPopulation?.({ patterns: patternMatches(productionPatterns(policy, options.environments), [...names]), waiting });
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
  const toCollect = new Set(fresh);
  const kept = candidates.filter((candidate) => !toCollect.has(candidate));
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
  // Checking 20,000 kept records takes a few hundred milliseconds: on the hub's page, in slices.
  const breathe = breather();
  for (const candidate of candidates) {
    await breathe();
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
  options: {
    signal?: AbortSignal;
    batchSize?: number;
    clock?: () => Date;
    onBatch?: (batch: DeploymentEvidence[]) => void | Promise<void>;
    /** false: each piece of evidence asked for on its own, as a collector that shares nothing would (the benchmark's baseline). */
    bulk?: boolean;
  },
): Promise<void> {
  const collector = new EvidenceCollector(client, { bulk: options.bulk });
  const batchSize = options.batchSize ?? 200;
  for (let i = 0; i < candidates.length; i += batchSize) {
    if (options.signal?.aborted) throw new CancelledError();
    const batch = candidates.slice(i, i + batchSize);
    await collector.enrich(batch);
    const capturedAt = (options.clock?.() ?? new Date()).toISOString();
    for (const candidate of batch) candidate.evidence.capturedAt = capturedAt;
    await options.onBatch?.(batch.map((candidate) => candidate.evidence));
  }
}

/** The production patterns in force: names given instead of the policy's, or the policy's. */
export const productionPatterns = (policy: Policy, environments?: string[]): string[] =>
  environments?.length ? environments : policy.productionEnvironments;

/** The production-environment matcher of a policy, or of names given instead of it. */
export function productionMatcher(policy: Policy, environments?: string[]): (name: string) => boolean {
  const patterns = productionPatterns(policy, environments);
  return (name) => patterns.some((pattern) => globMatch(pattern, name));
}

/**
 * The patterns worth a warning: each one that matched nothing, or, for the default patterns (several spellings of
 * "production", of which an organization uses one), all of them when none matched.
 */
export function unmatchedPatterns(population: PopulationFacts): string[] {
  const unmatched = population.patterns.filter((entry) => entry.matched.length === 0).map((entry) => entry.pattern);
  const defaults = population.patterns.map((entry) => entry.pattern).join('\n') === DEFAULT_PRODUCTION_ENVIRONMENTS.join('\n');
  return defaults && unmatched.length < population.patterns.length ? [] : unmatched;
}

/** What each pattern matched among the environment and stage names seen, each name once, sorted. */
export function patternMatches(patterns: string[], names: string[]): PopulationFacts['patterns'] {
  const byLowerCase = new Map<string, string>();
  for (const name of names) if (!byLowerCase.has(name.toLowerCase())) byLowerCase.set(name.toLowerCase(), name);
  const distinct = [...byLowerCase.values()].sort((a, b) => a.localeCompare(b));
  return patterns.map((pattern) => ({ pattern, matched: distinct.filter((name) => globMatch(pattern, name)) }));
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
