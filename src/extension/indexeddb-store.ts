/**
 * The hub's evidence cache in the browser: IndexedDB, one record per deployment, keyed by scope (organization and
 * project, cacheScope) and the deployment's key, each with the engine's cache version (EVIDENCE_CACHE_VERSION).
 *
 *   const store = new IndexedDbEvidenceStore();
 *   const cache = new EvidenceCache(store, cacheScope(orgUrl, projectId));
 *
 * - Only records of this engine version are read back; older ones are deleted at the next save.
 * - A save writes only what changed since the scope was read (the cache hands back the entries it was given, so an
 *   unchanged entry is the same object): a second audit of 20,000 kept deployments writes nothing.
 * - Reads and writes go in slices, each its own transaction, with a pause between them, so that tens of thousands
 *   of deployments never freeze the page (structured cloning happens on the main thread).
 * - Writing goes on after save() returns (20,000 new deployments take seconds), so an audit is done as soon as its
 *   evidence is. The scope last saved or read is also held in memory (the same objects the page shows): the next
 *   audit in this page starts from it at once, instead of waiting for the writes and reading it all back.
 * - Whatever goes wrong (no IndexedDB in a locked-down browser, a full quota, a database another version of the
 *   extension is upgrading) costs requests, never an audit: nothing is kept beyond the page, and onError says why.
 */
import { EVIDENCE_CACHE_VERSION, type CachedEvidence, type EvidenceStore } from '../core/cache/evidence-cache';
import type { DeploymentEvidence } from '../core/model';
import { pause } from '../core/pause';

/** The longest a slice of a save copies records for before committing and letting the page run (ms). */
const WRITE_SLICE_MS = 20;

export const EVIDENCE_DATABASE = 'deploy-audit-evidence';
/** The database's layout (object stores), not the evidence's: the evidence's version is in each record. */
const SCHEMA_VERSION = 1;
const RECORDS = 'evidence';

/** What one record holds. */
export interface EvidenceRecord {
  scope: string;
  key: string;
  version: number;
  evidence: DeploymentEvidence;
}

export interface IndexedDbEvidenceStoreOptions {
  /** Default: the page's indexedDB. */
  factory?: IDBFactory | null;
  /** Default EVIDENCE_DATABASE. */
  databaseName?: string;
  /** Records per transaction when reading or writing. Default 500. */
  sliceSize?: number;
  /** Hears why the cache could not be used (the audit goes on without it). */
  onError?: (error: Error) => void;
}

/** The page's IndexedDB, or null where there is none (Node) or the page may not touch it (an opaque origin throws). */
export function pageIndexedDb(): IDBFactory | null {
  try {
    return typeof indexedDB === 'undefined' ? null : indexedDB;
  } catch {
    return null;
  }
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function completed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
  });
}

/** Every record of a scope: keys are [scope, key], and an array sorts after any string. */
const scopeRange = (scope: string, after?: string) =>
  after === undefined ? IDBKeyRange.bound([scope], [scope, []]) : IDBKeyRange.bound([scope, after], [scope, []], true, false);

const isRecord = (value: unknown, scope: string): value is EvidenceRecord => {
  const record = value as EvidenceRecord | null;
  return !!record && record.scope === scope && typeof record.key === 'string' && typeof record.version === 'number' && typeof record.evidence === 'object' && record.evidence !== null;
};

export class IndexedDbEvidenceStore implements EvidenceStore {
  private readonly factory: IDBFactory | null;
  private readonly databaseName: string;
  private readonly sliceSize: number;
  private readonly onError: (error: Error) => void;
  private database: Promise<IDBDatabase | null> | null = null;
  /** Per scope, what the database holds as last read or written: entries by identity (null: a record not of this version). */
  private readonly held = new Map<string, Map<string, CachedEvidence | null>>();
  /** Reads started ahead of load() (prefetch). */
  private readonly pending = new Map<string, Promise<Map<string, CachedEvidence>>>();
  /** Writes still going on, one after the other. */
  private writing: Promise<void> = Promise.resolve();
  /** The scope last saved or read, as the database holds it or soon will. */
  private latest: { scope: string; entries: Map<string, CachedEvidence> } | null = null;

  constructor(options: IndexedDbEvidenceStoreOptions = {}) {
    this.factory = options.factory !== undefined ? options.factory : pageIndexedDb();
    this.databaseName = options.databaseName ?? EVIDENCE_DATABASE;
    this.sliceSize = Math.max(1, options.sliceSize ?? 500);
    this.onError = options.onError ?? (() => undefined);
  }

  /** Starts reading a scope now (say, while the deployments are being listed); the next load() gets it. */
  prefetch(scope: string): void {
    if (this.latest?.scope !== scope && !this.pending.has(scope)) this.pending.set(scope, this.read(scope));
  }

  async load(scope: string): Promise<Map<string, CachedEvidence>> {
    const pending = this.pending.get(scope);
    this.pending.delete(scope);
    if (!pending && this.latest?.scope === scope) {
      return new Map([...this.latest.entries].filter(([, entry]) => entry.version === EVIDENCE_CACHE_VERSION));
    }
    const entries = await (pending ?? this.read(scope));
    this.latest = { scope, entries: new Map(entries) };
    return entries;
  }

  /** Starts writing what changed; resolves at once (written(): when it is done). Errors go to onError. */
  async save(scope: string, entries: Map<string, CachedEvidence>): Promise<void> {
    // The entries as they are now: the cache may go on changing its map.
    const snapshot = new Map(entries);
    this.latest = { scope, entries: snapshot };
    this.writing = this.writing.then(() => this.write(scope, snapshot));
  }

