/**
 * The browser part of `npm run bench`: the production hub bundle in Chromium, in the host simulator, against the fake
 * server. Per organization: time to the first row of an audit and its requests (on an empty browser, then a second
 * Collect in the same page, then a later visit that reads the kept evidence back from IndexedDB), sorting and
 * filtering latency, scrolling, and the Excel export of every deployment.
 *
 * Latencies are measured inside the page: from the click (or keystroke) to the first animation frame at which the
 * table shows the answer, so the figure includes React's render and the layout of the new rows. "Longest task" is
 * the longest main-thread task Chromium reported (Long Tasks API) while the operation ran: the page is frozen that
 * long.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { launchBrowser } from '../test/browser/chromium';
import { startDemoServer, type DemoServer } from '../test/fake-ado/cli';
import { DEMO_TOKENS } from '../test/fake-ado/demo';
import { ensureExtensionBuilt } from '../test/host-simulator/extension-build';
import { startHostSimulator } from '../test/host-simulator/server';

export interface BrowserScenario {
  name: string;
  deployments: number;
  months: number;
  /** Production environments per change (the demo's regions option); default the demo's own mix. */
  regions?: number;
  /** Run the whole set (sort, filter, scroll, export); otherwise only time to first row and the cached Collect. */
  full: boolean;
}

export interface BrowserRow {
  scenario: string;
  measure: string;
  value: string;
  /** The issue's target, when it has one. */
  target: string;
  note: string;
}

/**
 * The demo organization of `npm start` (its default window, the last 30 days), and over 20,000 deployments in that
 * window (22,000 generated over a month; a few fall outside the last 30 days), of the seed team's shape.
 */
export const BROWSER_SCENARIOS: BrowserScenario[] = [
  { name: 'demo organization (npm start)', deployments: 3000, months: 6, full: false },
  { name: '20,000+ deployments in the window, every change to 4 regions', deployments: 22000, months: 1, regions: 4, full: true },
];

const PROJECT = 'Fabrikam Shop';
/** The version of the Chromium the last run used, for the results. */
let chromiumVersion = '';

/** Runs in every frame before its scripts: in the hub's frame, records long tasks and when the first row shows. */
const INIT_SCRIPT = `(() => {
  if (!/\\/hub\\/hub\\.html/.test(location.pathname)) return;
  const bench = (window.__daBench = { longTasks: [], collectingAt: null, listedAt: null, firstRowAt: null });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {}
  const observer = new MutationObserver(() => {
    const progress = document.querySelector('.da-progress');
    if (bench.collectingAt === null && progress) bench.collectingAt = performance.now();
    if (bench.listedAt === null && progress && /Collecting evidence/.test(progress.textContent)) bench.listedAt = performance.now();
    if (bench.firstRowAt === null && document.querySelector('.da-table tr.bolt-table-row')) {
      bench.firstRowAt = performance.now();
      observer.disconnect();
    }
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true, characterData: true }));
})();`;

interface Timed {
  ms: number;
  longestTaskMs: number;
}

const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

async function hubFrame(page: Page, baseUri: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(baseUri));
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error('the hub frame did not load');
    await page.waitForTimeout(50);
  }
}

async function waitForAudit(frame: Frame, timeout: number): Promise<number> {
  await frame.waitForFunction(
    () => {
      const caption = document.querySelector('.da-table-caption')?.textContent ?? '';
      return !document.querySelector('.da-progress') && /^Showing [\d,]+ of [\d,]+ deployments?$/.test(caption.trim());
    },
    undefined,
    { timeout, polling: 100 },
  );
  return frame.evaluate(() => Number((document.querySelector('.da-table-caption')?.textContent ?? '').replace(/^Showing [\d,]+ of ([\d,]+).*$/s, '$1').replace(/,/g, '')));
}

/**
 * Does `action` in the page and waits, frame by frame, until `done` holds: the time from the action to that frame,
 * and the longest task meanwhile. Both are strings of function bodies, run in the hub's frame.
 */
