/**
 * The extension's data-access layer, from the host's SDK to the fake Azure DevOps server: the host context through
 * the SDK's services, the user's bearer token on every request, the engine unchanged behind it, the settings in the
 * Extension Data Service, and the permission check.
 */
jest.mock('azure-devops-extension-sdk', () => require('../../test/support/sdk-mock').sdkModule);

import { sampleOrganization, TOKENS, type SampleOrganization } from '../../test/fake-ado/sample-org';
import { startFakeAdo, type FakeAdo } from '../../test/fake-ado/server';
import { RELEASE_AREA, sdk, TEST_RESULTS_AREA } from '../../test/support/sdk-mock';
import { fakeFetch } from '../../test/support/fake-fetch';
import { cacheScope, EvidenceCache, MemoryEvidenceStore } from '../core/cache/evidence-cache';
import { parseDay } from '../core/engine/window';
import { defaultPolicy } from '../core/policy';
import { AuthenticationError } from '../core/transport/errors';
import { createAuditService, type AuditService } from './audit-service';
import { connectToHost } from './connect';
import { NoProjectError, readHostContext, type HostContext } from './host';
import { permissionUrl } from './permissions';
import { PolicyValidationError, settingsKey, type StoredSettings } from './settings';
import { commitGitFile } from '../../test/fake-ado/routes/git-items';

const WINDOW = { from: parseDay('2026-10-01'), to: parseDay('2026-12-01') };

let sample: SampleOrganization;
let ado: FakeAdo;

beforeAll(async () => {
  sample = sampleOrganization();
  ado = await startFakeAdo(sample.org);
});
afterAll(() => ado.close());

beforeEach(() => {
  sdk.reset();
  ado.clearFaults();
  ado.resetLog();
  sdk.configure({
    orgUrl: `${ado.orgUrl}/`,
    areas: { [RELEASE_AREA]: `${ado.vsrmUrl}/`, [TEST_RESULTS_AREA]: `${ado.vstmrUrl}/` },
    project: { id: sample.shop.id, name: 'Shop' },
    token: TOKENS.bearer,
    user: { id: sample.people.carol.id, name: 'carol@contoso.com', displayName: 'Carol Developer', descriptor: 'aad.carol', imageUrl: '' },
  });
});

describe('the host context', () => {
  it('comes from the location and project page services, the user and the extension context', async () => {
    const host = await readHostContext();
    expect(host).toMatchObject({
      orgUrl: ado.orgUrl,
      project: { id: sample.shop.id, name: 'Shop' },
      user: { id: sample.people.carol.id, name: 'carol@contoso.com', displayName: 'Carol Developer' },
      extensionId: 'deployaudit.deploy-audit',
      areas: { release: ado.vsrmUrl, testResults: ado.vstmrUrl },
    });
  });

  it('asks the SDK for a token once a minute, not on every request (token.test.ts proves the renewal)', async () => {
    let issued = 0;
    sdk.configure({ token: () => `token-${++issued}` });
    const host = await readHostContext();
    expect(await host.auth()).toBe('Bearer token-1');
    expect(await host.auth()).toBe('Bearer token-1');
    expect(issued).toBe(1);
  });

  it('leaves out an area the host cannot locate (the engine then falls back to the organization)', async () => {
    sdk.configure({ areas: {} });
    expect((await readHostContext()).areas).toEqual({ release: undefined, testResults: undefined });
  });

  it('needs a project', async () => {
    sdk.configure({ project: undefined });
    await expect(readHostContext()).rejects.toBeInstanceOf(NoProjectError);
  });
});

