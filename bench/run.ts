/**
 * `npm run bench`: the engine against generated organizations on the fake server, beside a straightforward
 * sequential collector and the engine's own cached second run. Prints a table and writes bench/results.md.
 *
 *   npm run bench [-- --sizes 4000,20000 --latencies 0,20 --baseline-sample 300] [--no-browser | --browser-only]
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
import { browserSection, runBrowserBench, spliceResults } from './browser';
import type { CollectorJob, CollectorResult } from './collector';

interface Row {
  scenario: string;
  run: string;
  deployments: number;
  requests: number;
  perDeployment: number;
  seconds: number;
  peakHeapMB: number;
  retainedHeapMB: number;
  note: string;
}

const DAY = 86_400_000;
const root = path.resolve(__dirname, '..');

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** In a child process (its heap is its own); asynchronous, for the fake server answers from this process. */
function collect(job: CollectorJob): Promise<CollectorResult> {
  return new Promise((resolve, reject) => {
    const args = ['--expose-gc', '--max-old-space-size=4096', path.join(root, 'dist/bench-collector.js'), JSON.stringify(job)];
    const child = execFile(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as CollectorResult);
    });
    child.stderr?.pipe(process.stderr);
  });
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

  for (const size of sizes) {
    for (const latency of latencies) {
      const scenario = `${size} deployments, ${latency} ms latency`;
      process.stderr.write(`${scenario}…\n`);
      const server = await startDemoServer({ seed: 1, deployments: size, months: 6, now, latencyMs: latency });
      const base = { orgUrl: server.orgUrl, project: server.demo.project.name, token: DEMO_TOKENS.director, from, to };
      const cacheDir = path.join(work, `cache-${size}-${latency}`);
      const file = (name: string) => path.join(work, `${name}-${size}-${latency}.json`);
      const measure = async (run: string, job: CollectorJob, note = '', scale = 1) => {
        server.resetLog();
        const result = await collect(job);
        const requests = server.requests.length;
        rows.push({
          scenario,
          run,
          deployments: Math.round(result.deployments * scale),
          requests: Math.round(requests * scale),
          perDeployment: requests / Math.max(1, result.deployments),
          seconds: (result.ms / 1000) * scale,
          peakHeapMB: result.peakHeapMB,
          retainedHeapMB: result.retainedHeapMB,
          note,
        });
        return result;
      };

      const engine = await measure('engine', { ...base, mode: 'engine', cacheDir, verdictsFile: file('engine') });
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
  }
  rmSync(work, { recursive: true, force: true });

  const table = [
    '| scenario | run | deployments | requests | requests / deployment | wall s | peak heap MB | retained heap MB | note |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.run} | ${r.deployments} | ${r.requests} | ${r.perDeployment.toFixed(2)} | ${r.seconds.toFixed(1)} | ${r.peakHeapMB.toFixed(0)} | ${r.retainedHeapMB.toFixed(0)} | ${r.note} |`,
    ),
  ];
  const ratios = sizes.flatMap((size) =>
    latencies.map((latency) => {
      const scenario = `${size} deployments, ${latency} ms latency`;
      const pick = (run: string) => rows.find((r) => r.scenario === scenario && r.run.startsWith(run))!;
      const engine = pick('engine');
      const baseline = pick('baseline');
      const cached = pick('engine, cached');
      return `| ${scenario} | ${(engine.requests / baseline.requests).toFixed(2)} | ${(engine.seconds / baseline.seconds).toFixed(2)} | ${((cached.requests / engine.requests) * 100).toFixed(1)} % |`;
    }),
  );
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
    problems.length ? `**Verdicts differ:**\n\n${problems.map((p) => `- ${p}`).join('\n')}` : 'The engine, the cached run and the baseline gave the same verdicts for every deployment they share.',
    '',
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