async function timeInPage(frame: Frame, action: string, done: string, timeoutMs = 60_000): Promise<Timed> {
  return frame.evaluate(
    async ({ action, done, timeoutMs }) => {
      const bench = (window as unknown as { __daBench: { longTasks: { start: number; duration: number }[] } }).__daBench;
      const act = new Function(action) as () => unknown;
      // `done` reads what `action` returned as arguments[0].
      const check = new Function(done) as (before: unknown) => boolean;
      const started = performance.now();
      const before = act();
      const ended = await new Promise<number>((resolve, reject) => {
        const tick = () => {
          if (check(before)) resolve(performance.now());
          else if (performance.now() - started > timeoutMs) reject(new Error(`not done after ${timeoutMs} ms: ${done}`));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      // Long tasks are reported after they end: let the observer catch up.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const longest = bench.longTasks
        .filter((task) => task.start + task.duration >= started && task.start <= ended)
        .reduce((max, task) => Math.max(max, task.duration), 0);
      return { ms: ended - started, longestTaskMs: longest };
    },
    { action, done, timeoutMs },
  );
}

const FIRST_ROW = `(document.querySelector('.da-table tr.bolt-table-row td[role="gridcell"]')?.textContent ?? '')`;
const CAPTION = `(document.querySelector('.da-table-caption')?.textContent ?? '')`;

interface OpenedAudit {
  frame: Frame;
  /** From the progress showing to the first row (ms). */
  firstRow: number;
  /** From the progress showing to "Collecting evidence" (the deployments listed), when seen. */
  listed: number | null;
  /** When the progress showed (the frame's performance.now()). */
  collectingAt: number;
  deployments: number;
  /** From the frame loading to the audit complete (ms). */
  collectMs: number;
}

/** The hub's frame once it has loaded, and its opening audit (of the last 30 days) measured to the end. */
async function openedAudit(page: Page, baseUri: string): Promise<OpenedAudit> {
  const frame = await hubFrame(page, baseUri);
  const started = Date.now();
  await frame.waitForFunction(() => (window as unknown as { __daBench?: { firstRowAt: number | null } }).__daBench?.firstRowAt != null, undefined, {
    timeout: 300_000,
    polling: 50,
  });
  const marks = await frame.evaluate(() => {
    const bench = (window as unknown as { __daBench: { collectingAt: number; listedAt: number | null; firstRowAt: number } }).__daBench;
    return {
      firstRow: bench.firstRowAt - bench.collectingAt,
      listed: bench.listedAt === null ? null : bench.listedAt - bench.collectingAt,
      collectingAt: bench.collectingAt,
    };
  });
  const deployments = await waitForAudit(frame, 900_000);
  return { frame, ...marks, deployments, collectMs: Date.now() - started };
}

/** Waits until the hub has written what it keeps (the number of kept records stops changing). */
async function keptSettled(frame: Frame): Promise<void> {
  let previous = -1;
  for (let attempt = 0; attempt < 600; attempt++) {
    const count = await frame.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('deploy-audit-evidence');
          open.onerror = () => resolve(-1);
          open.onsuccess = () => {
            const request = open.result.transaction('evidence').objectStore('evidence').count();
            request.onsuccess = () => {
              open.result.close();
              resolve(request.result);
            };
            request.onerror = () => resolve(-1);
          };
        }),
    );
    if (count === previous && count > 0) return;
    previous = count;
    await frame.waitForTimeout(1000);
  }
  throw new Error('the kept evidence did not settle');
}

/** Clicks a column header and waits for the table to show that sort (aria-sort on the header, rows re-rendered). */
async function timeSort(frame: Frame, column: string): Promise<Timed> {
  const header = `Array.from(document.querySelectorAll('th[role="columnheader"]')).find((th) => th.textContent.trim().startsWith(${JSON.stringify(column)}))`;
  return timeInPage(
    frame,
    // azure-devops-ui's ColumnSorting listens inside the header cell.
    `const th = ${header}; const before = th.getAttribute('aria-sort'); (th.firstElementChild ?? th).click(); return before;`,
    `const th = ${header}; return th.getAttribute('aria-sort') !== arguments[0] && !!document.querySelector('.da-table tr.bolt-table-row');`,
  );
}

/** Types into the keyword filter (one input event, as a paste) and waits for the caption to change. */
async function timeKeyword(frame: Frame, keyword: string): Promise<Timed> {
  return timeInPage(
    frame,
    `const input = document.querySelector('input[placeholder^="Filter by person"]');
     const before = ${CAPTION};
     Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, ${JSON.stringify(keyword)});
     input.dispatchEvent(new Event('input', { bubbles: true }));
     return before;`,
    `return ${CAPTION} !== arguments[0];`,
  );
}

/** Clicks a button (by selector) and waits for the caption to change. */
async function timeCaptionChange(frame: Frame, selector: string): Promise<Timed> {
  return timeInPage(
    frame,
    `const before = ${CAPTION}; document.querySelector(${JSON.stringify(selector)}).click(); return before;`,
    `return ${CAPTION} !== arguments[0];`,
  );
}

