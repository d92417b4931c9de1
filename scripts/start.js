#!/usr/bin/env node
// `npm start`: the demo organization on a local stand-in for Azure DevOps, audited by the command line.
// Writes the HTML, Excel, CSV and JSON reports under out/ and keeps the demo server running for more tries.
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const root = path.resolve(__dirname, '..');
require('./build-cli.js');
const { startDemoServer, describeDemoServer } = require(path.join(root, 'dist/demo-server.js'));

const DAY = 86_400_000;
const day = (date) => date.toISOString().slice(0, 10);

function runCli(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/deploy-audit.js'), ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => resolve(code));
  });
}

async function main() {
  const port = Number(process.env.PORT || 0);
  const server = await startDemoServer({ port });
  const outDir = path.join(root, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const now = new Date();
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY);
  const from = new Date(to.getTime() - 183 * DAY);
  const env = { ...process.env, AZURE_DEVOPS_TOKEN: 'demo-director' };
  delete env.SYSTEM_ACCESSTOKEN;
  const common = ['collect', '--org-url', server.orgUrl, '--project', 'Fabrikam Shop', '--from', day(from), '--to', day(to)];

  console.log(describeDemoServer(server));
  console.log(`\nAuditing six months of production deployments of "Fabrikam Shop" (${day(from)} to ${day(to)})…`);
  for (const format of ['html', 'xlsx', 'csv', 'json']) {
    const out = path.join(outDir, `deploy-audit.${format}`);
    const code = await runCli([...common, '--format', format, '--out', out], env);
    if (code !== 0 && code !== 3) {
      await server.close();
      process.exit(code);
    }
    console.log(`  ${format.padEnd(4)} → ${path.relative(process.cwd(), out)}${code === 3 ? '  (some evidence unreadable: those controls are unknown)' : ''}`);
  }
  const report = JSON.parse(fs.readFileSync(path.join(outDir, 'deploy-audit.json'), 'utf8'));
  console.log(`\n${report.summary.deployments} deployments. Per control (pass / fail / unknown / not applicable):`);
  for (const [id, counts] of Object.entries(report.summary.controls)) {
    console.log(`  ${id.padEnd(22)} ${counts.pass} / ${counts.fail} / ${counts.unknown} / ${counts.notApplicable}`);
  }
  console.log(`\nOpen out/deploy-audit.html in a browser. The demo server keeps running at ${server.orgUrl}; try:`);
  const shell = common.slice(0, 5).map((arg) => (/^[\w./:@-]+$/.test(arg) ? arg : `"${arg}"`)).join(' ');
  console.log(`  AZURE_DEVOPS_TOKEN=demo-auditor node bin/deploy-audit.js ${shell} --format csv --out -`);
  console.log('Press Ctrl+C to stop.');
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
