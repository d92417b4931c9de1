/**
 * A reproducible sample of a report's deployments, for testing by hand (`deploy-audit sample`): the same population,
 * seed and options always give the same deployments, whatever order the report lists them in.
 *
 * The draw: the population ordered by deployment key (UTF-16 code units). With `include`, every deployment with a
 * control in one of those statuses is taken first, all of them. The remaining places are drawn from the other
 * deployments: without strata from all of them, with strata (in name order) by proportional allocation with largest
 * remainders, at least one per stratum when the places allow. Within each stratum a mulberry32 generator seeded with
 * the seed (one stream for the whole draw) runs a partial Fisher–Yates shuffle and the first elements are drawn.
 * The sample lists its deployments in the population report's order.
 */
import type { ControlStatus } from '../model';
import { parsePolicy } from '../policy';
import type { AuditReport, DeploymentReport, ReportSample, SampleStratum } from '../report';
import { summarize } from './report';

export const SAMPLE_STRATA: readonly SampleStratum[] = ['environment', 'month', 'source'];
export const SAMPLE_SIZES = { lower: 25, moderate: 40, higher: 60 } as const;
export const DEFAULT_SAMPLE_SIZE = SAMPLE_SIZES.lower;

export interface SampleOptions {
  size: number;
  /** 0 to 4294967295. */
  seed: number;
  stratify: SampleStratum | null;
  include: ControlStatus[];
}

/** mulberry32: a small, well-mixed 32-bit generator; numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The rule a size follows, in words, for the report and the command line. */
export function sizeRule(size: number): string {
  const why: Record<number, string> = {
    [SAMPLE_SIZES.lower]: 'the usual attribute-sampling size for a control that operates many times a day, lower risk (25; 40 moderate, 60 higher reliance)',
    [SAMPLE_SIZES.moderate]: 'the usual attribute-sampling size for a control that operates many times a day, moderate risk (25 lower, 40; 60 higher reliance)',
    [SAMPLE_SIZES.higher]: 'the usual attribute-sampling size for a control that operates many times a day, higher reliance (25 lower, 40 moderate; 60)',
  };
  return `size ${size}: ${why[size] ?? 'chosen by the auditor (the usual sizes for a control that operates many times a day are 25, 40 and 60)'}`;
}

export const stratumOf = (deployment: DeploymentReport, stratify: SampleStratum | null): string => {
  switch (stratify) {
    case 'environment':
      return deployment.environment;
    case 'month':
      return deployment.startedAt.slice(0, 7);
    case 'source':
      return deployment.source;
    default:
      return 'all';
  }
};

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Places per stratum: n × N_h / N rounded down, the rest to the largest remainders (ties: the larger stratum, then
 * name order); then, when n allows one per stratum, a stratum left with none takes one from the largest allocation.
 */
export function allocate(places: number, sizes: readonly number[]): number[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const n = Math.min(places, total);
  if (!total || n <= 0) return sizes.map(() => 0);
  const exact = sizes.map((size) => (n * size) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((sum, count) => sum + count, 0);
  const order = sizes.map((_, index) => index).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || sizes[b] - sizes[a] || a - b);
  for (const index of order) {
    if (left <= 0) break;
    if (counts[index] < sizes[index]) {
      counts[index]++;
      left--;
    }
  }
  const nonEmpty = sizes.filter((size) => size > 0).length;
  if (n >= nonEmpty) {
    for (let index = 0; index < sizes.length; index++) {
      if (sizes[index] === 0 || counts[index] > 0) continue;
      let donor = -1;
      for (let other = 0; other < sizes.length; other++) if (counts[other] > 1 && (donor < 0 || counts[other] > counts[donor])) donor = other;
      if (donor < 0) break;
      counts[donor]--;
      counts[index]++;
    }
  }
  return counts;
}

/** Draws k of the items (in the order given) with a partial Fisher–Yates shuffle. */
function draw<T>(items: readonly T[], k: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

const hasStatus = (deployment: DeploymentReport, statuses: readonly ControlStatus[]): boolean =>
  Object.values(deployment.controls ?? {}).some((verdict) => verdict && statuses.includes(verdict.status));

/** The sample of a population report: its deployments, the sample block (without the population hash) and counts. */
export function drawSample(
  population: AuditReport,
  options: SampleOptions,
): { deployments: DeploymentReport[]; block: Omit<ReportSample, 'populationSha256'> } {
  const ordered = [...population.deployments].sort((a, b) => byCodeUnits(a.key, b.key));
  const included = options.include.length ? ordered.filter((deployment) => hasStatus(deployment, options.include)) : [];
  const includedSet = new Set(included);
  const rest = ordered.filter((deployment) => !includedSet.has(deployment));
  const names = [...new Set(ordered.map((deployment) => stratumOf(deployment, options.stratify)))].sort(byCodeUnits);
  const members = names.map((name) => rest.filter((deployment) => stratumOf(deployment, options.stratify) === name));
  const places = Math.max(0, options.size - included.length);
  const allocation = allocate(places, members.map((list) => list.length));
  const random = mulberry32(options.seed);
  const chosen = new Set<DeploymentReport>(included);
  members.forEach((list, index) => draw(list, allocation[index], random).forEach((deployment) => chosen.add(deployment)));
  const deployments = population.deployments.filter((deployment) => chosen.has(deployment));
  const strata = names.map((name, index) => ({
    name,
    population: ordered.filter((deployment) => stratumOf(deployment, options.stratify) === name).length,
    included: included.filter((deployment) => stratumOf(deployment, options.stratify) === name).length,
    drawn: allocation[index],
  }));
  const how = [
    options.include.length ? `every deployment with a control ${options.include.join(' or ')} included (${included.length})` : null,
    `${places ? Math.min(places, rest.length) : 0} drawn ${options.stratify ? `by ${options.stratify}, proportional allocation with largest remainders` : 'from the whole population'}`,
    `mulberry32 seed ${options.seed}, partial Fisher–Yates shuffle of the deployments ordered by key`,
  ].filter(Boolean);
  return {
    deployments,
    block: {
      seed: options.seed,
      size: options.size,
      options: { stratify: options.stratify, include: [...options.include] },
      population: population.deployments.length,
      selected: deployments.length,
      rule: `${sizeRule(options.size)}; ${how.join('; ')}`,
      strata,
    },
  };
}

/** The sample as a report of its own: the population's scope and policy, the sampled deployments, the sample block. */
export function sampleReport(population: AuditReport, options: SampleOptions, populationSha256: string, generatedAt = new Date()): AuditReport {
  const { deployments, block } = drawSample(population, options);
  const policy = parsePolicy(population.policy);
  return {
    schemaVersion: 1,
    organization: population.organization,
    project: population.project,
    window: { from: population.window.from, to: population.window.to },
    generatedAt: generatedAt.toISOString(),
    policy,
    // How the population's list of deployments was made holds for the sample drawn from it.
    ...(population.population ? { population: population.population } : {}),
    deployments,
    summary: { deployments: deployments.length, controls: summarize(deployments, policy) },
    sample: { ...block, populationSha256 },
  };
}