interface ScrollFigures {
  /** Median and 95th percentile frame interval (ms). */
  p50: number;
  p95: number;
  longestTaskMs: number;
}

/**
 * Scrolls the table `step` pixels a frame for 90 frames and reads the frame intervals (16.7 ms is 60 frames a second).
 * With `reference`, a static copy of the rows in view (repeated, not virtualized) is scrolled instead: what this browser
 * and machine can do with the same content when nothing is rendered again.
 */
async function measureScroll(frame: Frame, step: number, reference = false): Promise<ScrollFigures> {
  return frame.evaluate(
    async ({ step, reference }) => {
      const bench = (window as unknown as { __daBench: { longTasks: { start: number; duration: number }[] } }).__daBench;
      // The hub's page is its one scroll area (the table has no scroll box of its own); an older layout scrolled the table.
      let box = Array.from(document.querySelectorAll<HTMLElement>('.da-table-container, .da-table-container *, .bolt-page')).find(
        (element) => element.scrollHeight > element.clientHeight + 100 && /auto|scroll/.test(getComputedStyle(element).overflowY),
      );
      if (!box) throw new Error('no scrolling table or page');
      if (reference) {
        const copy = document.createElement('div');
        copy.style.cssText = `position:fixed;left:0;top:0;width:${box.clientWidth}px;height:${box.clientHeight}px;overflow:auto;z-index:1000000;background:white`;
        const table = document.querySelector('.da-table-container table')!.cloneNode(true) as HTMLElement;
        const body = table.querySelector('tbody')!;
        const rows = Array.from(body.querySelectorAll('tr.bolt-table-row'));
        body.innerHTML = '';
        for (let i = 0; i < 40; i++) for (const row of rows) body.appendChild(row.cloneNode(true));
        copy.appendChild(table);
        document.body.appendChild(copy);
        box = copy;
      }
      box.scrollTop = 0;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const intervals: number[] = [];
      const started = performance.now();
      let last = 0;
      await new Promise<void>((resolve) => {
        let frames = 0;
        const tick = (now: number) => {
          if (last) intervals.push(now - last);
          last = now;
          box!.scrollTop += step;
          if (++frames < 90) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      const ended = performance.now();
      if (reference) box.remove();
      else box.scrollTop = 0;
      await new Promise((resolve) => setTimeout(resolve, 100));
      intervals.sort((a, b) => a - b);
      const longest = bench.longTasks.filter((task) => task.start >= started && task.start <= ended).reduce((max, task) => Math.max(max, task.duration), 0);
      return { p50: intervals[intervals.length >> 1], p95: intervals[Math.floor(intervals.length * 0.95)], longestTaskMs: longest };
    },
    { step, reference },
  );
}

/** The longest main-thread task since `since` (the frame's performance.now()), and the frame's now. */
async function longestTaskSince(frame: Frame, since: number): Promise<{ longest: number; now: number }> {
  return frame.evaluate(async (from) => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const bench = (window as unknown as { __daBench: { longTasks: { start: number; duration: number }[] } }).__daBench;
    return {
      longest: bench.longTasks.filter((task) => task.start + task.duration >= from).reduce((max, task) => Math.max(max, task.duration), 0),
      now: performance.now(),
    };
  }, since);
}

/** Export → Excel, until the browser has the file; long tasks meanwhile, and whether the page showed progress. */
async function timeExport(page: Page, frame: Frame, directory: string): Promise<{ ms: number; longestTaskMs: number; bytes: number; sawProgress: boolean }> {
  await frame.getByRole('button', { name: 'Export' }).click();
  const startedAt = await frame.evaluate(() => performance.now());
  const started = Date.now();
  const progress = frame.waitForSelector('.da-export-progress', { timeout: 10_000 }).then(
    () => true,
    () => false,
  );
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), frame.getByRole('menuitem', { name: 'Excel' }).click()]);
  const elapsed = Date.now() - started;
  const file = path.join(directory, 'export.xlsx');
  await download.saveAs(file);
  const { longest } = await longestTaskSince(frame, startedAt);
  return { ms: elapsed, longestTaskMs: longest, bytes: fs.statSync(file).size, sawProgress: await progress };
}

export interface BrowserBenchOptions {
  scenarios?: BrowserScenario[];
  log?: (line: string) => void;
  /** Another build of the extension to measure (a directory holding dist/extension), e.g. to compare with a release. */
  extensionRoot?: string;
}

