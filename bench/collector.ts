/**
 * One measured audit, run in a child process so that its heap is its own: the engine (batched and shared, with an
 * optional cache), or the baseline — a straightforward collector that handles one deployment after another and
 * shares nothing. The baseline uses the engine's own evidence code per deployment, so verdicts must be identical.
 */
import { writeFileSync } from 'node:fs';
import { AdoClient } from '../src/core/ado/client';
import { cacheScope, EvidenceCache } from '../src/core/cache/evidence-cache';
import { collectEvidence, enrichCandidates, productionMatcher } from '../src/core/engine/collect';
import { toDeploymentReport } from '../src/core/engine/report';
import type { DeploymentEvidence } from '../src/core/model';
import { defaultPolicy } from '../src/core/policy';
import { findClassicDeployments } from '../src/core/sources/classic-releases';
import { findYamlDeployments } from '../src/core/sources/yaml-environments';
import { patAuth } from '../src/core/transport/auth';
import { AdoHttp } from '../src/core/transport/http';
import { FileEvidenceStore } from '../src/cli/file-store';

export interface CollectorJob {
  mode: 'engine' | 'baseline';
  orgUrl: string;
  project: string;
  token: string;
  from: string;
  to: string;
  cacheDir?: string;
  /** Engine only: requests in flight at most (default: the engine's). */
  concurrency?: number;
  /** Baseline only: deployments to collect (the rest is extrapolated). */
  limit?: number;
  /** Where to write the verdicts, for comparison. */
  verdictsFile: string;
}

export interface CollectorResult {
  ms: number;
  /** Highest heap in use seen during the run (garbage not yet collected included). */
  peakHeapMB: number;
  /** Heap still in use after a full collection at the end, with every deployment's evidence held. */
  retainedHeapMB: number;
  deployments: number;
  /** Changes deployed: distinct YAML runs and classic releases (each brings one build and its pull request). */
  changes: number;
}

async function run(job: CollectorJob): Promise<CollectorResult> {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 20);
  const started = performance.now();
  const policy = defaultPolicy();
  const window = { from: new Date(job.from), to: new Date(job.to) };
  const http = new AdoHttp({ auth: patAuth(job.token), concurrency: job.mode === 'baseline' ? 1 : job.concurrency });
  const client = await AdoClient.connect(http, job.orgUrl, job.project);

  let evidence: DeploymentEvidence[];
  if (job.mode === 'engine') {
    const cache = job.cacheDir ? new EvidenceCache(new FileEvidenceStore(job.cacheDir), cacheScope(job.orgUrl, job.project)) : undefined;
    evidence = await collectEvidence({ client, policy, window, cache });
  } else {
    const isProduction = productionMatcher(policy);
    const candidates = [...(await findYamlDeployments(client, { window, isProduction })), ...(await findClassicDeployments(client, { window, isProduction }))]
      .sort((a, b) => b.evidence.startedAt.localeCompare(a.evidence.startedAt) || a.evidence.key.localeCompare(b.evidence.key))
      .slice(0, job.limit);
    // One deployment at a time, nothing shared: a new collector for each, asking for each piece of evidence on its own.
    for (const candidate of candidates) await enrichCandidates(client, [candidate], { batchSize: 1, bulk: false });
    evidence = candidates.map((candidate) => candidate.evidence);
  }
  sample();
  clearInterval(timer);
  const ms = performance.now() - started;
  const verdicts = Object.fromEntries(
    evidence.map((item) => [item.key, Object.fromEntries(Object.entries(toDeploymentReport(item, policy).controls).map(([id, v]) => [id, v!.status]))]),
  );
  writeFileSync(job.verdictsFile, JSON.stringify(verdicts));
  (globalThis as { gc?: () => void }).gc?.();
  const retained = process.memoryUsage().heapUsed;
  const changes = new Set(evidence.map((item) => `${item.source}:${item.runId}`)).size;
  return { ms, peakHeapMB: peak / 1024 / 1024, retainedHeapMB: retained / 1024 / 1024, deployments: evidence.length, changes };
}

if (require.main === module) {
  const job = JSON.parse(process.argv[2]) as CollectorJob;
  run(job).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
