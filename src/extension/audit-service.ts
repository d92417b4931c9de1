/**
 * The data-access layer of the extension: everything a view needs from Azure DevOps and the host, behind one
 * interface. Views hold an AuditService and never call REST or the SDK; tests give them a fake one.
 *
 * createAuditService builds the real one from the host context (host.ts) and the host services it is handed
 * (connect.ts hands it the SDK's); it runs the core engine unchanged, over a transport with the user's token.
 */
import { AdoClient } from '../core/ado/client';
import type { EvidenceCache } from '../core/cache/evidence-cache';
import { collectEvidence, type CollectProgress, type PopulationFacts } from '../core/engine/collect';
import { collectReleaseDeployments, collectRunDeployments } from '../core/engine/scoped';
import type { AuditWindow } from '../core/engine/window';
import { httpUrl } from '../core/export/text';
import type { DeploymentEvidence } from '../core/model';
import { defaultPolicy, type Policy, type PolicyInput } from '../core/policy';
import { GitPolicyError, readGitPolicy } from '../core/policy-source/git-policy';
import { listRepositories, type RepositoryChoice } from '../core/policy-source/repositories';
import { AdoHttp, type Fetch, type ThrottleEvent } from '../core/transport/http';
import { readRanBy } from '../core/ado/ran-by';
import type { CurrentUser, HostContext } from './host';
import { checkSettingsPermission, type EditPermission } from './permissions';
import type { IExtensionDataManager, IHostNavigationService, IVssIdentityService } from './services';
import type { DirectoryIdentity } from './approvers';
import { createSnapshotStore, type SnapshotStore } from './snapshots';
import {
  gitLocation,
  nextSettings,
  PolicyValidationError,
  readStoredSettings,
  settingsKey,
  type PolicySourceChoice,
  validatePolicy,
  type ProjectSettings,
  type StoredSettings,
} from './settings';

/** Where getValue/setValue keep values: documents of this collection, the value under `value`. */
const SETTINGS_COLLECTION = '$settings';
const SAVE_ATTEMPTS = 3;

/** The settings document and its version; a document that does not exist yet has none. */
async function readSettingsDocument(manager: IExtensionDataManager, key: string): Promise<{ value: StoredSettings | null; etag: number | null }> {
  try {
    const document = (await manager.getDocument(SETTINGS_COLLECTION, key)) as { value?: StoredSettings; __etag?: number } | null;
    if (!document) return { value: null, etag: null };
    return { value: document.value ?? null, etag: typeof document.__etag === 'number' ? document.__etag : null };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { value: null, etag: null };
    throw error;
  }
}

export interface AuditContext {
  orgUrl: string;
  project: { id: string; name: string };
  user: CurrentUser;
}

export interface CollectRequest {
  window: AuditWindow;
  policy: Policy;
  /** Production environments replacing the policy's list for this audit. */
  environments?: string[];
  signal?: AbortSignal;
  onProgress?: (progress: CollectProgress) => void;
  onDeployments?: (deployments: DeploymentEvidence[]) => void;
  /** How the list of deployments was made: what each production pattern matched, what was left out. */
  onPopulation?: (population: PopulationFacts) => void;
  /** Collect afresh: ask Azure DevOps for everything, ignoring the evidence kept in this browser. */
  fresh?: boolean;
  /** Azure DevOps asked us to wait this long before the next request. */
  onThrottle?: (event: ThrottleEvent) => void;
}

export interface ScopedRequest {
  policy: Policy;
  signal?: AbortSignal;
}

/** A file for the user to keep (an export). */
export interface SavedFile {
  name: string;
  mediaType: string;
  content: string | Uint8Array;
}

