/**
 * What every browser test file shares: the demo organization on the fake Azure DevOps server, the host simulator
 * in front of it, and one headless Chromium (Debian's, never a downloaded one) for the whole file.
 *
 *   const h = await startHarness({ probe: true });        // in beforeAll
 *   const { page, frame } = await h.open({ view: 'hub', user: 'auditor', theme: 'dark' });
 *   await h.close();                                      // in afterAll
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../fake-ado/cli';
import { DEMO_TOKENS } from '../fake-ado/demo';
import type { FakeAdoOptions } from '../fake-ado/server';
import { startHostSimulator, type HostSimulator, type HostSimulatorOptions, type SimulatorUser } from '../host-simulator/server';
import { ensureExtensionBuilt } from '../host-simulator/extension-build';
import { launchBrowser } from './chromium';

export { CHROMIUM, CHROMIUM_ARGS, launchBrowser } from './chromium';

// The browser project's testTimeout does not reach hooks (jest.config.js): every file that uses the harness gets it.
jest.setTimeout(120_000);

/** Where screenshots and other artifacts go (gitignored). */
export const OUTPUT_DIR = path.resolve(__dirname, '../output');
export const IMAGES_DIR = path.resolve(__dirname, '../../images');

/**
 * A small demo: three hundred production deployments over the last month, ending today (so the hub's default
 * window, the last 30 days, holds nearly all of them) keep a collection in the browser to a few seconds.
 */
/**
 * The demo's history ends on a fixed day, and the pages' clock starts a few hours later (the command line's runs use
 * the same moment): the browser tests and their expectations do not depend on the day they run.
 */
export const DEMO_NOW = new Date('2026-11-30T00:00:00Z');
export const BROWSER_NOW = new Date('2026-11-30T09:00:00Z');
export const DEMO = { seed: 7, deployments: 300, months: 1, now: DEMO_NOW };
export const PROJECT = 'Fabrikam Shop';

export const DEMO_USERS: SimulatorUser[] = [
  { key: 'director', label: 'Director', note: 'full access', token: DEMO_TOKENS.director },
  { key: 'developer', label: 'Developer', note: 'member', token: DEMO_TOKENS.developer },
  { key: 'auditor', label: 'Auditor', note: 'read-only: approvals answer 403', token: DEMO_TOKENS.auditor },
];

export interface OpenOptions {
  view?: string;
  user?: string;
  theme?: 'light' | 'dark';
  releaseId?: number;
  runId?: number;
  /** Wait for the contribution to be ready (handshake and load). Default true. */
  waitReady?: boolean;
  viewport?: { width: number; height: number };
}

export interface Opened {
  context: BrowserContext;
  page: Page;
  /** The contribution's frame (another origin than the host page). */
  frame: Frame;
}

export interface Harness {
  ado: DemoServer;
  sim: HostSimulator;
  browser: Browser;
  dataFile: string;
  open(options?: OpenOptions): Promise<Opened>;
  /** Restarts the host simulator on the same data file (settings must survive it). */
  restartSimulator(): Promise<HostSimulator>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  probe?: boolean;
  /** Serve the real extension (dist/extension); builds it first when missing or stale. Default: !probe. */
  extension?: boolean;
  ado?: FakeAdoOptions;
  simulator?: Partial<HostSimulatorOptions>;
}

/** A demo release and run with production deployments, for the tabs. */
export function demoTabs(ado: DemoServer): { releaseId: number | null; runId: number | null } {
  const truth = ado.demo.truth;
  // The newest release that deployed to production (not one still waiting for approval).
  const classic = [...truth].reverse().find((d) => d.source === 'classic' && d.releaseId !== null && d.result !== 'notDeployed' && !d.findings.includes('pendingClassic'));
  const yaml = [...truth].reverse().find((d) => d.source === 'yaml' && d.runId !== null);
  return { releaseId: classic?.releaseId ?? null, runId: yaml?.runId ?? null };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const withExtension = options.extension ?? !options.probe;
  if (withExtension) ensureExtensionBuilt();
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-audit-sim-'));
  const dataFile = path.join(dataDir, 'extension-data.json');
  const ado = await startDemoServer({ ...DEMO, ...options.ado });
  const simulatorOptions: HostSimulatorOptions = {
    adoUrl: ado.orgUrl,
    project: PROJECT,
    users: DEMO_USERS,
    dataFile,
    navigation: 'record',
    probe: options.probe,
    contributions: withExtension ? undefined : [],
    ...demoTabs(ado),
    ...options.simulator,
  };
  let sim = await startHostSimulator(simulatorOptions);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await sim.close();
    await ado.close();
    throw error;
  }
  const contexts: BrowserContext[] = [];

  const harness: Harness = {
    ado,
    get sim() {
      return sim;
    },
    browser,
    dataFile,
    async open(open: OpenOptions = {}): Promise<Opened> {
      const context = await browser.newContext({ viewport: open.viewport ?? { width: 1440, height: 900 }, acceptDownloads: true });
      contexts.push(context);
      // The page's clock starts at BROWSER_NOW and runs on from there, timers firing as usual.
      await context.clock.install({ time: BROWSER_NOW });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(sim.pageUrl({ view: open.view, user: open.user, theme: open.theme, releaseId: open.releaseId, runId: open.runId }));
      if (open.waitReady !== false) {
        await page
          .waitForSelector('#frame-host[data-state="ready"]', { timeout: 30_000 })
          .catch(async (error: Error) => {
            const state = await page.getAttribute('#frame-host', 'data-state').catch(() => 'unknown');
            const notices = await page.textContent('#notices').catch(() => '');
            throw new Error(`The contribution did not become ready (state ${state}; ${notices}; page errors: ${errors.join('; ')}): ${error.message}`);
          });
      }
      const frame = await contributionFrame(page, sim.extensionBaseUri);
      return { context, page, frame };
    },
    async restartSimulator() {
      await sim.close();
      sim = await startHostSimulator(simulatorOptions);
      return sim;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await sim.close();
      await ado.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The iframe's Frame, once it has navigated to the extension's origin. */
export async function contributionFrame(page: Page, baseUri: string): Promise<Frame> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(baseUri));
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`No frame from ${baseUri}; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
    await page.waitForTimeout(50);
  }
}

/**
 * Saves a screenshot under test/output. Screenshots for the README and the Marketplace (`publish`) are copied to
 * images/ only when UPDATE_SCREENSHOTS=1, so that a test run leaves the checkout as it found it.
 */
export async function screenshot(target: Page | { screenshot(options: { path: string }): Promise<Buffer> }, name: string, publish = false): Promise<string> {
  const file = path.join(OUTPUT_DIR, `${name}.png`);
  await target.screenshot({ path: file });
  if (publish && process.env.UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(IMAGES_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(IMAGES_DIR, `${name}.png`));
  }
  return file;
}
