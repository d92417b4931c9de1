/**
 * Evidence of finished deployments does not change: an audit keeps it and reads it back instead of asking Azure
 * DevOps again. It even outlives retention: a build deleted since is still proven by what was captured.
 * Storage is pluggable: a directory on the command line, IndexedDB in the browser.
 */
import type { DeploymentEvidence } from '../model';
import { isValidEvidence } from './evidence-schema';

/** Bump when the evidence's shape or the way it is collected changes: older entries are then ignored. */
export const EVIDENCE_CACHE_VERSION = 2;

export interface CachedEvidence {
  version: number;
  evidence: DeploymentEvidence;
}

/** Where cached evidence lives, one scope (organization and project) at a time. */
export interface EvidenceStore {
  load(scope: string): Promise<Map<string, CachedEvidence>>;
  save(scope: string, entries: Map<string, CachedEvidence>): Promise<void>;
}

/**
 * Only finished deployments, of builds that finished too, are kept (a YAML run goes on after its production stage, and
 * its result and tests with it), with their evidence read in full or missing only what is gone for good: a 404 (a
 * build or a run removed by retention, and what hangs off it) does not come back, so asking again would cost requests
 * every audit for the same answer. Anything else (access denied, a failing service, a bad answer) is asked again.
 */
export const isCacheable = (evidence: DeploymentEvidence): boolean =>
  evidence.finishedAt !== null &&
  evidence.result !== 'inProgress' &&
  evidence.errors.every((error) => error.status === 404) &&
  evidence.builds.every((build) => build.status === 'completed');

/** Evidence is kept per organization and project, and in a shared store (a browser) per user. */
export const cacheScope = (orgUrl: string, project: string, user?: string): string =>
  `${orgUrl.replace(/\/+$/, '').toLowerCase()}|${project.toLowerCase()}${user ? `|${user.toLowerCase()}` : ''}`;

/**
 * Evidence already validated, or written by this engine, in this process: a store that hands the same objects to the
 * next audit (the hub's, within a page) is not checked again. Kept evidence is never changed once read.
 */
const checked = new WeakSet<object>();

export class EvidenceCache {
  private entries: Map<string, CachedEvidence> | null = null;
  private dirty = false;

  constructor(
    private readonly store: EvidenceStore,
    private readonly scope: string,
    /** Collect afresh: what is kept is not read back, but what is collected is kept for the next audit. */
    private readonly options: { fresh?: boolean } = {},
  ) {}

  private async all(): Promise<Map<string, CachedEvidence>> {
    this.entries ??= await this.store.load(this.scope);
    return this.entries;
  }

  /**
   * The kept evidence of a deployment, if any of this engine version and of the shape the engine writes: an entry
   * that is not (a file edited by hand, a store written by something else) is ignored, and collected again.
   */
  async get(key: string): Promise<DeploymentEvidence | undefined> {
    if (this.options.fresh) return undefined;
    const entry = (await this.all()).get(key);
    if (entry?.version !== EVIDENCE_CACHE_VERSION) return undefined;
    if (entry.evidence?.key !== key) return undefined;
    if (!checked.has(entry.evidence)) {
      if (!isValidEvidence(entry.evidence)) return undefined;
      checked.add(entry.evidence);
    }
    return entry.evidence;
  }

  async remember(evidence: DeploymentEvidence[]): Promise<void> {
    const entries = await this.all();
    for (const item of evidence) {
      if (!isCacheable(item)) continue;
      entries.set(item.key, { version: EVIDENCE_CACHE_VERSION, evidence: item });
      checked.add(item);
      this.dirty = true;
    }
  }

  async flush(): Promise<void> {
    if (this.dirty && this.entries) await this.store.save(this.scope, this.entries);
    this.dirty = false;
  }
}

/** A store in memory, for tests and for a single session of the hub. */
export class MemoryEvidenceStore implements EvidenceStore {
  private readonly scopes = new Map<string, Map<string, CachedEvidence>>();

  async load(scope: string): Promise<Map<string, CachedEvidence>> {
    return new Map(this.scopes.get(scope) ?? []);
  }

  async save(scope: string, entries: Map<string, CachedEvidence>): Promise<void> {
    this.scopes.set(scope, new Map(entries));
  }
}
