/**
 * A controllable AuditService for the views' tests: the test decides when the audit reports progress, streams
 * deployments, is throttled, finishes or fails, what the settings are and whether the user may change them; it
 * records the links opened and the files saved. Deployments are made from the controls' real-sample fixtures.
 */
import { approval, evidence, evidenceError, person, pullRequest, vote } from './control-evidence';
import type { CollectProgress, PopulationFacts } from '../../src/core/engine/collect';
import type { DeploymentEvidence } from '../../src/core/model';
import { defaultPolicy, type PolicyInput } from '../../src/core/policy';
import type { ThrottleEvent } from '../../src/core/transport/http';
import type { AuditContext, AuditService, CollectRequest, SavedFile, ScopedRequest } from '../../src/extension/audit-service';
import type { EditPermission } from '../../src/extension/permissions';
import type { RepositoryChoice } from '../../src/core/policy-source/repositories';
import type { DirectoryIdentity } from '../../src/extension/approvers';
import { nextSettings, PolicyValidationError, readStoredSettings, validatePolicy, type PolicySourceChoice, type ProjectSettings } from '../../src/extension/settings';

export const ME = { id: 'user-alice', name: 'alice@contoso.com', displayName: 'Alice Director', descriptor: 'aad.alice' };
export const alice = person('Alice Director', { id: ME.id, uniqueName: ME.name });
export const bob = person('Bob Builder');
export const carol = person('Carol Developer');
export const dave = person('Dave Approver');

const DAY = 86_400_000;

/**
 * `count` production deployments, newest first from 2026-11-20: environments Production / Production-EU, pipelines
 * shop-web / shop-api; every third approved by Alice (the signed-in user); every fifth with a single approver;
 * every seventh from a feature branch; the rest pass.
 */
export function sampleDeployments(count: number, start = Date.parse('2026-11-20T10:00:00Z')): DeploymentEvidence[] {
  return Array.from({ length: count }, (_, i) => {
    const runId = 5000 + i;
    const url = `https://dev.azure.com/contoso/Shop/_build/results?buildId=${runId}`;
    const approvers = i % 3 === 0 ? [alice, dave] : [bob, dave];
    const base = evidence();
    return evidence({
      key: `yaml:env:${runId}:Production:1`,
      environment: i % 4 === 3 ? 'Production-EU' : 'Production',
      pipeline: i % 2 ? { id: 2, name: 'shop-api' } : { id: 1, name: 'shop-web' },
      runId,
      runName: `2026112${i % 10}.${i}`,
      startedAt: new Date(start - i * 3_600_000).toISOString(),
      finishedAt: new Date(start - i * 3_600_000 + 600_000).toISOString(),
      url,
      requestedBy: i % 6 === 1 ? alice : carol,
      approvals: (i % 5 === 4 ? approvers.slice(0, 1) : approvers).map((who) => approval(who, { url: `${url}&view=checks` })),
      builds: [{ ...base.builds[0], id: runId, number: `2026112${i % 10}.${i}`, url, sourceBranch: i % 7 === 6 ? 'refs/heads/feature/x' : 'refs/heads/main' }],
      pullRequests: [pullRequest({ id: 700 + i, title: `Change ${i}`, createdBy: carol, reviewers: [vote(i % 3 === 1 ? alice : bob, 10)] })],
      testsUrl: `${url}&view=ms.vss-test-web.build-test-results-tab`,
      workItems: [9000 + i],
    });
  });
}

/** A deployment whose approvals the user may not read (an auditor with read access). */
export const approvalsForbidden = (deployment: DeploymentEvidence): DeploymentEvidence => ({
  ...deployment,
  approvals: [],
  errors: [evidenceError('approvals', 403, 'Access denied: you cannot read the approvals of this pipeline')],
});

export { DAY };

interface PendingCollect {
  request: CollectRequest;
  resolve: (deployments: DeploymentEvidence[]) => void;
  reject: (error: unknown) => void;
}

