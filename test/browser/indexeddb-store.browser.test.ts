/**
 * The hub's IndexedDB evidence store in Chromium's real IndexedDB (there is no IndexedDB in jsdom, and no shim among
 * the dependencies): the store and the engine's EvidenceCache, bundled with esbuild, on a page of a local origin.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './chromium';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');

let server: http.Server;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function bundle(): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = await esbuild.build({
    stdin: {
      contents: `
        export { IndexedDbEvidenceStore, EVIDENCE_DATABASE } from './src/extension/indexeddb-store';
        export { EvidenceCache, EVIDENCE_CACHE_VERSION, cacheScope } from './src/core/cache/evidence-cache';`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'DeployAudit',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

beforeAll(async () => {
  const script = await bundle();
  server = http.createServer((req, res) => {
    if (req.url === '/store.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(script);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE html><title>store</title><script src="/store.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

beforeEach(async () => {
  // A fresh context: an empty IndexedDB.
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(`${origin}/`);
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Runs `body` in the page with the bundle's exports as `DA` and a helper `evidence(key, extra)`; returns its result. */
function inPage<T>(body: string): Promise<T> {
  return page.evaluate(`(async () => {
    const DA = window.DeployAudit;
    const evidence = (key, extra = {}) => ({
      key, source: 'yaml', environment: 'Production', stage: 'Production', pipeline: { id: 1, name: 'shop-web' }, runId: 1,
      runName: '20261120.1', startedAt: '2026-11-20T10:00:00.000Z', finishedAt: '2026-11-20T10:10:00.000Z', result: 'succeeded',
      requestedBy: null, url: 'https://dev.azure.com/contoso/Shop/_build/results?buildId=1', approvals: [], builds: [], priorStagesResult: null,
      pullRequests: [], tests: null, testsUrl: null, workItems: [], errors: [], capturedAt: '2026-11-20T10:30:00.000Z', ...extra });
    const entry = (key, version = DA.EVIDENCE_CACHE_VERSION, extra) => [key, { version, evidence: evidence(key, extra) }];
    const countPuts = () => {
      const put = IDBObjectStore.prototype.put;
      const counter = { puts: 0, deletes: 0 };
      IDBObjectStore.prototype.put = function (...args) { counter.puts++; return put.apply(this, args); };
      const del = IDBObjectStore.prototype.delete;
      IDBObjectStore.prototype.delete = function (...args) { counter.deletes++; return del.apply(this, args); };
      return counter;
    };
    ${body}
  })()`) as Promise<T>;
}

