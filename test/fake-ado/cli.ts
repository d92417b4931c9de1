/**
 * Starts the demo organization (demo.ts) on a fake Azure DevOps server, for trying the CLI and the extension
 * by hand:  startDemoServer({ port: 8085, seed: 1 })  then point Deploy Audit at server.orgUrl with the
 * personal access token "demo-director" (or "demo-auditor", a reader).
 */
import { createDemo, DEMO_TOKENS, type Demo, type DemoOptions } from './demo';
import { startFakeAdo, type FakeAdo, type FakeAdoOptions } from './server';

export interface DemoServerOptions extends DemoOptions, FakeAdoOptions {}

export interface DemoServer extends FakeAdo {
  demo: Demo;
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const demo = createDemo(options);
  const ado = await startFakeAdo(demo.org, options);
  return Object.assign(ado, { demo });
}

/** A few lines telling a person how to use the running demo. */
export function describeDemoServer(server: DemoServer): string {
  const { demo } = server;
  const findings = Object.entries(demo.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `Fake Azure DevOps ${server.server2022 ? 'Server 2022 collection (REST 7.0)' : 'organization'}: ${server.orgUrl}`,
    `Project: ${demo.project.name} — ${demo.truth.length} production deployments ` +
      `(${demo.truth.filter((d) => d.source === 'classic').length} classic)`,
    `Tokens: ${DEMO_TOKENS.director} (director), ${DEMO_TOKENS.developer} (developer), ${DEMO_TOKENS.auditor} (auditor, reader)`,
    `Built-in findings: ${findings}`,
  ].join('\n');
}

/** Parses --port, --seed, --deployments, --months, --now, --latency, --regions, --server-2022 (e.g. from process.argv.slice(2)). */
export function parseDemoArgs(argv: readonly string[]): DemoServerOptions {
  const options: DemoServerOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = Number(value);
        break;
      case '--seed':
        options.seed = Number(value);
        break;
      case '--deployments':
        options.deployments = Number(value);
        break;
      case '--months':
        options.months = Number(value);
        break;
      case '--now':
        options.now = new Date(value);
        break;
      case '--latency':
        options.latencyMs = Number(value);
        break;
      case '--regions':
        options.regions = Number(value);
        break;
      case '--server-2022':
        // A flag: takes no value (an inline =false turns it off).
        if (inline === undefined) i--;
        options.server2022 = inline === undefined ? true : inline !== 'false';
        break;
      default:
        throw new Error(`Unknown option ${argv[i]} (use --port, --seed, --deployments, --months, --now, --latency, --regions, --server-2022)`);
    }
  }
  return options;
}

/** Runs the demo server until SIGINT/SIGTERM, printing how to use it. */
export async function runDemoServer(argv: readonly string[] = process.argv.slice(2)): Promise<DemoServer> {
  const server = await startDemoServer(parseDemoArgs(argv));
  process.stdout.write(`${describeDemoServer(server)}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}
