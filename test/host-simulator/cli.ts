/**
 * Runs the host simulator for a person (`npm start` → dist/host-simulator.js): in front of the demo organization
 * by default, or of any Azure DevOps-compatible server with --ado-url URL --project NAME (token from
 * AZURE_DEVOPS_TOKEN, handed to the extension as the signed-in user's access token).
 */
import * as path from 'node:path';
import { startDemoServer, describeDemoServer, type DemoServer } from '../fake-ado/cli';
import { DEMO_TOKENS } from '../fake-ado/demo';
import { ensureExtensionBuilt } from './extension-build';

// The test setup builds the extension through this bundle (dist/host-simulator.js) before browser tests run.
export { ensureExtensionBuilt, staleness } from './extension-build';
import { ROOT } from './root';
import { startHostSimulator, type HostSimulator, type SimulatorUser } from './server';

export interface SimulatorArgs {
  adoUrl?: string;
  project?: string;
  /** Host page port (default 8080, 0 for any free port) and extension content port (default: host port + 1). */
  port: number;
  extensionPort?: number;
  /** Demo organization: seed, size, simulated latency per request. */
  seed?: number;
  deployments?: number;
  latencyMs?: number;
  /** Production environments every change goes to (the demo's regions option). */
  regions?: number;
  releaseId?: number;
  runId?: number;
  dataFile?: string;
  probe: boolean;
  theme?: 'light' | 'dark';
}

export const SIMULATOR_USAGE = `Usage: npm start -- [options]
  (no options)            the demo organization on a local fake Azure DevOps server
  --ado-url URL           another Azure DevOps-compatible organization instead (token: AZURE_DEVOPS_TOKEN)
  --project NAME          its project (required with --ado-url)
  --port N                the host page's port (default 8080; 0 = any free port)
  --release-id N, --run-id N   the release and run the tabs show (default: the latest)
  --deployments N, --seed N, --latency MS   the demo's size, seed and per-request latency
  --regions N             every change deployed to N production regions (1-6), as the benchmark's organizations
  --data-file FILE        where extension data (settings) is kept (default out/host-simulator/extension-data.json)
  --theme light|dark      the initial theme
  --probe                 also serve the SDK probe page (test/host-simulator/probe)`;

export function parseSimulatorArgs(argv: readonly string[]): SimulatorArgs {
  const args: SimulatorArgs = { port: 8080, probe: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value.\n${SIMULATOR_USAGE}`);
      return v;
    };
    const number = () => {
      const v = value();
      if (!/^\d+$/.test(v)) throw new Error(`${flag} needs a number, not "${v}".`);
      return Number(v);
    };
    switch (flag) {
      case '--ado-url':
        args.adoUrl = value();
        break;
      case '--project':
        args.project = value();
        break;
      case '--port':
        args.port = number();
        break;
      case '--extension-port':
        args.extensionPort = number();
        break;
      case '--seed':
        args.seed = number();
        break;
      case '--deployments':
        args.deployments = number();
        break;
      case '--latency':
        args.latencyMs = number();
        break;
      case '--regions':
        args.regions = number();
        break;
      case '--release-id':
        args.releaseId = number();
        break;
      case '--run-id':
        args.runId = number();
        break;
      case '--data-file':
        args.dataFile = path.resolve(value());
        break;
      case '--theme': {
        const theme = value();
        if (theme !== 'light' && theme !== 'dark') throw new Error('--theme is light or dark.');
        args.theme = theme;
        break;
      }
      case '--probe':
        args.probe = true;
        break;
      case '--help':
      case '-h':
        throw new Error(SIMULATOR_USAGE);
      default:
        throw new Error(`Unknown option ${argv[i]}.\n${SIMULATOR_USAGE}`);
    }
  }
  if (args.adoUrl && !args.project) throw new Error('--ado-url needs --project NAME.');
  if (args.project && !args.adoUrl) throw new Error('--project goes with --ado-url URL (the demo has its own project).');
  return args;
}

export const DEMO_SIMULATOR_USERS: SimulatorUser[] = [
  { key: 'director', label: 'Director', note: 'full access', token: DEMO_TOKENS.director },
  { key: 'developer', label: 'Developer', note: 'member', token: DEMO_TOKENS.developer },
  { key: 'auditor', label: 'Auditor', note: 'read-only: approvals answer 403', token: DEMO_TOKENS.auditor },
];

export interface RunningSimulator {
  sim: HostSimulator;
  demo: DemoServer | null;
  close(): Promise<void>;
}

/** Starts everything and prints where to go; resolves once it is listening. */
export async function runHostSimulator(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningSimulator> {
  const args = parseSimulatorArgs(argv);
  ensureExtensionBuilt(print);
  let demo: DemoServer | null = null;
  let adoUrl: string;
  let project: string;
  let users: SimulatorUser[];
  let tabs: { releaseId?: number | null; runId?: number | null } = {};
  if (args.adoUrl) {
    const token = env.AZURE_DEVOPS_TOKEN;
    if (!token) throw new Error('Set AZURE_DEVOPS_TOKEN to the token the extension should use for --ado-url.');
    adoUrl = args.adoUrl.replace(/\/+$/, '');
    project = args.project!;
    users = [{ key: 'you', label: 'You', note: 'AZURE_DEVOPS_TOKEN', token }];
  } else {
    demo = await startDemoServer({ seed: args.seed, deployments: args.deployments, latencyMs: args.latencyMs, regions: args.regions });
    adoUrl = demo.orgUrl;
    project = demo.demo.project.name;
    users = DEMO_SIMULATOR_USERS;
    const truth = demo.demo.truth;
    tabs = {
      releaseId: [...truth].reverse().find((d) => d.source === 'classic' && d.result !== 'notDeployed' && !d.findings.includes('pendingClassic'))?.releaseId ?? null,
      runId: [...truth].reverse().find((d) => d.source === 'yaml')?.runId ?? null,
    };
  }
  const start = (port: number, extensionPort: number) =>
    startHostSimulator({
      adoUrl,
      project,
      users,
      port,
      extensionPort,
      dataFile: args.dataFile ?? path.join(ROOT, 'out', 'host-simulator', 'extension-data.json'),
      probe: args.probe,
      defaults: { theme: args.theme },
      ...tabs,
      ...(args.releaseId !== undefined ? { releaseId: args.releaseId } : {}),
      ...(args.runId !== undefined ? { runId: args.runId } : {}),
    });
  let sim: HostSimulator;
  try {
    try {
      sim = await start(args.port, args.extensionPort ?? (args.port ? args.port + 1 : 0));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      print(`Port ${args.port} is taken; using free ports instead.`);
      sim = await start(0, 0);
    }
  } catch (error) {
    await demo?.close();
    throw error;
  }
  if (demo) print(describeDemoServer(demo));
  const { session } = sim;
  print('');
  print(`Azure DevOps host simulator: ${sim.url}`);
  print(`  organization ${session.organization.url}, project "${session.project.name}"`);
  print(`  pages: ${session.contributions.map((c) => `${sim.pageUrl({ view: c.key })}`).join('  ')}`);
  print(`  users: ${session.users.map((u) => `${u.key} (${u.identity.displayName})`).join(', ')}; ?user=…&theme=dark`);
  print(`  release tab shows release ${session.releaseId ?? '—'}, run tab shows run ${session.runId ?? '—'}`);
  print(`  extension data: ${path.relative(process.cwd(), sim.extensionData.file)}`);
  return {
    sim,
    demo,
    async close() {
      await sim.close();
      await demo?.close();
    },
  };
}
