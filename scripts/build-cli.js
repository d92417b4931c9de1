#!/usr/bin/env node
// Bundles the command line (src/cli), the demo server (test/fake-ado) and the host simulator (test/host-simulator)
// into dist/, so that `node bin/deploy-audit.js` and `npm start` need no compiler at run time.
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const bundle = (entry, outfile) =>
  esbuild.buildSync({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(root, outfile),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
  });

bundle('src/cli/main.ts', 'dist/cli.js');
bundle('test/fake-ado/cli.ts', 'dist/demo-server.js');
bundle('test/host-simulator/cli.ts', 'dist/host-simulator.js');
