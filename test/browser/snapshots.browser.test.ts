/**
 * Published snapshots in the real bundle (issue 10, part 4): the director collects and publishes; the auditor, whose
 * approval reads answer 403, opens the snapshot and sees the approvers' names and "verified" without a request to
 * Azure DevOps; a sample drawn from it is the command line's sample of its export; a part changed in the extension
 * data opens as "not verified".
 */
import * as fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { sampleCommand } from '../../src/cli/sample';
import { caption, frameElement, hubSummary, tableRows, waitForAudit, waitForShown } from './audit';
import { screenshot, startHarness, type Harness } from './harness';

let h: Harness;
let director: { page: Page; frame: Frame };
let auditor: { page: Page; frame: Frame };
let published: { deployments: number; controls: Record<string, unknown> };
let publishedId = '';
/** The first rows of the director's table: approvers by name. */
let directorRows: string[][];

beforeAll(async () => {
  h = await startHarness();
  director = await h.open({ view: 'hub', user: 'director' });
  await waitForAudit(director.frame);
});

afterAll(async () => {
  await h?.close();
});

type Doc = Record<string, unknown> & { id: string };
/** The extension's collections in the organization's scope, as the simulator keeps them. */
function collections(): Record<string, Record<string, Doc>> {
  const extensions = h.sim.extensionData.snapshot().extensions as Record<string, Record<string, Record<string, Record<string, Doc>>>>;
  const [extension] = Object.values(extensions);
  return extension?.['Default/Current'] ?? {};
}

async function download(page: Page, frame: Frame, button: string, item: string): Promise<{ name: string; text: string }> {
  await frame.getByRole('button', { name: button }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), frame.getByRole('menuitem', { name: item }).click()]);
  const target = `${h.dataFile}.${file.suggestedFilename()}`;
  await file.saveAs(target);
  return { name: file.suggestedFilename(), text: fs.readFileSync(target, 'utf8') };
}

async function openSnapshot(frame: Frame, page?: Page): Promise<void> {
  await frame.getByRole('button', { name: 'Snapshots' }).click();
  const open = frame.getByRole('button', { name: /^Open the snapshot of/ }).first();
  await open.waitFor();
  if (page) await screenshot(page, 'snapshots-panel');
  await open.click();
  await frame.locator('.da-snapshot-banner').waitFor();
}

it('lets the director publish a complete audit, as new documents, saying what it publishes', async () => {
  const { frame } = director;
  published = await hubSummary(frame);
  directorRows = await tableRows(frame, 10);
  expect(directorRows.flat().join(' ')).not.toMatch(/Could not be read/);
  h.sim.clearLog();
  await frame.getByRole('button', { name: 'Publish snapshot' }).click();
  const dialog = frame.getByRole('dialog');
  expect(await dialog.textContent()).toContain(`${published.deployments.toLocaleString('en-US')} deployments with every control’s verdict and all the evidence collected`);
  // The snapshot is prepared in a Web Worker, off the page's thread.
  const worker = director.page.waitForEvent('worker', { predicate: (w) => w.url().includes('deploy-audit-snapshot'), timeout: 30_000 });
  await screenshot(director.page, 'publish-dialog');
  await dialog.getByRole('button', { name: 'Publish snapshot' }).click();
  await worker;
  await frame.locator('.da-published').waitFor({ timeout: 60_000 });

  const stored = collections();
  const headCollection = Object.keys(stored).find((name) => name.startsWith('snapshots-'))!;
  const [head] = Object.values(stored[headCollection]) as Array<Doc & { publishedBy: { displayName: string }; parts: { id: string }[]; deployments: number }>;
  expect(head.deployments).toBe(published.deployments);
  publishedId = head.id;
  // Who published: the token's owner as connectionData names them.
  expect(head.publishedBy.displayName).toMatch(/\S/);
  expect(Object.keys(stored[`snapshot-parts-${head.id}`]).sort()).toEqual(head.parts.map((part) => part.id).sort());
  for (const part of Object.values(stored[`snapshot-parts-${head.id}`])) expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThanOrEqual(512 * 1024);
  const calls = h.sim.log.map((entry) => entry.call).filter((call) => call.startsWith('extensionData.'));
  expect(calls).toContain('extensionData.createDocument');
  expect(calls).not.toContain('extensionData.setDocument');
});