export async function runBrowserBench(options: BrowserBenchOptions = {}): Promise<BrowserRow[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!options.extensionRoot) ensureExtensionBuilt(log);
  const rows: BrowserRow[] = [];
  const browser = await launchBrowser();
  chromiumVersion = browser.version();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-audit-bench-browser-'));
  try {
    for (const scenario of options.scenarios ?? BROWSER_SCENARIOS) {
      log(`browser: ${scenario.name}…`);
      const server: DemoServer = await startDemoServer({ seed: 1, deployments: scenario.deployments, months: scenario.months, regions: scenario.regions });
      const sim = await startHostSimulator({
        adoUrl: server.orgUrl,
        project: PROJECT,
        users: [{ key: 'director', label: 'Director', token: DEMO_TOKENS.director }],
        dataFile: path.join(work, 'extension-data.json'),
        extensionRoot: options.extensionRoot,
        navigation: 'record',
        releaseId: null,
        runId: null,
      });
      let context: BrowserContext | null = null;
      const add = (measure: string, value: string, target = '', note = '') => {
        rows.push({ scenario: scenario.name, measure, value, target, note });
        log(`  ${measure}: ${value}${note ? ` (${note})` : ''}`);
      };
      try {
        context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
        await context.addInitScript(INIT_SCRIPT);
        const page = await context.newPage();
        server.resetLog();
        // The hub collects the last 30 days as soon as it has read the settings: the first Collect, on an empty cache.
        await page.goto(sim.pageUrl({ view: 'hub', user: 'director' }));
        let opened = await openedAudit(page, sim.extensionBaseUri);
        let frame = opened.frame;
        const { firstRow, listed, collectingAt, deployments, collectMs } = opened;
        const firstRequests = server.requests.length;
        const firstLongest = await longestTaskSince(frame, collectingAt);
        add('deployments in the window', deployments.toLocaleString('en-US'));
        add(
          'first Collect (empty cache): first row visible',
          ms(firstRow),
          scenario.full ? '' : '≤ 2,000 ms',
          listed === null ? '' : `deployments listed after ${ms(listed)}`,
        );
        add(
          'first Collect (empty cache): complete',
          seconds(collectMs),
          '',
          `${firstRequests.toLocaleString('en-US')} requests; longest task ${ms(firstLongest.longest)}`,
        );

        // The second Collect of the same window: kept evidence, only the deployment lists asked again.
        server.resetLog();
        const refreshFrom = (await longestTaskSince(frame, 0)).now;
        const refresh = await timeInPage(
          frame,
          `Array.from(document.querySelectorAll('button')).find((b) => b.textContent.trim() === 'Refresh').click();`,
          `return !!document.querySelector('.da-table tr.bolt-table-row');`,
          300_000,
        );
        const refreshStarted = Date.now();
        await waitForAudit(frame, 900_000);
        const refreshMs = Date.now() - refreshStarted + refresh.ms;
        const secondRequests = server.requests.length;
        const secondLongest = await longestTaskSince(frame, refreshFrom);
        add('second Collect in the same page (kept evidence): first row visible', ms(refresh.ms));
        add('second Collect: complete', seconds(refreshMs), '', `longest task ${ms(secondLongest.longest)}`);
        add(
          'second Collect: requests / first Collect',
          `${((secondRequests / Math.max(1, firstRequests)) * 100).toFixed(1)} %`,
          '≤ 5 %',
          `${secondRequests.toLocaleString('en-US')} of ${firstRequests.toLocaleString('en-US')}`,
        );

        // A later visit: the page loaded again reads the evidence kept in IndexedDB (once the hub has written it).
        await keptSettled(frame);
        server.resetLog();
        await page.reload();
        opened = await openedAudit(page, sim.extensionBaseUri);
        frame = opened.frame;
        const laterRequests = server.requests.length;
        const laterLongest = await longestTaskSince(frame, opened.collectingAt);
        add('later visit (page loaded again, kept evidence read back): first row visible', ms(opened.firstRow));
        add('later visit: complete', seconds(opened.collectMs), '', `longest task ${ms(laterLongest.longest)}`);
        add(
          'later visit: requests / first Collect',
          `${((laterRequests / Math.max(1, firstRequests)) * 100).toFixed(1)} %`,
          '≤ 5 %',
          `${laterRequests.toLocaleString('en-US')} of ${firstRequests.toLocaleString('en-US')}`,
        );
        if (!scenario.full) continue;

        // Virtualized: only the rows near the view are in the page, whatever the number of deployments.
        const rendered = await frame.evaluate(() => document.querySelectorAll('.da-table tr.bolt-table-row').length);
        add('table rows in the page (virtualized)', rendered.toLocaleString('en-US'), '< 200', `of ${deployments.toLocaleString('en-US')} deployments`);
        for (const column of ['Environment', 'Requested by', 'Approvals', 'Started (UTC)']) {
          const sorted = await timeSort(frame, column);
          add(`sort by ${column}`, ms(sorted.ms), '< 200 ms', `longest task ${ms(sorted.longestTaskMs)}`);
        }
        // Back to the default order (newest first).
        while ((await frame.getAttribute('th[aria-sort]', 'aria-sort')) !== 'descending') await timeSort(frame, 'Started (UTC)');

        const anyFail = await timeCaptionChange(frame, 'tr.da-summary-any .da-count-fail');
        add('filter: a summary count (any control fails)', ms(anyFail.ms), '< 200 ms', `longest task ${ms(anyFail.longestTaskMs)}`);
        const anyFailOff = await timeCaptionChange(frame, 'tr.da-summary-any .da-count-fail');
        add('filter: the same count again (all rows)', ms(anyFailOff.ms), '< 200 ms', `longest task ${ms(anyFailOff.longestTaskMs)}`);
        const keyword = await timeKeyword(frame, 'shop-api');
        add('filter: keyword "shop-api" (from the keystroke)', ms(keyword.ms), '< 200 ms', `longest task ${ms(keyword.longestTaskMs)}`);
        const cleared = await timeKeyword(frame, '');
        add('filter: keyword cleared (all rows)', ms(cleared.ms), '< 200 ms', `longest task ${ms(cleared.longestTaskMs)}`);

        for (const [what, step] of [['a row', 48], ['ten rows', 480], ['a hundred rows', 4800]] as const) {
          const scroll = await measureScroll(frame, step);
          add(
            `scroll ${what} a frame: frame interval, median`,
            ms(scroll.p50),
            '≈ 17 ms (60 fps)',
            `95th percentile ${ms(scroll.p95)}; longest task ${ms(scroll.longestTaskMs)}`,
          );
        }
        const reference = await measureScroll(frame, 48, true);
        add(
          'reference: the same rows as a static table, a row a frame',
          ms(reference.p50),
          '',
          `95th percentile ${ms(reference.p95)}: what this browser does when nothing is drawn again`,
        );

        const exported = await timeExport(page, frame, work);
        add(
          `Excel export of ${deployments.toLocaleString('en-US')} deployments`,
          seconds(exported.ms),
          '< 10 s',
          `longest task ${ms(exported.longestTaskMs)}; ${(exported.bytes / 2 ** 20).toFixed(1)} MiB; ${exported.sawProgress ? 'progress shown' : 'no progress shown'}`,
        );
      } finally {
        await context?.close().catch(() => undefined);
        await sim.close();
        await server.close();
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

/** The browser figures as a markdown table. */
export function browserTable(rows: BrowserRow[]): string[] {
  return [
    '| scenario | measure | value | target | note |',
    '| --- | --- | ---: | --- | --- |',
    ...rows.map((r) => `| ${r.scenario} | ${r.measure} | ${r.value} | ${r.target} | ${r.note} |`),
  ];
}

export const BROWSER_HEADING = '## The hub in Chromium';

/** The browser part of bench/results.md: when and where it ran, what it measures, the figures. */
export function browserSection(rows: BrowserRow[], machine: string): string[] {
  return [
    BROWSER_HEADING,
    '',
    `Run ${new Date().toISOString()} on ${machine}${chromiumVersion ? `, Chromium ${chromiumVersion}` : ''}.`,
    '',
    'The production hub bundle in headless Chromium, in the host simulator, against the fake server (no added latency).',
    'Latencies are from the click or keystroke to the first frame that shows the answer; "longest task" is the longest',
    'stretch the page could not respond (Long Tasks API). The keyword box waits for a pause in typing before it filters.',
    '',
    ...browserTable(rows),
    '',
  ];
}

/**
 * bench/results.md from its engine part and its browser part; a part not measured in this run is kept from the file
 * as it was (`npm run bench -- --no-browser` keeps the last browser figures, `--browser-only` the engine's).
 */
export function spliceResults(previous: string, engine: string | null, browser: string[] | null): string {
  const at = previous.indexOf(BROWSER_HEADING);
  const keptEngine = (at >= 0 ? previous.slice(0, at) : previous).trimEnd();
  const keptBrowser = at >= 0 ? previous.slice(at).trimEnd() : '';
  const parts = [(engine ?? keptEngine).trimEnd(), browser ? browser.join('\n').trimEnd() : keptBrowser].filter(Boolean);
  return `${parts.join('\n\n')}\n`;
}