  /** Resolves when everything saved so far is written. */
  written(): Promise<void> {
    return this.writing;
  }

  private async write(scope: string, entries: Map<string, CachedEvidence>): Promise<void> {
    const database = await this.open();
    if (!database) return;
    try {
      const held = this.held.get(scope) ?? (await this.readKeys(database, scope));
      const writes: EvidenceRecord[] = [];
      for (const [key, entry] of entries) {
        if (held.get(key) !== entry) writes.push({ scope, key, version: entry.version, evidence: entry.evidence });
      }
      const deletes = [...held.keys()].filter((key) => !entries.has(key));
      let written = 0;
      let deleted = 0;
      while (written < writes.length || deleted < deletes.length) {
        const transaction = database.transaction(RECORDS, 'readwrite', { durability: 'relaxed' });
        const records = transaction.objectStore(RECORDS);
        // put() copies the record on this thread: a slice ends at sliceSize records or WRITE_SLICE_MS, whichever is
        // first, so that the page is never held up for long by a background save.
        const [fromWritten, fromDeleted, started] = [written, deleted, Date.now()];
        const sliceLeft = () => written + deleted - fromWritten - fromDeleted < this.sliceSize && Date.now() - started < WRITE_SLICE_MS;
        while ((written < writes.length || deleted < deletes.length) && sliceLeft()) {
          if (written < writes.length) records.put(writes[written++]);
          else records.delete([scope, deletes[deleted++]]);
        }
        await completed(transaction);
        for (const record of writes.slice(fromWritten, written)) held.set(record.key, entries.get(record.key)!);
        for (const key of deletes.slice(fromDeleted, deleted)) held.delete(key);
        await pause();
      }
      // Unless a newer read of the scope replaced it meanwhile (then that read knows best).
      if (!this.held.has(scope)) this.held.set(scope, held);
    } catch (error) {
      // What was written stays written; `held` says which, so the next save writes the rest.
      this.fail('The evidence could not be kept in this browser', error);
    }
  }

  /** Forgets a scope's kept evidence (every version). */
  async clear(scope: string): Promise<void> {
    await this.writing;
    const database = await this.open();
    if (!database) return;
    const transaction = database.transaction(RECORDS, 'readwrite');
    transaction.objectStore(RECORDS).delete(scopeRange(scope));
    await completed(transaction);
    this.held.set(scope, new Map());
    if (this.latest?.scope === scope) this.latest = null;
  }

  /** Closes the database (a later call opens it again). */
  async close(): Promise<void> {
    await this.writing;
    const database = await this.database;
    this.database = null;
    database?.close();
  }

  private async read(scope: string): Promise<Map<string, CachedEvidence>> {
    const entries = new Map<string, CachedEvidence>();
    await this.writing;
    const database = await this.open();
    if (!database) return entries;
    const held = new Map<string, CachedEvidence | null>();
    try {
      let after: string | undefined;
      for (;;) {
        const transaction = database.transaction(RECORDS, 'readonly');
        const records = await done(transaction.objectStore(RECORDS).getAll(scopeRange(scope, after), this.sliceSize));
        for (const record of records) {
          if (!isRecord(record, scope)) continue;
          if (record.version === EVIDENCE_CACHE_VERSION) {
            const entry: CachedEvidence = { version: record.version, evidence: record.evidence };
            entries.set(record.key, entry);
            held.set(record.key, entry);
          } else {
            held.set(record.key, null);
          }
        }
        if (records.length < this.sliceSize) break;
        after = (records[records.length - 1] as EvidenceRecord).key;
        await pause();
      }
      this.held.set(scope, held);
      return entries;
    } catch (error) {
      this.fail('The evidence kept in this browser could not be read', error);
      this.held.delete(scope);
      return new Map();
    }
  }

  private async readKeys(database: IDBDatabase, scope: string): Promise<Map<string, CachedEvidence | null>> {
    const transaction = database.transaction(RECORDS, 'readonly');
    const keys = await done(transaction.objectStore(RECORDS).getAllKeys(scopeRange(scope)));
    return new Map(keys.map((key) => [String((key as [string, string])[1]), null]));
  }

  private open(): Promise<IDBDatabase | null> {
    this.database ??= new Promise<IDBDatabase | null>((resolve) => {
      const unavailable = (error: unknown) => {
        this.fail('This browser keeps no evidence between audits', error);
        resolve(null);
      };
      if (!this.factory) return unavailable(new Error('IndexedDB is not available'));
      let request: IDBOpenDBRequest;
      try {
        request = this.factory.open(this.databaseName, SCHEMA_VERSION);
      } catch (error) {
        // A sandboxed frame or a locked-down profile throws (SecurityError).
        return unavailable(error);
      }
      request.onupgradeneeded = () => {
        const database = request.result;
        if (!database.objectStoreNames.contains(RECORDS)) database.createObjectStore(RECORDS, { keyPath: ['scope', 'key'] });
      };
      request.onsuccess = () => {
        const database = request.result;
        // Another tab with a newer extension wants to upgrade the layout: let it, and open again when needed.
        database.onversionchange = () => {
          database.close();
          this.database = null;
        };
        database.onclose = () => {
          this.database = null;
        };
        resolve(database);
      };
      request.onerror = () => unavailable(request.error);
      request.onblocked = () => undefined;
    });
    return this.database;
  }

  private fail(what: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.onError(new Error(`${what}: ${reason}`));
  }
}