it('lets the auditor, who cannot read approvals, open it: approvers named, verified, nothing asked of Azure DevOps', async () => {
  auditor = await h.open({ view: 'hub', user: 'auditor' });
  const { frame } = auditor;
  await waitForAudit(frame);
  // Live, the auditor cannot read the approvals.
  expect(await frame.locator('.da-access-notice').count()).toBe(1);
  expect((await tableRows(frame, 10)).flat().join(' ')).toMatch(/Could not be read/);
  const before = h.ado.requests.length;
  await openSnapshot(frame, auditor.page);
  const banner = (await frame.locator('.da-snapshot-banner').textContent()) ?? '';
  expect(banner).toMatch(/Captured on \d{4}-\d\d-\d\d \d\d:\d\d UTC by \S/);
  expect(banner).toContain('Verified: every part matches');
  expect(await hubSummary(frame)).toEqual(published);
  expect(await caption(frame)).toEqual({ shown: published.deployments, total: published.deployments });
  // The approvals as the director's audit read them: the same rows, approvers by name.
  expect(await tableRows(frame, 10)).toEqual(directorRows);
  await screenshot(frameElement(auditor.page), 'screenshot-snapshot', true);
  expect(await frame.locator('.da-access-notice').count()).toBe(0);
  await frame.locator('.da-table tr.bolt-table-row').first().click();
  const detail = (await frame.locator('.bolt-panel').textContent()) ?? '';
  expect(detail).toMatch(/Approv/);
  expect(detail).not.toMatch(/could not be read/i);
  await auditor.page.keyboard.press('Escape');
  expect(h.ado.requests.length).toBe(before);
});

it('samples the snapshot as deploy-audit sample samples its export', async () => {
  const { page, frame } = auditor;
  const population = await download(page, frame, 'Export', 'JSON');
  // The export says which snapshot it came from, who published it, and that its hashes matched.
  const exported = JSON.parse(population.text) as { manifest: { snapshot?: { id: string; verified: boolean; publishedBy: { displayName: string } | null } } };
  expect(exported.manifest.snapshot).toMatchObject({ id: publishedId, verified: true });
  await frame.getByRole('button', { name: 'Sample deployments for testing' }).click();
  const panel = frame.locator('.bolt-panel');
  expect(await panel.textContent()).toContain('Rule: size 25: the usual attribute-sampling size');
  await panel.getByLabel('Seed').fill('20261130');
  await panel.getByRole('button', { name: 'Draw sample' }).click();
  await panel.locator('.da-sample-summary').waitFor();
  expect(await panel.locator('.da-sample-summary').textContent()).toBe(`25 deployments of ${published.deployments} · seed 20261130`);
  await screenshot(auditor.page, 'sample-panel');
  const shown = await panel.locator('.da-sample-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key')));
  expect(shown).toHaveLength(25);

  const sample = await download(page, frame, 'Export sample', 'JSON');
  expect(sample.name).toBe('deploy-audit-fabrikam-shop-sample-seed-20261130.json');
  const hubSample = JSON.parse(sample.text) as { deployments: { key: string }[]; sample: { seed: number } };
  expect(hubSample.deployments.map((d) => d.key).sort()).toEqual([...shown].sort());

  const file = `${h.dataFile}.population.json`;
  fs.writeFileSync(file, population.text);
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    expect(await sampleCommand([file, '--seed', '20261130', '--out', `${file}.sample.json`])).toBe(0);
  } finally {
    process.stderr.write = write;
  }
  const cli = JSON.parse(fs.readFileSync(`${file}.sample.json`, 'utf8')) as { deployments: { key: string }[] };
  expect(hubSample.deployments.map((d) => d.key)).toEqual(cli.deployments.map((d) => d.key));
  await page.keyboard.press('Escape');
});

it('shows a snapshot whose part was changed in the extension data as not verified', async () => {
  const stored = collections();
  const parts = Object.keys(stored).find((name) => name.startsWith('snapshot-parts-'))!;
  const part = Object.values(stored[parts]).find((doc) => (doc.text as string).includes('"pass"'))!;
  const extensionId = Object.keys(h.sim.extensionData.snapshot().extensions)[0];
  h.sim.extensionData.handle('setDocument', [parts, { ...part, text: (part.text as string).replace('"pass"', '"fail"'), __etag: -1 }], extensionId, 'mallory');
  const { frame } = await h.open({ view: 'hub', user: 'auditor' });
  await openSnapshot(frame);
  const banner = (await frame.locator('.da-snapshot-banner').textContent()) ?? '';
  expect(banner).toMatch(/Not verified: part \d+ of \d+ does not match its SHA-256/);
  await waitForShown(frame, published.deployments);
});
