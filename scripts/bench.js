#!/usr/bin/env node
// `npm run bench`: bundles the benchmark (bench/) and runs it. Never part of `npm test`.
const path = require('path');
const { spawnSync } = require('child_process');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
for (const [entry, out] of [['bench/run.ts', 'dist/bench.js'], ['bench/collector.ts', 'dist/bench-collector.js']]) {
  esbuild.buildSync({ entryPoints: [path.join(root, entry)], outfile: path.join(root, out), bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' });
}
const result = spawnSync(process.execPath, [path.join(root, 'dist/bench.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
