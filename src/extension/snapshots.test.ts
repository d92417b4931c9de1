/**
 * Snapshots in the Extension Data Service, over the host simulator's document store (which answers as
 * ExtensionManagement does): heads listed per project, parts per snapshot, never overwritten, verified on opening.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExtensionDataStore } from '../../test/host-simulator/extension-data';
import { sampleDeployments } from '../../test/support/fake-audit-service';
import { buildReport } from '../core/engine/report';
import { defaultPolicy } from '../core/policy';
import type { AuditReport, ReportManifest } from '../core/report';
import { SNAPSHOT_DOCUMENT_BYTES } from '../core/snapshot';
import type { IExtensionDataManager } from './services';
import { createSnapshotStore, partsCollection, randomSnapshotId, snapshotsCollection, type SnapshotStoreDeps } from './snapshots';

const EXT = 'fabrikam.deploy-audit';
const BY = { id: 'user-alice', displayName: 'Alice Director', uniqueName: 'alice@contoso.com' };
let dir: string;
let store: ExtensionDataStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshots-'));
  store = new ExtensionDataStore(path.join(dir, 'data.json'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The data manager as the host hands it out: every call asynchronous, failures as the REST layer's errors. */
function manager(user = 'alice'): IExtensionDataManager {
  const call = (op: string) => async (...args: unknown[]) => store.handle(op, JSON.parse(JSON.stringify(args)) as unknown[], EXT, user);
  return Object.fromEntries(
    ['getValue', 'setValue', 'getDocument', 'getDocuments', 'createDocument', 'setDocument', 'updateDocument', 'deleteDocument', 'queryCollectionsByName', 'queryCollections'].map(
      (op) => [op, call(op)],
    ),
  ) as unknown as IExtensionDataManager;
}

function reportOf(count: number, collection: ReportManifest['collection'] = null): AuditReport {
  return buildReport({
    orgUrl: 'https://dev.azure.com/contoso',
    project: 'Shop',
    window: { from: new Date('2026-10-22T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') },
    policy: defaultPolicy(),
    deployments: sampleDeployments(count),
    generatedAt: new Date('2026-11-21T08:00:00Z'),
    manifest: { generator: 'hub', ranBy: BY, projectId: 'project-shop', policySource: { kind: 'defaults' }, collection },
  });
}

const deps = (overrides: Partial<SnapshotStoreDeps> = {}): SnapshotStoreDeps => {
  let minute = 0;
  return {
    dataManager: async () => manager(),
    projectId: 'project-shop',
    publisher: async () => BY,
    now: () => new Date(Date.parse('2026-11-21T09:00:00Z') + 60_000 * minute++),
    ...overrides,
  };
};

it('publishes a report as parts and a head, lists heads newest first, and opens it verified', async () => {
  const snapshots = createSnapshotStore(deps());
  const report = reportOf(400);
  const progress: number[] = [];
  const first = await snapshots.publish(report, (p) => progress.push(p.done));
  const second = await snapshots.publish(report);
  expect(first.id).not.toBe(second.id);
  expect(first.parts.length).toBeGreaterThan(1);
  expect(progress.at(-1)).toBe(first.parts.length + 1);
  expect(first).toMatchObject({ publishedBy: BY, deployments: 400, window: report.window });

  const stored = store.snapshot().extensions[EXT]['Default/Current'];
  expect(Object.keys(stored[snapshotsCollection('project-shop')]).sort()).toEqual([first.id, second.id].sort());
  for (const part of Object.values(stored[partsCollection(first.id)])) expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThanOrEqual(SNAPSHOT_DOCUMENT_BYTES);

  // Another user (an auditor) lists and opens them: the collection is the project's, not the publisher's.
  const auditor = createSnapshotStore(deps({ dataManager: async () => manager('bob') }));
  const listed = await auditor.list();
  expect(listed.map((head) => head.id)).toEqual([second.id, first.id]);
  const opened = await auditor.open(listed[1]);
  expect(opened.verification).toEqual({ verified: true, problems: [] });
  expect(opened.report.deployments.map((d) => d.key)).toEqual(report.deployments.map((d) => d.key));
});

it('never overwrites: an id already taken is refused (400 DocumentExistsException) and the first snapshot stays as it was', async () => {
  const snapshots = createSnapshotStore(deps({ newId: () => 'same-id' }));
  await snapshots.publish(reportOf(3));
  await expect(snapshots.publish(reportOf(5))).rejects.toMatchObject({ status: 400 });
  const [head] = await snapshots.list();
  expect(head.deployments).toBe(3);
  expect((await snapshots.open(head)).verification.verified).toBe(true);
});

it('opens a snapshot whose part was edited in the store as not verified, naming the part', async () => {
  const snapshots = createSnapshotStore(deps());
  const head = await snapshots.publish(reportOf(400));
  const part = store.handle('getDocument', [partsCollection(head.id), head.parts[0].id], EXT, 'mallory') as { text: string };
  store.handle('setDocument', [partsCollection(head.id), { ...part, text: part.text.replace('"pass"', '"fail"'), __etag: -1 }], EXT, 'mallory');
  const opened = await snapshots.open(head);
  expect(opened.verification.verified).toBe(false);
  expect(opened.verification.problems[0]).toMatch(/^part 1 of \d+ does not match its SHA-256/);
});

it('publishes only a complete audit', async () => {
  const snapshots = createSnapshotStore(deps());
  await expect(snapshots.publish(reportOf(3, { state: 'cancelled', collected: 3, total: 10 }))).rejects.toThrow(/complete audit/);
  expect(await snapshots.list()).toEqual([]);
});

it('makes random ids in the UUID form', () => {
  const ids = new Set(Array.from({ length: 50 }, randomSnapshotId));
  expect(ids.size).toBe(50);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
