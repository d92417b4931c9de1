/**
 * `npm run bench`: the engine against generated organizations on the fake server, beside a straightforward
 * sequential collector and the engine's own cached second run. Prints a table and writes bench/results.md.
 *
 *   npm run bench [-- --sizes 4000,20000 --latencies 0,20 --regions 4 --baseline-sample 300] [--no-reference]
 *                    [--no-browser | --browser-only]
 *
 * The organizations have the seed team's shape (the issue: a thousand changes a month, tens of thousands of
 * deployments in six months): every change goes to --regions production environments. A reference scenario, the
 * demo's own mix (about one production deployment per change), shows the other end (--no-reference skips it).
 *
 * Then the hub in Chromium (browser.ts): time to first row, sorting and filtering at 20,000 rows, the Excel export.
 * --no-browser skips it, --browser-only runs only it; results.md keeps the last figures of the part not run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer } from '../test/fake-ado/cli';
import { DEMO_TOKENS } from '../test/fake-ado/demo';
import { DEFAULT_CONCURRENCY } from '../src/core/transport/http';
import { browserSection, runBrowserBench, spliceResults } from './browser';
import type { CollectorJob, CollectorResult } from './collector';

interface Row {
  scenario: string;
  run: string;
  deployments: number;
  changes: number;
  requests: number;
  perDeployment: number;
  seconds: number;
  peakHeapMB: number;
  retainedHeapMB: number;
  note: string;
  /** Requests by kind (the fake server's route id), scaled like `requests`. */
  kinds: Record<string, number>;
}

/** Requests of each kind: the fake server's route id, or the method and path of a request no route answered. */
function requestKinds(requests: Array<{ routeId: string | null; method: string; route: string }>): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const request of requests) {
    const kind = request.routeId ?? `${request.method} ${request.route} (no route)`;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}

/** Per scenario, each kind's requests per deployment in each run: where the requests go. */
function kindTables(rows: Row[], names: string[]): string[] {
  return names.flatMap((scenario) => {
    const runs = rows.filter((row) => row.scenario === scenario && !row.run.includes('capped'));
    const kinds = [...new Set(runs.flatMap((row) => Object.keys(row.kinds)))];
    const engine = runs.find((row) => row.run === 'engine');
    kinds.sort((a, b) => (engine?.kinds[b] ?? 0) - (engine?.kinds[a] ?? 0) || a.localeCompare(b));
    const perDeployment = (row: Row, kind: string) => ((row.kinds[kind] ?? 0) / Math.max(1, row.deployments)).toFixed(3);
    return [
      `### ${scenario}`,
      '',
      `| request kind | ${runs.map((row) => row.run).join(' | ')} |`,
      `| --- |${runs.map(() => ' ---: |').join('')}`,
      ...kinds.map((kind) => `| ${kind} | ${runs.map((row) => perDeployment(row, kind)).join(' | ')} |`),
      `| **all** | ${runs.map((row) => (row.requests / Math.max(1, row.deployments)).toFixed(3)).join(' | ')} |`,
      '',
    ];
  });
}

const DAY = 86_400_000;
const root = path.resolve(__dirname, '..');

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** In a child process (its heap is its own); asynchronous, for the fake server answers from this process. */
function collect(job: CollectorJob, heapMB = 4096): Promise<CollectorResult> {
  return new Promise((resolve, reject) => {
    const args = ['--expose-gc', `--max-old-space-size=${heapMB}`, path.join(root, 'dist/bench-collector.js'), JSON.stringify(job)];
    const child = execFile(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as CollectorResult);
    });
    child.stderr?.pipe(process.stderr);
  });
}

/** The concurrency reached by the last doubling that made the audit at least `gain` times faster. */
function knee(sweep: Array<{ concurrency: number; seconds: number }>, gain: number): number {
  let reached = sweep[0].concurrency;
  for (let i = 1; i < sweep.length && sweep[i - 1].seconds / sweep[i].seconds >= gain; i++) reached = sweep[i].concurrency;
  return reached;
}

/** What the doubling to `concurrency` and the next one gained, in words. */
function gainAt(sweep: Array<{ concurrency: number; seconds: number }>, concurrency: number): string {
  const i = sweep.findIndex((row) => row.concurrency === concurrency);
  if (i <= 0) return 'not measured';
  const gain = (a: number, b: number) => `${(sweep[a].seconds / sweep[b].seconds).toFixed(2)}×`;
  return `the doubling to it gained ${gain(i - 1, i)}${i + 1 < sweep.length ? `, the next ${gain(i, i + 1)}` : ''}`;
}

/** Keys whose verdicts differ between two runs (only keys both have). */
function differences(a: string, b: string): string[] {
  const left = JSON.parse(readFileSync(a, 'utf8')) as Record<string, Record<string, string>>;
  const right = JSON.parse(readFileSync(b, 'utf8')) as Record<string, Record<string, string>>;
  return Object.keys(right).filter((key) => !left[key] || JSON.stringify(left[key]) !== JSON.stringify(right[key]));
}

