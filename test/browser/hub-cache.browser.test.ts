/**
 * The hub keeps the evidence of finished deployments in the browser (IndexedDB): a second Collect of the same window
 * asks Azure DevOps only for the lists of deployments and what could not be read; widening the window asks only about
 * the deployments new to it; kept evidence says when it was captured. The production bundle, the fake server's
 * request log.
 */
import type { Frame, Page } from 'playwright-core';
import { EVIDENCE_CACHE_VERSION } from '../../src/core/cache/evidence-cache';
import { cliJson, hubSummary, waitForAudit, waitForShown } from './audit';
import { BROWSER_NOW, contributionFrame, startHarness, type Harness } from './harness';

let h: Harness;
let page: Page;
/** Requests of the first audit, on an empty browser. */
let firstAudit = 0;
let frame: Frame;

const DAY = 86_400_000;
const day = (offset: number) => {
  const now = BROWSER_NOW;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + offset * DAY).toISOString().slice(0, 10);
};

interface KeptRecord {
  key: string;
  version: number;
  evidence: { runName: string; startedAt: string; capturedAt?: string };
}

/** Every record the hub keeps in this browser (its IndexedDB, on the extension's origin). */
const keptRecords = (): Promise<KeptRecord[]> =>
  frame.evaluate(
    () =>
      new Promise<KeptRecord[]>((resolve, reject) => {
        const open = indexedDB.open('deploy-audit-evidence');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('evidence').objectStore('evidence').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as KeptRecord[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );

/** Changes every kept record in the page's IndexedDB (`change` is the body of a function of the record). */
const changeKept = (change: string): Promise<void> =>
  frame.evaluate(
    (body) =>
      new Promise<void>((resolve, reject) => {
        const edit = new Function('record', body) as (record: unknown) => unknown;
        const open = indexedDB.open('deploy-audit-evidence');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const transaction = open.result.transaction('evidence', 'readwrite');
          const records = transaction.objectStore('evidence');
          const cursor = records.openCursor();
          cursor.onsuccess = () => {
            const at = cursor.result;
            if (!at) return;
            const changed = edit(at.value);
            if (changed === null) at.delete();
            else at.update(changed);
            at.continue();
          };
          transaction.oncomplete = () => {
            open.result.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    change,
  );

/** The kept records once the hub has finished writing them (it writes after the audit is shown as complete). */
async function settledRecords(): Promise<KeptRecord[]> {
  let previous = -1;
  for (let attempt = 0; attempt < 100; attempt++) {
    const records = await keptRecords();
    if (records.length === previous) return records;
    previous = records.length;
    await frame.waitForTimeout(300);
  }
  throw new Error('the kept evidence did not settle');
}

/**
 * A later visit of the hub in the same browser (the page loaded again): it reads what the browser keeps, where the
 * open page would start from what it holds in memory. The hub audits its default window as it opens.
 */
async function revisit(): Promise<void> {
  await page.reload();
  await page.waitForSelector('#frame-host[data-state="ready"]', { timeout: 30_000 });
  frame = await contributionFrame(page, h.sim.extensionBaseUri);
  await waitForAudit(frame);
}

async function collect(): Promise<void> {
  await frame.getByRole('button', { name: 'Refresh' }).click();
  await frame.locator('.da-progress').waitFor({ state: 'detached', timeout: 60_000 }).catch(() => undefined);
  await waitForAudit(frame);
}

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('hub evidence kept in the browser', () => {
  it('a second Collect of the same window makes at most 5 % of the first one’s requests, with the same verdicts', async () => {
    h.ado.resetLog();
    // A new browser context: nothing kept yet. The hub audits the last 30 days as soon as it opens.
    ({ page, frame } = await h.open({ view: 'hub', user: 'director' }));
    await waitForAudit(frame);
    firstAudit = h.ado.count();
    const first = firstAudit;
    const summary = await hubSummary(frame);
    expect(summary.deployments).toBeGreaterThan(200);
    expect((await settledRecords()).length).toBeGreaterThan(summary.deployments * 0.8);

    h.ado.resetLog();
    await collect();
    const second = h.ado.count();
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThanOrEqual(first * 0.05);
    expect(await hubSummary(frame)).toEqual(summary);
  });

  it('says in a deployment’s detail when its kept evidence was captured', async () => {
    // As if the evidence had been read three days ago.
    const captured = new Date(BROWSER_NOW.getTime() - 3 * DAY).toISOString();
    await settledRecords();
    await changeKept(`record.evidence.capturedAt = ${JSON.stringify(captured)}; return record;`);
    const newest = (await keptRecords()).sort((a, b) => b.evidence.startedAt.localeCompare(a.evidence.startedAt))[0];
    h.ado.resetLog();
    await revisit();
    // A later visit reads the evidence back from the browser: it asks as little as the second Collect did.
    expect(h.ado.count()).toBeLessThanOrEqual(firstAudit * 0.05);
    await frame.getByPlaceholder('Filter by person, pipeline, run, branch, pull request…').fill(newest.evidence.runName);
    await frame.waitForFunction(() => /^Showing [1-9]/.test(document.querySelector('.da-table-caption')?.textContent ?? ''));
    await frame.locator('.da-table tr.bolt-table-row').first().click();
    const notice = frame.locator('.bolt-panel .da-captured');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(`Evidence captured on ${captured.slice(0, 16).replace('T', ' ')} UTC, kept from an earlier audit.`);
    await frame.locator('.bolt-panel').press('Escape');
    await frame.locator('.bolt-panel').waitFor({ state: 'detached' });
    await frame.getByPlaceholder('Filter by person, pipeline, run, branch, pull request…').fill('');
  });

  it('ignores evidence kept by another engine version, and asks for it again', async () => {
    await settledRecords();
    await changeKept('record.version = record.version - 1; return record;');
    h.ado.resetLog();
    await revisit();
    const total = (await hubSummary(frame)).deployments;
    // Everything was asked for again: the timelines of the YAML runs among them, for one.
    expect(h.ado.count(/\/_apis\/build\/builds\/\d+\/timeline/i)).toBeGreaterThan(total * 0.5);
    // And kept again under this version.
    expect(new Set((await settledRecords()).map((record) => record.version))).toEqual(new Set([EVIDENCE_CACHE_VERSION]));
  });

  it('widening the window asks only about deployments that are new to it or were not kept', async () => {
    // As if only the last ten days had been audited before: the browser keeps those ten days' evidence.
    await settledRecords();
    const since = `${day(-9)}T00:00:00.000Z`;
    await changeKept(`return record.evidence.startedAt >= ${JSON.stringify(since)} ? record : null;`);
    const kept = new Set((await keptRecords()).map((record) => record.key));
    expect(kept.size).toBeGreaterThan(0);

    // The next visit audits the last 30 days: the ten days' kept deployments are not asked about again.
    h.ado.resetLog();
    await revisit();
    const asked = [...h.ado.requests];
    // (The command line's report of the same window, for what is in it: its requests come after.)
    const wide = await cliJson(h, { from: day(-29), to: day(1) });
    expect((await hubSummary(frame)).deployments).toBe(wide.summary.deployments);
    expect(wide.summary.deployments).toBeGreaterThan(kept.size);

    const timelines = new Set(
      asked.map((entry) => /\/_apis\/build\/builds\/(\d+)\/timeline/i.exec(entry.path)?.[1]).filter((id): id is string => !!id).map(Number),
    );
    expect(timelines.size).toBeGreaterThan(0);
    // Every YAML run whose timeline was read has a deployment that was not kept.
    const yaml = wide.deployments.filter((deployment) => deployment.source === 'yaml');
    const notKeptRuns = new Set(yaml.filter((deployment) => !kept.has(deployment.key)).map((deployment) => deployment.runId));
    expect([...timelines].filter((runId) => !notKeptRuns.has(runId))).toEqual([]);
    await waitForShown(frame, wide.summary.deployments);
  });
});