describe('the AuditService over the fake organization', () => {
  let service: AuditService;
  beforeEach(async () => {
    service = await connectToHost();
  });

  it('audits a window with the engine and the user’s token, streaming deployments and progress', async () => {
    const streamed: string[] = [];
    const phases: string[] = [];
    const deployments = await service.collect({
      window: WINDOW,
      policy: defaultPolicy(),
      environments: ['Production', 'Prod'],
      onDeployments: (batch) => streamed.push(...batch.map((deployment) => deployment.key)),
      onProgress: (progress) => phases.push(progress.phase),
    });
    expect(deployments.map((deployment) => deployment.environment).sort()).toEqual(['Prod', 'Production', 'Production', 'Production', 'Production', 'Production']);
    expect(streamed.sort()).toEqual(deployments.map((deployment) => deployment.key).sort());
    expect(phases[0]).toBe('finding');
    expect(phases.at(-1)).toBe('done');
    // Every request went out as Carol, with her bearer token.
    expect(ado.requests.length).toBeGreaterThan(5);
    expect(new Set(ado.requests.map((request) => request.user))).toEqual(new Set(['carol@contoso.com']));
  });

  it('keeps finished deployments’ evidence between audits: the second asks only for the deployment lists', async () => {
    const store = new MemoryEvidenceStore();
    const host = await readHostContext();
    const cached = createAuditService({
      host,
      dataManager: async () => ({}) as never,
      navigation: async () => ({}) as never,
      identities: async () => ({}) as never,
      saveFile: () => undefined,
      cache: async (options) => new EvidenceCache(store, cacheScope(host.orgUrl, host.project.id), options),
    });
    const request = { window: WINDOW, policy: defaultPolicy(), environments: ['Production', 'Prod'] };
    const first = await cached.collect(request);
    const firstRequests = ado.requests.length;
    ado.resetLog();
    const streamed: string[] = [];
    const second = await cached.collect({ ...request, onDeployments: (batch) => streamed.push(...batch.map((d) => d.key)) });
    // Kept evidence comes back as it was captured, evidence gone for good (404: a run removed by retention) too.
    expect(first.some((deployment) => deployment.errors.length > 0 && deployment.errors.every((error) => error.status === 404))).toBe(true);
    expect(second).toEqual(first);
    expect(streamed.sort()).toEqual(first.map((deployment) => deployment.key).sort());
    // The lists of deployments; nothing about the kept ones.
    expect(firstRequests).toBeGreaterThan(12);
    expect([...new Set(ado.requests.map((entry) => entry.routeId))].sort()).toEqual(['environments.list', 'environments.records', 'release.deployments']);
    // Collect afresh: what is kept is not read back; everything is asked for again, and kept again.
    ado.resetLog();
    const afresh = await cached.collect({ ...request, fresh: true });
    expect(ado.requests.length).toBeGreaterThan(firstRequests * 0.8);
    expect(afresh.map((deployment) => deployment.key)).toEqual(first.map((deployment) => deployment.key));
  });

  it('audits one classic release and one run', async () => {
    const release = await service.collectRelease(sample.release.id, { policy: defaultPolicy() });
    expect(release.map((deployment) => [deployment.source, deployment.environment])).toEqual([['classic', 'Prod']]);
    const run = await service.collectRun(sample.run.id, { policy: defaultPolicy() });
    expect(run.map((deployment) => [deployment.environment, deployment.runId])).toEqual([['Production', sample.run.id]]);
  });

  it('cancels through the signal', async () => {
    const controller = new AbortController();
    const audit = service.collect({ window: WINDOW, policy: defaultPolicy(), signal: controller.signal, environments: ['Production'] });
    controller.abort();
    await expect(audit).rejects.toMatchObject({ name: 'CancelledError' });
  });

  it('fails with an authentication error when the host’s token is refused', async () => {
    sdk.configure({ token: 'expired' });
    await expect(service.collect({ window: WINDOW, policy: defaultPolicy() })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('opens only web links, through the host navigation service', async () => {
    service.openLink('https://dev.azure.com/contoso/Shop/_build/results?buildId=1');
    service.openLink('javascript:alert(1)');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sdk.state.calls.openedWindows).toEqual(['https://dev.azure.com/contoso/Shop/_build/results?buildId=1']);
  });
});

describe('settings in the Extension Data Service', () => {
  const hostWith = async (fetch: ReturnType<typeof fakeFetch>['fetch']): Promise<AuditService> => {
    const host: HostContext = await readHostContext();
    return createAuditService({
      host,
      fetch,
      dataManager: async () => {
        const service = (await (await import('azure-devops-extension-sdk')).getService('ms.vss-features.extension-data-service')) as {
          getExtensionDataManager(id: string, token: string): Promise<never>;
        };
        return service.getExtensionDataManager(host.extensionId, 'token');
      },
      navigation: async () => ({}) as never,
      identities: async () => (await (await import('azure-devops-extension-sdk')).getService('ms.vss-features.identity-service')) as never,
      saveFile: () => undefined,
    });
  };
  const admin = () => fakeFetch([[/_apis\/permissions\//, { body: { count: 1, value: [true] } }]]);

  it('reads the defaults when nothing was saved', async () => {
    const service = await connectToHost();
    expect(await service.loadSettings()).toEqual({ policy: defaultPolicy(), stored: null, problem: null });
  });

  it('saves a valid policy for an administrator under policy-<projectId>, and reads it back', async () => {
    const fetch = admin();
    const service = await hostWith(fetch.fetch);
    const saved = await service.saveSettings({ requiredApprovals: 3, productionEnvironments: ['Prod*'] });
    expect(saved.policy).toMatchObject({ requiredApprovals: 3, productionEnvironments: ['Prod*'] });
    const document = sdk.state.documents.get(settingsKey(sample.shop.id)) as Record<string, unknown>;
    expect(document).toMatchObject({
      schemaVersion: 1,
      policy: { requiredApprovals: 3, productionEnvironments: ['Prod*'] },
      updatedBy: { id: sample.people.carol.id, displayName: 'Carol Developer', uniqueName: 'carol@contoso.com' },
    });
    expect((await service.loadSettings()).policy.requiredApprovals).toBe(3);
    expect(fetch.calls[0].url).toBe(permissionUrl(ado.orgUrl, sample.shop.id));
    expect(fetch.calls[0].headers.Authorization).toBe(`Bearer ${TOKENS.bearer}`);
  });

  it('refuses an invalid policy, naming the field, before asking anyone', async () => {
    const fetch = admin();
    const service = await hostWith(fetch.fetch);
    await expect(service.saveSettings({ requiredApprovals: -1 })).rejects.toMatchObject({
      name: 'PolicyValidationError',
      fields: { requiredApprovals: 'Required approvals must be a whole number from 0 to 50 (0: no approval is required)' },
    });
    expect(fetch.calls).toHaveLength(0);
    expect(sdk.state.documents.size).toBe(0);
  });

  it('refuses to save for someone who may not edit the project', async () => {
    const service = await hostWith(fakeFetch([[/_apis\/permissions\//, { body: { count: 1, value: [false] } }]]).fetch);
    expect(await service.settingsPermission()).toEqual({ canEdit: false, reason: 'Only project administrators can change these settings.' });
    await expect(service.saveSettings({ requiredApprovals: 3 })).rejects.toBeInstanceOf(PolicyValidationError);
    expect(sdk.state.documents.size).toBe(0);
  });

  it('keeps the settings read-only when the permission cannot be checked', async () => {
    const service = await hostWith(fakeFetch([[/_apis\/permissions\//, { status: 401, body: { message: 'scope' } }]]).fetch);
    expect(await service.settingsPermission()).toMatchObject({ canEdit: false });
    const forbidden = await hostWith(fakeFetch([[/_apis\/permissions\//, { status: 403, body: { message: 'no' } }]]).fetch);
    expect((await forbidden.settingsPermission()).reason).toContain('(HTTP 403)');
  });

  it('falls back to the defaults, saying why, when the stored policy is not valid', async () => {
    sdk.state.documents.set(settingsKey(sample.shop.id), { schemaVersion: 1, policy: { requiredApprovals: 'two' }, updatedAt: '', updatedBy: {} });
    const service = await connectToHost();
    const settings = await service.loadSettings();
    expect(settings.policy).toEqual(defaultPolicy());
    expect(settings.problem).toContain('requiredApprovals');
  });

  it('appends every save to the history, who, when and what changed, and counts revisions', async () => {
    const service = await hostWith(admin().fetch);
    await service.saveSettings({ requiredApprovals: 3 });
    await service.saveSettings({ requiredApprovals: 1, controls: { 'tests-passed': { enabled: false } } });
    const document = sdk.state.documents.get(settingsKey(sample.shop.id)) as StoredSettings;
    expect(document.revision).toBe(2);
    const carol = { id: sample.people.carol.id, displayName: 'Carol Developer', uniqueName: 'carol@contoso.com' };
    expect(document.history).toEqual([
      { revision: 1, savedAt: expect.any(String), savedBy: carol, changes: [{ field: 'requiredApprovals', from: '2', to: '3' }] },
      {
        revision: 2,
        savedAt: expect.any(String),
        savedBy: carol,
        changes: [
          { field: 'requiredApprovals', from: '3', to: '1' },
          { field: 'controls.tests-passed', from: 'on', to: 'off' },
        ],
      },
    ]);
  });

  it('keeps both saves when another administrator saved in between: the later one is applied on top of the earlier', async () => {
    const service = await hostWith(admin().fetch);
    await service.saveSettings({ requiredApprovals: 3 });
    const key = settingsKey(sample.shop.id);
    let raced = false;
    // Another administrator's save lands between this save's read and its write.
    sdk.state.writeHook = (id) => {
      if (raced || id !== key) return;
      raced = true;
      const theirs = sdk.state.documents.get(key) as StoredSettings;
      sdk.state.documents.set(key, { ...theirs, revision: 2, history: [...theirs.history!, { revision: 2, savedAt: 'x', savedBy: { id: 'dan' }, changes: [] }] });
      sdk.state.etags.set(key, (sdk.state.etags.get(key) ?? 1) + 1);
    };
    await service.saveSettings({ requiredApprovals: 4 });
    sdk.state.writeHook = undefined;
    const document = sdk.state.documents.get(key) as StoredSettings;
    expect(raced).toBe(true);
    expect(document.history!.map((entry) => entry.revision)).toEqual([1, 2, 3]);
    expect(document.policy).toMatchObject({ requiredApprovals: 4 });
  });

  it('searches people and groups through the host’s identity service, as its people pickers do', async () => {
    const host = await readHostContext();
    const asked: unknown[][] = [];
    const found = [{ entityId: 'vss.ds.v1.vsd.group.1', entityType: 'Group', originDirectory: 'vsd', originId: '1', displayName: '[Shop]\\Release Approvers' }];
    const service = createAuditService({
      host,
      dataManager: async () => ({}) as never,
      navigation: async () => ({}) as never,
      identities: async () => ({ searchIdentitiesAsync: async (...args: unknown[]) => (asked.push(args), found) }) as never,
      saveFile: () => undefined,
    });
    expect(await service.searchIdentities('rel')).toEqual(found);
    expect(asked).toEqual([['rel', ['user', 'group'], ['ims', 'source']]]);
    expect(await service.searchIdentities('  ')).toEqual([]);
    expect(asked).toHaveLength(1);
  });

  describe('with the policy in a Git file', () => {
    const realFetch = (url: string, init?: RequestInit) => fetch(url, init);
    // Permission from a script; the repositories and the file from the fake organization.
    const withAdmin = () => {
      const scripted = admin();
      return (url: string, init?: RequestInit) => (/_apis\/permissions\//.test(url) ? scripted.fetch(url, init) : realFetch(url, init));
    };
    let config: ReturnType<SampleOrganization['shop']['repository']>;
    let commit: string;
    beforeAll(() => {
      config = sample.shop.repository('config');
      commit = commitGitFile(config, { branch: 'main', path: '/deploy-audit/policy.json', content: '{"requiredApprovals": 1}', author: sample.people.alice, date: new Date('2026-09-01T00:00:00Z') }).id;
    });

    it('lists the project’s repositories to choose from', async () => {
      const service = await hostWith(withAdmin());
      expect(await service.listRepositories()).toContainEqual({ id: config.id, name: 'config', defaultBranch: 'refs/heads/main' });
    });

    it('reads the policy from the file, citing its commit, once the source is saved', async () => {
      const service = await hostWith(withAdmin());
      const source = { kind: 'git' as const, repository: { id: config.id, name: 'config' }, branch: 'refs/heads/main', path: '/deploy-audit/policy.json' };
      const saved = await service.saveSettings({}, source);
      expect(saved.policy.requiredApprovals).toBe(1);
      const loaded = await (await connectToHost()).loadSettings();
      expect(loaded.policy.requiredApprovals).toBe(1);
      expect(loaded.git).toMatchObject({ kind: 'git', commitId: commit, author: { name: 'Alice Director' }, path: '/deploy-audit/policy.json' });
      expect(loaded.problem).toBeNull();
    });

    it('refuses to save a Git source that cannot be read, naming why', async () => {
      const service = await hostWith(withAdmin());
      const source = { kind: 'git' as const, repository: { id: config.id, name: 'config' }, branch: 'refs/heads/nope', path: '/deploy-audit/policy.json' };
      await expect(service.saveSettings({}, source)).rejects.toMatchObject({ fields: { source: expect.stringContaining('the branch nope does not exist') } });
      expect(sdk.state.documents.size).toBe(0);
    });

    it('says so when the saved file can no longer be read, and never applies it silently', async () => {
      sdk.state.documents.set(settingsKey(sample.shop.id), {
        schemaVersion: 1,
        policy: {},
        updatedAt: '2026-11-01T00:00:00Z',
        updatedBy: { id: 'a', displayName: 'A', uniqueName: 'a@x' },
        source: { kind: 'git', repository: { id: config.id, name: 'config' }, branch: 'main', path: '/gone.json' },
      });
      const loaded = await (await connectToHost()).loadSettings();
      expect(loaded.problem).toBe('the policy file in Git could not be read: the policy file /gone.json is not on branch main of repository config');
      expect(loaded.policy).toEqual(defaultPolicy());
    });
  });
});
