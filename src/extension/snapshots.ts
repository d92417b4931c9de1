/**
 * Published snapshots in the Extension Data Service (issue 10, part 4). Heads live in one collection per project,
 * in the collection-wide ("Default") scope every member of the project reads; each snapshot's parts in a collection
 * of their own, so that listing the snapshots reads only heads. Documents are created, never set: a snapshot is
 * never overwritten, and publishing again makes a new one with a new id (the service refuses a taken id:
 * DocumentExistsException, 400).
 *
 * Parts are written first and the head last, so a listed snapshot has all its parts; opening one reads its parts
 * and checks every hash (core/snapshot). Nothing here asks Azure DevOps for evidence.
 */
import type { Identity } from '../core/model';
import type { AuditReport } from '../core/report';
import { buildSnapshot, openSnapshot, SNAPSHOT_KIND, type OpenedSnapshot, type PublishInput, type SnapshotHead, type SnapshotPart } from '../core/snapshot';
import type { IExtensionDataManager } from './services';

export const snapshotsCollection = (projectId: string): string => `snapshots-${projectId}`;
export const partsCollection = (snapshotId: string): string => `snapshot-parts-${snapshotId}`;

/** Parts written or read at once: a few requests in flight, as the hub's collection keeps them. */
const CONCURRENCY = 4;

export interface SnapshotProgress {
  stage: 'preparing' | 'writing' | 'reading';
  done: number;
  total: number;
}

export type SnapshotBuilder = (report: AuditReport, input: PublishInput) => Promise<{ head: SnapshotHead; parts: SnapshotPart[] }>;

export interface SnapshotStore {
  /**
   * Publishes a complete audit's report as a new snapshot; resolves with its head. `build` makes the parts
   * (core/snapshot's buildSnapshot by default; the hub's runs it in a worker).
   */
  publish(report: AuditReport, onProgress?: (progress: SnapshotProgress) => void, build?: SnapshotBuilder): Promise<SnapshotHead>;
  /** The project's snapshots, newest first. */
  list(): Promise<SnapshotHead[]>;
  /** A snapshot's report, reassembled and verified. */
  open(head: SnapshotHead, onProgress?: (progress: SnapshotProgress) => void): Promise<OpenedSnapshot>;
}

export interface SnapshotStoreDeps {
  dataManager: () => Promise<IExtensionDataManager>;
  projectId: string;
  /** Who publishes: the authenticated user as connectionData names them (null when it does not say). */
  publisher: () => Promise<Identity | null>;
  now?: () => Date;
  newId?: () => string;
}

/** A random id (UUID v4 form) from the platform's generator: ids are never reused, so documents are never overwritten. */
export function randomSnapshotId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function inTurn<T>(items: readonly T[], run: (item: T) => Promise<void>, onDone: () => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await run(item);
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

/** The stored documents without what the service adds (__etag), as the head and parts were written. */
function headOf(document: Record<string, unknown>): SnapshotHead {
  const { __etag: _etag, ...head } = document;
  return head as unknown as SnapshotHead;
}

const isHead = (document: unknown): document is Record<string, unknown> =>
  !!document && typeof document === 'object' && (document as { kind?: unknown }).kind === SNAPSHOT_KIND && Array.isArray((document as { parts?: unknown }).parts);

export function createSnapshotStore(deps: SnapshotStoreDeps): SnapshotStore {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? randomSnapshotId;
  return {
    async publish(report, onProgress, build = buildSnapshot) {
      if (report.manifest?.collection) throw new Error('Only a complete audit can be published: this one stopped before every deployment was collected.');
      const [manager, publishedBy] = await Promise.all([deps.dataManager(), deps.publisher()]);
      onProgress?.({ stage: 'preparing', done: 0, total: 1 });
      const { head, parts } = await build(report, { id: newId(), publishedAt: now(), publishedBy });
      const collection = partsCollection(head.id);
      let done = 0;
      onProgress?.({ stage: 'writing', done, total: parts.length + 1 });
      await inTurn(
        parts,
        async (part: SnapshotPart) => {
          await manager.createDocument(collection, { ...part });
        },
        () => onProgress?.({ stage: 'writing', done: ++done, total: parts.length + 1 }),
      );
      await manager.createDocument(snapshotsCollection(deps.projectId), { ...head });
      onProgress?.({ stage: 'writing', done: parts.length + 1, total: parts.length + 1 });
      return head;
    },

    async list() {
      const manager = await deps.dataManager();
      let documents: unknown[];
      try {
        documents = (await manager.getDocuments(snapshotsCollection(deps.projectId))) as unknown[];
      } catch (error) {
        // Nothing published in this project yet: the service says the collection does not exist.
        if ((error as { status?: number }).status === 404) return [];
        throw error;
      }
      return documents
        .filter(isHead)
        .map(headOf)
        .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0));
    },

    async open(head, onProgress) {
      const manager = await deps.dataManager();
      const collection = partsCollection(head.id);
      const parts: SnapshotPart[] = [];
      let done = 0;
      onProgress?.({ stage: 'reading', done, total: head.parts.length });
      await inTurn(
        head.parts,
        async (ref) => {
          try {
            parts.push((await manager.getDocument(collection, ref.id)) as SnapshotPart);
          } catch (error) {
            // A part that is gone is named by the verification; anything else is a failure to read.
            if ((error as { status?: number }).status !== 404) throw error;
          }
        },
        () => onProgress?.({ stage: 'reading', done: ++done, total: head.parts.length }),
      );
      return openSnapshot(head, parts);
    },
  };
}