export interface AuditService {
  readonly context: AuditContext;
  /** The project's policy (the defaults when none was saved). */
  loadSettings(): Promise<ProjectSettings>;
  /**
   * Validates and saves a policy and where the hub and tabs read it (default: these settings); a Git source is read
   * first and refused with the reason when it cannot be. Throws PolicyValidationError naming each bad field, or when
   * not allowed. Every save appends to the settings' history.
   */
  saveSettings(input: PolicyInput, source?: PolicySourceChoice): Promise<ProjectSettings>;
  /** The project's Git repositories, for choosing the one that holds the policy file. */
  listRepositories(): Promise<RepositoryChoice[]>;
  /** People and groups whose names start with the query, from the host's identity search (the people picker's). */
  searchIdentities(query: string): Promise<DirectoryIdentity[]>;
  /** Whether the user may change the settings (project administrators), and why not. */
  settingsPermission(): Promise<EditPermission>;
  /** Every production deployment in the window with its evidence (the command line's audit). */
  collect(request: CollectRequest): Promise<DeploymentEvidence[]>;
  /** The production deployments of one classic release. */
  collectRelease(releaseId: number, request: ScopedRequest): Promise<DeploymentEvidence[]>;
  /** The production deployments of one YAML run. */
  collectRun(runId: number, request: ScopedRequest): Promise<DeploymentEvidence[]>;
  /** Opens a link to evidence in Azure DevOps in a new window, through the host. Only http(s) links open. */
  openLink(url: string): void;
  /** Hands a file to the browser to download. */
  saveFile(file: SavedFile): void;
  /** The project's published snapshots (snapshots.ts); absent where none can be kept. */
  readonly snapshots?: SnapshotStore;
}

/**
 * Deployments whose evidence is collected together. The engine's default (200) shares the most requests; the hub
 * uses smaller batches so that the first rows show within a couple of seconds of Collect: the first batch of 200
 * needs about 700 requests before any row can be judged, one of 50 about 180, and the whole audit asks about 2 % more
 * (3.53 requests a deployment instead of 3.46 on the demo organization).
 */
export const HUB_BATCH_SIZE = 50;

export interface AuditServiceDeps {
  host: HostContext;
  dataManager: () => Promise<IExtensionDataManager>;
  navigation: () => Promise<IHostNavigationService>;
  /** The host's identity service (ms.vss-features.identity-service). */
  identities: () => Promise<IVssIdentityService>;
  saveFile: (file: SavedFile) => void;
  /**
   * Evidence kept from earlier audits in this browser (optional): a cache per audit, over what the browser keeps;
   * `fresh`: what is kept is not read back (the new evidence is kept all the same).
   */
  cache?: (options?: { fresh?: boolean }) => Promise<EvidenceCache | undefined>;
  /** Hears that kept evidence could not be saved (the audit is whole; the next one asks again). */
  onCacheError?: (error: unknown) => void;
  /** Deployments collected together (HUB_BATCH_SIZE). */
  batchSize?: number;
  fetch?: Fetch;
}

