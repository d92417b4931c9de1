/**
 * Evidence of finished deployments does not change: an audit keeps it and reads it back instead of asking Azure
 * DevOps again. It even outlives retention: a build deleted since is still proven by what was captured.
 * Storage is pluggable: a directory on the command line, IndexedDB in the browser.
 */
import type { DeploymentEvidence } from '../model';

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
 * Only finished deployments whose evidence was read in full, of builds that finished too, are kept (a YAML run goes
 * on after its production stage, and its result and tests with it); anything else is asked for again.
 */
export const isCacheable = (evidence: DeploymentEvidence): boolean =>
  evidence.finishedAt !== null &&
  evidence.result !== 'inProgress' &&
  evidence.errors.length === 0 &&
  evidence.builds.every((build) => build.status === 'completed');

export const cacheScope = (orgUrl: string, project: string): string => `${orgUrl.replace(/\/+$/, '').toLowerCase()}|${project.toLowerCase()}`;

export class EvidenceCache {
  private entries: Map<string, CachedEvidence> | null = null;
  private dirty = false;

  constructor(
    private readonly store: EvidenceStore,
    private readonly scope: string,
  ) {}

  private async all(): Promise<Map<string, CachedEvidence>> {
    this.entries ??= await this.store.load(this.scope);
    return this.entries;
  }

  /** The kept evidence of a deployment, if any of this engine version. */
  async get(key: string): Promise<DeploymentEvidence | undefined> {
    const entry = (await this.all()).get(key);
    return entry?.version === EVIDENCE_CACHE_VERSION ? entry.evidence : undefined;
  }

  async remember(evidence: DeploymentEvidence[]): Promise<void> {
    const entries = await this.all();
    for (const item of evidence) {
      if (!isCacheable(item)) continue;
      entries.set(item.key, { version: EVIDENCE_CACHE_VERSION, evidence: item });
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
