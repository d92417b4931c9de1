#!/usr/bin/env node
// `npm start`: Deploy Audit's extension in a local stand-in for Azure DevOps. Builds the extension (production, when
// its sources changed), starts the demo organization on a fake Azure DevOps server and the host simulator in front of
// it, and prints the URL to open. `npm start -- --ado-url URL --project NAME` (token in AZURE_DEVOPS_TOKEN) points
// the simulator at another server; `npm start -- --reports` also writes the command line's reports of the demo
// under out/ (HTML, Excel, CSV, JSON). `npm start -- --help` lists the options.
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const root = path.resolve(__dirname, '..');
require('./build-cli.js');
const { runHostSimulator, SIMULATOR_USAGE } = require(path.join(root, 'dist/host-simulator.js'));

const DAY = 86_400_000;
const day = (date) => date.toISOString().slice(0, 10);

function runCli(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/deploy-audit.js'), ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => resolve(code));
  });
}

/** The command line's reports of six months of the demo, under out/ (each format is one run of the command line). */
async function writeReports(orgUrl, project) {
  const outDir = path.join(root, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const now = new Date();
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY);
  const from = new Date(to.getTime() - 183 * DAY);
  const env = { ...process.env, AZURE_DEVOPS_TOKEN: 'demo-director' };
  delete env.SYSTEM_ACCESSTOKEN;
  const common = ['collect', '--org-url', orgUrl, '--project', project, '--from', day(from), '--to', day(to)];
  console.log(`\nWriting the command line's reports of "${project}" (${day(from)} to ${day(to)}) under out/…`);
  for (const format of ['html', 'xlsx', 'csv', 'json']) {
    const out = path.join(outDir, `deploy-audit.${format}`);
    const code = await runCli([...common, '--format', format, '--out', out], env);
    const note = code === 3 ? '  (some evidence unreadable: those controls are unknown)' : code === 0 ? '' : `  (failed: exit ${code})`;
    console.log(`  ${format.padEnd(4)} → ${path.relative(process.cwd(), out)}${note}`);
  }
  const shell = common.slice(0, 5).map((arg) => (/^[\w./:@-]+$/.test(arg) ? arg : `"${arg}"`)).join(' ');
  console.log(`Try the command line yourself: AZURE_DEVOPS_TOKEN=demo-auditor node bin/deploy-audit.js ${shell} --format csv --out -`);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`${SIMULATOR_USAGE}\n  --reports               also write the command line's reports of the demo under out/`);
    return;
  }
  const reports = argv.includes('--reports');
  const running = await runHostSimulator(argv.filter((arg) => arg !== '--reports'));
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`\nOpen ${running.sim.url} in a browser. Press Ctrl+C to stop.`);
  if (reports && running.demo) await writeReports(running.demo.orgUrl, running.demo.demo.project.name);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
