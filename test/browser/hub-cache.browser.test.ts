/**
 * The hub keeps the evidence of finished deployments in the browser (IndexedDB): a second Collect of the same window
 * asks Azure DevOps only for the lists of deployments and what could not be read; widening the window asks only about
 * the deployments new to it; kept evidence says when it was captured. The production bundle, the fake server's
 * request log.
 */
import type { Frame } from 'playwright-core';
import { EVIDENCE_CACHE_VERSION } from '../../src/core/cache/evidence-cache';
import { cliJson, hubSummary, waitForAudit, waitForShown } from './audit';
import { startHarness, type Harness } from './harness';

let h: Harness;
let frame: Frame;

const DAY = 86_400_000;
const day = (offset: number) => {
  const now = new Date();
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
    ({ frame } = await h.open({ view: 'hub', user: 'director' }));
    await waitForAudit(frame);
    const first = h.ado.count();
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
    const captured = new Date(Date.now() - 3 * DAY).toISOString();
    await settledRecords();
    await changeKept(`record.evidence.capturedAt = ${JSON.stringify(captured)}; return record;`);
    const newest = (await keptRecords()).sort((a, b) => b.evidence.startedAt.localeCompare(a.evidence.startedAt))[0];
    await collect();
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
    await collect();
    const total = (await hubSummary(frame)).deployments;
    // Everything was asked for again: the timelines of the YAML runs among them, for one.
    expect(h.ado.count(/\/_apis\/build\/builds\/\d+\/timeline/i)).toBeGreaterThan(total * 0.5);
    // And kept again under this version.
    expect(new Set((await settledRecords()).map((record) => record.version))).toEqual(new Set([EVIDENCE_CACHE_VERSION]));
  });

  it('widening the window asks only about deployments that are new to it or were not kept', async () => {
    // Forget everything, then audit the last ten days only.
    await settledRecords();
    await changeKept('return null;');
    await frame.getByRole('button', { name: 'Window' }).click();
    await frame.getByText('Custom dates', { exact: true }).click();
    await frame.locator('input[aria-label="First day (YYYY-MM-DD)"]').fill(day(-9));
    await frame.locator('input[aria-label="Last day (YYYY-MM-DD)"]').fill(day(0));
    await collect();
    const narrow = (await hubSummary(frame)).deployments;
    const kept = new Set((await settledRecords()).map((record) => record.key));
    expect(kept.size).toBeGreaterThan(0);

    // The last 30 days: the ten days' kept deployments are not asked about again.
    await frame.locator('input[aria-label="First day (YYYY-MM-DD)"]').fill(day(-29));
    h.ado.resetLog();
    await collect();
    const asked = [...h.ado.requests];
    // (The command line's report of the same window, for what is in it: its requests come after.)
    const wide = await cliJson(h, { from: day(-29), to: day(1) });
    expect((await hubSummary(frame)).deployments).toBe(wide.summary.deployments);
    expect(wide.summary.deployments).toBeGreaterThan(narrow);

    const timelines = new Set(
      asked.map((entry) => /\/_apis\/build\/builds\/(\d+)\/timeline/i.exec(entry.path)?.[1]).filter((id): id is string => !!id).map(Number),
    );
    expect(timelines.size).toBeGreaterThan(0);
    // Every YAML run whose timeline was read has a deployment the narrow audit did not keep.
    const yaml = wide.deployments.filter((deployment) => deployment.source === 'yaml');
    const notKeptRuns = new Set(yaml.filter((deployment) => !kept.has(deployment.key)).map((deployment) => deployment.runId));
    expect([...timelines].filter((runId) => !notKeptRuns.has(runId))).toEqual([]);
    await waitForShown(frame, wide.summary.deployments);
  });
});