export class FakeAuditService implements AuditService {
  readonly context: AuditContext = {
    orgUrl: 'https://dev.azure.com/contoso',
    project: { id: 'project-shop', name: 'Shop' },
    user: ME,
  };
  stored: unknown = null;
  permission: EditPermission = { canEdit: true, reason: null };
  settingsError: unknown = null;
  collects: PendingCollect[] = [];
  scoped: { kind: 'release' | 'run'; id: number; request: ScopedRequest; resolve: (d: DeploymentEvidence[]) => void; reject: (e: unknown) => void }[] = [];
  opened: string[] = [];
  saved: SavedFile[] = [];
  savedSettings: PolicyInput[] = [];

  async loadSettings(): Promise<ProjectSettings> {
    if (this.settingsError) throw this.settingsError;
    return readStoredSettings(this.stored);
  }

  async saveSettings(input: PolicyInput, source: PolicySourceChoice = { kind: 'settings' }): Promise<ProjectSettings> {
    const errors = validatePolicy(input);
    if (errors) throw new PolicyValidationError(errors);
    if (!this.permission.canEdit) throw new PolicyValidationError({ policy: 'not allowed' });
    this.savedSettings.push(input);
    this.stored = nextSettings(readStoredSettings(this.stored).stored, input, source, { id: ME.id, displayName: ME.displayName, uniqueName: ME.name }, '2026-11-21T08:00:00.000Z');
    return readStoredSettings(this.stored);
  }

  repositories: RepositoryChoice[] = [{ id: 'repo-config', name: 'config', defaultBranch: 'refs/heads/main' }];

  async listRepositories(): Promise<RepositoryChoice[]> {
    return this.repositories;
  }

  identities: DirectoryIdentity[] = [];

  async searchIdentities(query: string): Promise<DirectoryIdentity[]> {
    const q = query.trim().toLowerCase();
    return q ? this.identities.filter((identity) => `${identity.displayName} ${identity.signInAddress ?? ''}`.toLowerCase().includes(q)) : [];
  }

  async settingsPermission(): Promise<EditPermission> {
    return this.permission;
  }

  collect(request: CollectRequest): Promise<DeploymentEvidence[]> {
    return new Promise((resolve, reject) => {
      this.collects.push({ request, resolve, reject });
      request.signal?.addEventListener('abort', () => reject(Object.assign(new Error('cancelled'), { name: 'CancelledError' })));
    });
  }

  collectRelease(id: number, request: ScopedRequest): Promise<DeploymentEvidence[]> {
    return new Promise((resolve, reject) => this.scoped.push({ kind: 'release', id, request, resolve, reject }));
  }

  collectRun(id: number, request: ScopedRequest): Promise<DeploymentEvidence[]> {
    return new Promise((resolve, reject) => this.scoped.push({ kind: 'run', id, request, resolve, reject }));
  }

  openLink(url: string): void {
    this.opened.push(url);
  }

  saveFile(file: SavedFile): void {
    this.saved.push(file);
  }

  /** The audit started last. */
  get current(): PendingCollect {
    const pending = this.collects.at(-1);
    if (!pending) throw new Error('no audit was started');
    return pending;
  }

  progress(progress: CollectProgress): void {
    this.current.request.onProgress?.(progress);
  }

  stream(deployments: DeploymentEvidence[]): void {
    this.current.request.onDeployments?.(deployments);
  }

  /** Says how the list of deployments was made, as the engine does once it has it. */
  population(population: PopulationFacts): void {
    this.current.request.onPopulation?.(population);
  }

  throttle(waitMs: number): void {
    const event: ThrottleEvent = { url: 'https://dev.azure.com/contoso/_apis/x', status: 429, waitMs, reason: 'retry-after' };
    this.current.request.onThrottle?.(event);
  }

  /** Streams the deployments (as the engine does) and completes the audit with them. */
  finish(deployments: DeploymentEvidence[]): void {
    this.progress({ phase: 'collecting', found: deployments.length, collected: 0 });
    this.stream(deployments);
    this.progress({ phase: 'done', found: deployments.length, collected: deployments.length });
    this.current.resolve(deployments);
  }
}

export const defaults = defaultPolicy;