export function createAuditService(deps: AuditServiceDeps): AuditService {
  const { host } = deps;
  const context: AuditContext = { orgUrl: host.orgUrl, project: host.project, user: host.user };
  const http = (options: { signal?: AbortSignal; onThrottle?: (event: ThrottleEvent) => void } = {}) =>
    new AdoHttp({ auth: host.auth, fetch: deps.fetch, signal: options.signal, onThrottle: options.onThrottle });
  // A location the host names outside Azure DevOps is not given the token: the console says so, the audit goes on.
  const client = (transport: AdoHttp) =>
    AdoClient.withHosts(transport, host.orgUrl, host.project.name, host.areas, { warn: (message) => console.warn(`Deploy Audit: ${message}`) });
  let permission: Promise<EditPermission> | null = null;

  /** With the Git source, the policy is the file's at its latest commit; a file that cannot be read is a problem, said. */
  const resolveGitSource = async (settings: ProjectSettings): Promise<ProjectSettings> => {
    const location = gitLocation(settings.stored);
    if (!location || settings.problem) return settings;
    try {
      const { policy, source } = await readGitPolicy(client(http()), location);
      return { ...settings, policy, git: source };
    } catch (error) {
      if (!(error instanceof GitPolicyError)) throw error;
      return { ...settings, policy: defaultPolicy(), problem: `the policy file in Git could not be read: ${error.message}` };
    }
  };

  const service: AuditService = {
    context,

    async loadSettings() {
      const manager = await deps.dataManager();
      const value = await manager.getValue<StoredSettings | null>(settingsKey(host.project.id), { defaultValue: null });
      return resolveGitSource(readStoredSettings(value));
    },

    async saveSettings(input, source = { kind: 'settings' }) {
      const errors = validatePolicy(input);
      if (errors) throw new PolicyValidationError(errors);
      const allowed = await service.settingsPermission();
      if (!allowed.canEdit) throw new PolicyValidationError({ policy: allowed.reason ?? 'You cannot change these settings.' });
      const manager = await deps.dataManager();
      const key = settingsKey(host.project.id);
      const by = { id: host.user.id, displayName: host.user.displayName, uniqueName: host.user.name };
      // Written against the version read: two administrators saving at once both land in the history, the later
      // one applied to what the earlier one saved, instead of the later write silently dropping the earlier entry.
      for (let attempt = 1; ; attempt++) {
        const current = await readSettingsDocument(manager, key);
        const document = nextSettings(readStoredSettings(current.value).stored, input, source, by, new Date().toISOString());
        // A Git source that cannot be read is refused before it is saved: the hub would otherwise audit under nothing.
        const settings = await resolveGitSource(readStoredSettings(document));
        if (settings.problem) throw new PolicyValidationError({ source: settings.problem });
        try {
          if (current.etag === null) await manager.createDocument(SETTINGS_COLLECTION, { id: key, value: document });
          else await manager.setDocument(SETTINGS_COLLECTION, { id: key, __etag: current.etag, value: document });
          return settings;
        } catch (error) {
          // Another save came first (the service refuses a stale etag or a taken id): read it again and apply on top.
          if (attempt >= SAVE_ATTEMPTS || (await readSettingsDocument(manager, key)).etag === current.etag) throw error;
        }
      }
    },

    listRepositories() {
      return listRepositories(client(http()));
    },

    async searchIdentities(query) {
      if (!query.trim()) return [];
      // Users and groups of the organization's directory ("ims") and its source directory, as the host's pickers ask.
      const found = await (await deps.identities()).searchIdentitiesAsync(query, ['user', 'group'], ['ims', 'source']);
      return found as DirectoryIdentity[];
    },

    settingsPermission() {
      permission ??= checkSettingsPermission(http(), host.orgUrl, host.project.id);
      return permission;
    },

    async collect(request) {
      const transport = http({ signal: request.signal, onThrottle: request.onThrottle });
      return collectEvidence({
        client: client(transport),
        policy: request.policy,
        window: request.window,
        environments: request.environments,
        signal: request.signal,
        onProgress: request.onProgress,
        onDeployments: request.onDeployments,
        onPopulation: request.onPopulation,
        batchSize: deps.batchSize ?? HUB_BATCH_SIZE,
        cache: await deps.cache?.({ fresh: request.fresh ?? false }),
        onCacheError: deps.onCacheError,
      });
    },

    collectRelease(releaseId, request) {
      const transport = http({ signal: request.signal });
      return collectReleaseDeployments({ client: client(transport), policy: request.policy, releaseId, signal: request.signal });
    },

    collectRun(runId, request) {
      const transport = http({ signal: request.signal });
      return collectRunDeployments({ client: client(transport), policy: request.policy, runId, signal: request.signal });
    },

    openLink(url) {
      const href = httpUrl(url);
      if (!href) return;
      void deps.navigation().then((navigation) => navigation.openNewWindow(href, ''));
    },

    saveFile(file) {
      deps.saveFile(file);
    },

    snapshots: createSnapshotStore({
      dataManager: deps.dataManager,
      projectId: host.project.id,
      // The publisher as connectionData names the token's owner, else as the host does: the same signed-in user.
      publisher: async () =>
        (await readRanBy(http(), host.orgUrl)).ranBy ?? { id: host.user.id, displayName: host.user.displayName, uniqueName: host.user.name },
    }),
  };
  return service;
}