describe('IndexedDbEvidenceStore', () => {
  it('keeps a scope’s evidence across store instances (a later visit of the hub) and reads it back equal', async () => {
    const result = await inPage<{ before: number; after: [string, unknown][]; saved: [string, unknown][] }>(`
      const scope = DA.cacheScope('https://dev.azure.com/Contoso/', 'project-id');
      const first = new DA.IndexedDbEvidenceStore();
      const before = (await first.load(scope)).size;
      const saved = new Map([entry('yaml:1:10:Production:1', undefined, { approvals: [{ approver: { id: 'a', displayName: 'Ann', uniqueName: 'ann@x' }, status: 'approved' }] }), entry('classic:77')]);
      await first.save(scope, saved);
      await first.close();  // after what was saved is written
      const after = await new DA.IndexedDbEvidenceStore().load(scope);
      return { before, after: [...after].sort(), saved: [...saved].sort() };
    `);
    expect(result.before).toBe(0);
    expect(result.after).toEqual(result.saved);
  });

  it('keeps organizations and projects apart (the scope is part of every key)', async () => {
    const sizes = await inPage<number[]>(`
      const store = new DA.IndexedDbEvidenceStore();
      await store.save(DA.cacheScope('https://dev.azure.com/contoso', 'shop'), new Map([entry('classic:1'), entry('classic:2')]));
      await store.save(DA.cacheScope('https://dev.azure.com/contoso', 'shop-eu'), new Map([entry('classic:1')]));
      return [
        (await store.load(DA.cacheScope('https://dev.azure.com/contoso', 'shop'))).size,
        (await store.load(DA.cacheScope('https://dev.azure.com/contoso', 'shop-eu'))).size,
        (await store.load(DA.cacheScope('https://dev.azure.com/fabrikam', 'shop'))).size,
      ];
    `);
    expect(sizes).toEqual([2, 1, 0]);
  });

  it('reads back only evidence of this engine version, and deletes older versions at the next save', async () => {
    const result = await inPage<{ loaded: string[]; stored: { key: string; version: number }[] }>(`
      const scope = DA.cacheScope('https://dev.azure.com/contoso', 'shop');
      const store = new DA.IndexedDbEvidenceStore();
      await store.save(scope, new Map([entry('classic:old', DA.EVIDENCE_CACHE_VERSION - 1), entry('classic:new')]));
      await store.written();
      const later = new DA.IndexedDbEvidenceStore();
      const loaded = await later.load(scope);
      await later.save(scope, loaded);
      await later.written();
      const db = await new Promise((resolve, reject) => { const r = indexedDB.open(DA.EVIDENCE_DATABASE); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      const stored = await new Promise((resolve) => { const r = db.transaction('evidence').objectStore('evidence').getAll(); r.onsuccess = () => resolve(r.result); });
      db.close();
      return { loaded: [...loaded.keys()], stored: stored.map((record) => ({ key: record.key, version: record.version })) };
    `);
    expect(result.loaded).toEqual(['classic:new']);
    expect(result.stored).toEqual([{ key: 'classic:new', version: expect.any(Number) }]);
  });

  it('writes only what changed: a second save of what was read writes nothing; a new deployment is one write', async () => {
    const counts = await inPage<{ unchanged: { puts: number; deletes: number }; added: { puts: number; deletes: number }; removed: { puts: number; deletes: number } }>(`
      const scope = DA.cacheScope('https://dev.azure.com/contoso', 'shop');
      const first = new DA.IndexedDbEvidenceStore();
      await first.save(scope, new Map(Array.from({ length: 40 }, (_, i) => entry('classic:' + i))));
      await first.written();
      const store = new DA.IndexedDbEvidenceStore({ sliceSize: 7 });
      const entries = await store.load(scope);
      const counter = countPuts();
      await store.save(scope, entries);
      await store.written();
      const unchanged = { ...counter };
      entries.set('classic:new', entry('classic:new')[1]);
      await store.save(scope, entries);
      await store.written();
      const added = { puts: counter.puts - unchanged.puts, deletes: counter.deletes - unchanged.deletes };
      entries.delete('classic:3');
      await store.save(scope, entries);
      await store.written();
      const removed = { puts: counter.puts - unchanged.puts - added.puts, deletes: counter.deletes - unchanged.deletes - added.deletes };
      return { unchanged, added, removed };
    `);
    expect(counts).toEqual({ unchanged: { puts: 0, deletes: 0 }, added: { puts: 1, deletes: 0 }, removed: { puts: 0, deletes: 1 } });
  });

  it('reads and writes in slices, and finds every record across them', async () => {
    const keys = await inPage<string[]>(`
      const scope = DA.cacheScope('https://dev.azure.com/contoso', 'shop');
      const store = new DA.IndexedDbEvidenceStore({ sliceSize: 3 });
      await store.save(scope, new Map(Array.from({ length: 10 }, (_, i) => entry('yaml:e:' + i + ':Production:1'))));
      await store.written();
      const later = new DA.IndexedDbEvidenceStore({ sliceSize: 3 });
      later.prefetch(scope);
      return [...(await later.load(scope)).keys()].sort();
    `);
    expect(keys).toEqual(Array.from({ length: 10 }, (_, i) => `yaml:e:${i}:Production:1`).sort());
  });

  it('ends a slice of a save after 20 ms of copying records, whatever the slice size, and still writes them all', async () => {
    const result = await inPage<{ transactions: number; puts: number; keys: number }>(`
      const scope = DA.cacheScope('https://dev.azure.com/contoso', 'shop');
      const store = new DA.IndexedDbEvidenceStore({ sliceSize: 500 });
      const counter = countPuts();
      let transactions = 0;
      const transaction = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (...args) { if (args[1] === 'readwrite') transactions++; return transaction.apply(this, args); };
      // A clock that moves 8 ms each time it is read: two records fit in 20 ms, the third starts a new slice.
      const now = Date.now;
      let clock = now();
      Date.now = () => (clock += 8);
      try {
        await store.save(scope, new Map(Array.from({ length: 12 }, (_, i) => entry('classic:' + i))));
        await store.written();
      } finally {
        Date.now = now;
        IDBDatabase.prototype.transaction = transaction;
      }
      const later = new DA.IndexedDbEvidenceStore();
      return { transactions, puts: counter.puts, keys: (await later.load(scope)).size };
    `);
    expect(result).toEqual({ transactions: 6, puts: 12, keys: 12 });
  });

  it('is the engine’s cache: what one audit remembers, the next gets back with its capture time', async () => {
    const kept = await inPage<{ capturedAt: string; runName: string } | null>(`
      const scope = DA.cacheScope('https://dev.azure.com/contoso', 'shop');
      const store = new DA.IndexedDbEvidenceStore();
      const first = new DA.EvidenceCache(store, scope);
      await first.get('yaml:1:10:Production:1');
      await first.remember([evidence('yaml:1:10:Production:1', { runName: 'kept run' }), evidence('yaml:1:11:Production:1', { finishedAt: null })]);
      await first.flush();
      store.prefetch(scope);
      const second = new DA.EvidenceCache(store, scope);
      if (await second.get('yaml:1:11:Production:1')) return null;
      const again = await second.get('yaml:1:10:Production:1');
      return again ? { capturedAt: again.capturedAt, runName: again.runName } : null;
    `);
    expect(kept).toEqual({ capturedAt: '2026-11-20T10:30:00.000Z', runName: 'kept run' });
  });

  it('writes after save() returns, and reads what was saved even while it is still being written', async () => {
    const result = await inPage<{ returnedBeforeWritten: boolean; read: number }>(`
      const scope = DA.cacheScope('https://dev.azure.com/contoso', 'shop');
      const store = new DA.IndexedDbEvidenceStore({ sliceSize: 50 });
      let written = false;
      await store.save(scope, new Map(Array.from({ length: 400 }, (_, i) => entry('classic:' + i))));
      store.written().then(() => { written = true; });
      const returnedBeforeWritten = !written;
      return { returnedBeforeWritten, read: (await store.load(scope)).size };
    `);
    expect(result).toEqual({ returnedBeforeWritten: true, read: 400 });
  });

  it('starts the next audit in the same page from what it holds: no waiting for the writes, no reading back', async () => {
    const result = await inPage<{ sizes: number[]; sameObject: boolean; reads: number }>(`
      const scope = DA.cacheScope('https://dev.azure.com/contoso', 'shop');
      const store = new DA.IndexedDbEvidenceStore({ sliceSize: 50 });
      const saved = new Map(Array.from({ length: 400 }, (_, i) => entry('classic:' + i)));
      saved.set('classic:old', entry('classic:old', DA.EVIDENCE_CACHE_VERSION - 1)[1]);
      await store.save(scope, saved);
      let reads = 0;
      const getAll = IDBObjectStore.prototype.getAll;
      IDBObjectStore.prototype.getAll = function (...args) { reads++; return getAll.apply(this, args); };
      store.prefetch(scope);
      const again = await store.load(scope);
      // And once more, as a third audit would, after the writes.
      await store.written();
      const third = await store.load(scope);
      IDBObjectStore.prototype.getAll = getAll;
      return { sizes: [again.size, third.size], sameObject: again.get('classic:7') === saved.get('classic:7'), reads };
    `);
    expect(result).toEqual({ sizes: [400, 400], sameObject: true, reads: 0 });
  });

  it('costs requests, never an audit, where the browser keeps nothing between visits (no IndexedDB, or it refuses)', async () => {
    const result = await inPage<{ none: number; refused: number; errors: string[] }>(`
      const errors = [];
      const onError = (error) => errors.push(error.message);
      const scope = DA.cacheScope('https://dev.azure.com/contoso', 'shop');
      const none = new DA.IndexedDbEvidenceStore({ factory: null, onError });
      await none.save(scope, new Map([entry('classic:1')]));
      const refusing = { open() { throw new DOMException('The operation is insecure.', 'SecurityError'); } };
      const refused = new DA.IndexedDbEvidenceStore({ factory: refusing, onError });
      await refused.save(scope, new Map([entry('classic:1')]));
      return { none: (await none.load(scope)).size, refused: (await refused.load(scope)).size, errors };
    `);
    // Nothing outlives the page; within it, the store still holds what was saved last.
    expect(result.none).toBe(1);
    expect(result.refused).toBe(1);
    expect(await inPage<number>(`
      const store = new DA.IndexedDbEvidenceStore({ factory: null });
      return (await store.load(DA.cacheScope('https://dev.azure.com/contoso', 'shop'))).size;
    `)).toBe(0);
    expect(result.errors[0]).toMatch(/keeps no evidence between audits: IndexedDB is not available/);
    expect(result.errors).toEqual(expect.arrayContaining([expect.stringMatching(/keeps no evidence between audits: The operation is insecure/)]));
  });
});