async function main() {
  const withBrowser = !process.argv.includes('--no-browser');
  const browserOnly = process.argv.includes('--browser-only');
  const sizes = browserOnly ? [] : option('sizes', '4000,20000').split(',').map(Number);
  const latencies = option('latencies', '0,20').split(',').map(Number);
  const baselineSample = Number(option('baseline-sample', '300'));
  const now = new Date(Date.UTC(2026, 10, 30));
  const from = new Date(now.getTime() - 183 * DAY).toISOString();
  const to = new Date(now.getTime() + DAY).toISOString();
  const rows: Row[] = [];
  const problems: string[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'deploy-audit-bench-'));

  const regions = Number(option('regions', '4'));
  const shaped = `every change to ${regions} regions`;
  const scenarios = sizes.flatMap((size) => latencies.map((latency) => ({ size, latency, regions: regions as number | undefined, shape: shaped })));
  if (!browserOnly && !process.argv.includes('--no-reference')) {
    for (const latency of latencies) {
      scenarios.push({ size: sizes[0] ?? 4000, latency, regions: undefined, shape: 'reference: the demo’s mix, ~1 deployment per change' });
    }
  }
  const names: string[] = [];

  for (const { size, latency, regions, shape } of scenarios) {
    const scenario = `${size} deployments, ${latency} ms latency, ${shape}`;
    names.push(scenario);
    process.stderr.write(`${scenario}…\n`);
    const server = await startDemoServer({ seed: 1, deployments: size, months: 6, now, latencyMs: latency, regions });
    const base = { orgUrl: server.orgUrl, project: server.demo.project.name, token: DEMO_TOKENS.director, from, to };
    const cacheDir = path.join(work, `cache-${names.length}`);
    const file = (name: string) => path.join(work, `${name}-${names.length}.json`);
    let engineChanges: number | undefined;
    const measure = async (run: string, job: CollectorJob, note = '', scale = 1, heapMB?: number) => {
      server.resetLog();
      const result = await collect(job, heapMB);
      const requests = server.requests.length;
      const kinds = Object.fromEntries(Object.entries(requestKinds(server.requests)).map(([kind, count]) => [kind, Math.round(count * scale)]));
      rows.push({
        scenario,
        run,
        deployments: Math.round(result.deployments * scale),
        // A sample's changes do not scale with its deployments: a scaled run covers the engine's changes.
        changes: scale === 1 ? result.changes : (engineChanges ?? result.changes),
        requests: Math.round(requests * scale),
        perDeployment: requests / Math.max(1, result.deployments),
        seconds: (result.ms / 1000) * scale,
        peakHeapMB: result.peakHeapMB,
        retainedHeapMB: result.retainedHeapMB,
        note,
        kinds,
      });
      return result;
    };

    const engine = await measure('engine', { ...base, mode: 'engine', cacheDir, verdictsFile: file('engine') });
    engineChanges = engine.changes;
    if (size === Math.max(...sizes) && latency === Math.min(...latencies) && regions === scenarios[0].regions) {
      // The memory target: the whole audit with the heap capped (a run that needs more dies: the bench fails).
      await measure('engine, heap capped at 300 MB', { ...base, mode: 'engine', verdictsFile: file('capped') }, 'node --max-old-space-size=300', 1, 300);
    }
    await measure('engine, cached second run', { ...base, mode: 'engine', cacheDir, verdictsFile: file('cached') });
    const sampleSize = Math.min(baselineSample, engine.deployments);
    await measure(
      'baseline (sequential, nothing shared)',
      { ...base, mode: 'baseline', limit: sampleSize, verdictsFile: file('baseline') },
      sampleSize < engine.deployments ? `measured on ${sampleSize}, scaled to ${engine.deployments}` : '',
      engine.deployments / sampleSize,
    );
    for (const [name, other] of [['cached run', 'cached'], ['baseline', 'baseline']] as const) {
      const differing = differences(file('engine'), file(other));
      if (differing.length) problems.push(`${scenario}: ${differing.length} verdicts differ between the engine and the ${name} (e.g. ${differing[0]})`);
    }
    await server.close();
  }

  // The default concurrency, measured: the engine with 1 to 32 requests in flight against a server that answers in
  // 50 ms (closer to Azure DevOps than 0 or 20 ms). Azure DevOps throttles by the work a user causes in five minutes,
  // not by requests in flight, so the default is where more in flight stops paying, not the fastest figure.
  const sweep: Array<{ concurrency: number; seconds: number; requests: number }> = [];
  if (!browserOnly && !process.argv.includes('--no-concurrency')) {
    const server = await startDemoServer({ seed: 2, deployments: 1000, months: 6, now, latencyMs: 50, regions });
    for (const concurrency of [1, 2, 4, 8, 16, 32]) {
      process.stderr.write(`concurrency ${concurrency}…\n`);
      server.resetLog();
      const job: CollectorJob = {
        orgUrl: server.orgUrl,
        project: server.demo.project.name,
        token: DEMO_TOKENS.director,
        from,
        to,
        mode: 'engine',
        concurrency,
        verdictsFile: path.join(work, `concurrency-${concurrency}.json`),
      };
      const result = await collect(job);
      sweep.push({ concurrency, seconds: result.ms / 1000, requests: server.requests.length });
    }
    await server.close();
  }
  rmSync(work, { recursive: true, force: true });
  const sweepTable = sweep.length
    ? [
        '## Requests in flight',
        '',
        `The engine against a ${sweep[0].requests.toLocaleString('en-US')}-request audit (1,000 deployments, ${shaped}) on a server that`,
        `answers in 50 ms, with each concurrency. The engine's default is ${DEFAULT_CONCURRENCY} (${gainAt(sweep, DEFAULT_CONCURRENCY)}); more in flight`,
        'finishes sooner on a server that never throttles, but Azure DevOps counts the load a user causes in five minutes,',
        `so the default is the last doubling that still gained 1.5× or more: in this run, the doubling to ${knee(sweep, 1.5)}.`,
        '',
        '| requests in flight | wall s | speed-up over 1 | speed-up over half as many |',
        '| ---: | ---: | ---: | ---: |',
        ...sweep.map(
          (row, i) =>
            `| ${row.concurrency} | ${row.seconds.toFixed(1)} | ${(sweep[0].seconds / row.seconds).toFixed(1)}× | ${i ? `${(sweep[i - 1].seconds / row.seconds).toFixed(2)}×` : ''} |`,
        ),
        '',
      ]
    : [];

  const table = [
    '| scenario | run | deployments | changes | requests | requests / deployment | requests / change | wall s | peak heap MB | retained heap MB | note |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.run} | ${r.deployments} | ${r.changes} | ${r.requests} | ${r.perDeployment.toFixed(2)} | ${(r.requests / Math.max(1, r.changes)).toFixed(2)} | ${r.seconds.toFixed(1)} | ${r.peakHeapMB.toFixed(0)} | ${r.retainedHeapMB.toFixed(0)} | ${r.note} |`,
    ),
  ];
  const ratios = names.map((scenario) => {
    const pick = (run: string) => rows.find((r) => r.scenario === scenario && r.run.startsWith(run))!;
    const engine = pick('engine');
    const baseline = pick('baseline');
    const cached = pick('engine, cached');
    return `| ${scenario} | ${(engine.requests / baseline.requests).toFixed(2)} | ${(engine.seconds / baseline.seconds).toFixed(2)} | ${((cached.requests / engine.requests) * 100).toFixed(1)} % |`;
  });
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const markdown = [
    '# Benchmark results',
    '',
    `Run ${new Date().toISOString()} on ${machine}.`,
    '',
    'The engine, its cached second run and a straightforward sequential collector (one deployment after another,',
    'nothing shared) against the fake Azure DevOps server with a generated demo organization (`npm run bench`).',
    '',
    ...table,
    '',
    '| scenario | requests engine / baseline | time engine / baseline | cached run / first run requests |',
    '| --- | ---: | ---: | ---: |',
    ...ratios,
    '',
    `Organizations: generated by the fake server's demo (seed 1, six months). "${shaped}" is the seed team's shape from`,
    'the issue (a thousand changes a month, tens of thousands of production deployments in six months): each change —',
    'one run or release, one build, one pull request — is deployed to that many production environments. The reference',
    'is the demo of `npm start`, where most changes reach one production environment. A change costs three requests',
    'that no documented list or batch answers for many changes at once (its timeline, its pipeline run for the runs it',
    'consumed, and the commits since the previous production deployment\'s build; the README says why of each); test',
    'results come from the project\'s runs listed by week, a build\'s own summary only when a result neither passed nor',
    'was not applicable; everything else is asked for in batches or lists, so requests per deployment depend on how',
    'many production deployments a change has.',
    '',
    '"Peak heap" is the most heap in use seen while running, uncollected garbage included (4 GiB allowed, so V8',
    'collects lazily); "retained heap" is what stays after a full collection with every deployment\'s evidence held.',
    'Wall times depend on the machine\'s load; request counts and their ratios are exact.',
    '',
    '## Requests per deployment, by kind',
    '',
    'Each kind of request (the fake server\'s route id) per deployment, in each run (the baseline\'s scaled from its sample).',
    '',
    ...kindTables(rows, names),
    problems.length ? `**Verdicts differ:**\n\n${problems.map((p) => `- ${p}`).join('\n')}` : 'The engine, the cached run and the baseline gave the same verdicts for every deployment they share.',
    '',
    ...sweepTable,
  ].join('\n');
  const browser = withBrowser ? browserSection(await runBrowserBench(), machine) : null;
  const file = path.join(root, 'bench/results.md');
  const results = spliceResults(existsSync(file) ? readFileSync(file, 'utf8') : '', browserOnly ? null : markdown, browser);
  process.stdout.write(results);
  writeFileSync(file, results);
  if (problems.length) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
