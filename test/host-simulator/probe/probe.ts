/**
 * A contribution page that exercises the host through the real SDK (azure-devops-extension-sdk 4.2, bundled as an
 * extension would bundle it) and writes what it learnt to window.__probe (read by the browser tests) and the page.
 * It initializes with loaded: false and calls notifyLoadSucceeded once every step has run.
 */
import * as SDK from 'azure-devops-extension-sdk';

type Json = Record<string, unknown>;

interface ProbeResult {
  done: boolean;
  steps: Record<string, unknown>;
  errors: Record<string, string>;
  themeEvents: string[];
  releases: Json[];
  builds: Json[];
}

declare global {
  interface Window {
    __probe: ProbeResult;
  }
}

const result: ProbeResult = { done: false, steps: {}, errors: {}, themeEvents: [], releases: [], builds: [] };
window.__probe = result;

const show = () => {
  document.getElementById('out')!.textContent = JSON.stringify(result, null, 2);
  document.getElementById('status')!.textContent = result.done ? 'done' : 'running';
};

async function step<T>(name: string, run: () => Promise<T> | T): Promise<T | undefined> {
  try {
    const value = await run();
    result.steps[name] = value === undefined ? null : value;
    return value;
  } catch (error) {
    const e = error as { message?: string; status?: number };
    result.errors[name] = `${e?.status ?? ''} ${e?.message ?? String(error)}`.trim();
    return undefined;
  } finally {
    show();
  }
}

const cssVariable = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim();

async function run(): Promise<void> {
  window.addEventListener('themeApplied', () => result.themeEvents.push(cssVariable('background-color')));
  await step('init', async () => {
    await SDK.init({ loaded: false, applyTheme: true });
    return true;
  });
  await step('context', () => ({
    contributionId: SDK.getContributionId(),
    user: SDK.getUser(),
    host: SDK.getHost(),
    extension: SDK.getExtensionContext(),
    webContext: SDK.getWebContext(),
    theme: SDK.getPageContext().globalization.theme,
  }));
  const config = SDK.getConfiguration() as Json;
  await step('configuration', () => ({
    keys: Object.keys(config).sort(),
    releaseId: config.releaseId ?? null,
    onReleaseChanged: typeof config.onReleaseChanged,
    onBuildChanged: typeof config.onBuildChanged,
  }));
  if (typeof config.onReleaseChanged === 'function') {
    (config.onReleaseChanged as (cb: (release: Json) => void) => void)((release) => {
      result.releases.push({ id: release.id, name: release.name, createdOnIsDate: release.createdOn instanceof Date, status: release.status });
      show();
    });
  }
  if (typeof config.onBuildChanged === 'function') {
    (config.onBuildChanged as (cb: (build: Json) => void) => void)((build) => {
      result.builds.push({ id: build.id, buildNumber: build.buildNumber, queueTimeIsDate: build.queueTime instanceof Date });
      show();
    });
  }
  const token = await step('accessToken', () => SDK.getAccessToken());
  await step('appToken', () => SDK.getAppToken());
  await step('theme', () => ({ background: cssVariable('background-color'), neutral0: cssVariable('palette-neutral-0') }));

  const location = await SDK.getService<{
    getServiceLocation(type?: string): Promise<string>;
    getResourceAreaLocation(id: string): Promise<string>;
  }>('ms.vss-features.location-service');
  const orgUrl = await step('serviceLocation', () => location.getServiceLocation());
  await step('releaseServiceLocation', () => location.getServiceLocation('0000000D-0000-8888-8000-000000000000'));
  const releaseArea = await step('releaseArea', () => location.getResourceAreaLocation('efc2f575-36ef-48e9-b672-0c6fb4a48ac5'));
  await step('buildArea', () => location.getResourceAreaLocation('965220d5-5bb9-42cf-8d67-9b146df2a5a4'));

  const projectService = await SDK.getService<{ getProject(): Promise<{ id: string; name: string }> }>('ms.vss-tfs-web.tfs-page-data-service');
  const project = await step('project', () => projectService.getProject());

  // The organization itself, from this origin, with the token as Bearer (CORS).
  await step('fetchBuilds', async () => {
    const res = await fetch(`${orgUrl}${encodeURIComponent(project!.name)}/_apis/build/builds?$top=1&api-version=7.1`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json;api-version=7.1', 'X-TFS-FedAuthRedirect': 'Suppress' },
    });
    const body = (await res.json()) as { count: number };
    return { status: res.status, count: body.count };
  });
  await step('fetchApprovals', async () => {
    const res = await fetch(`${orgUrl}${encodeURIComponent(project!.name)}/_apis/pipelines/approvals?api-version=7.1`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json;api-version=7.1' },
    });
    return { status: res.status };
  });
  void releaseArea;

  const dataService = await SDK.getService<{
    getExtensionDataManager(id: string, token: string): Promise<{
      getValue<T>(key: string, options?: Json): Promise<T>;
      setValue<T>(key: string, value: T, options?: Json): Promise<T>;
      getDocument(collection: string, id: string, options?: Json): Promise<Json>;
      getDocuments(collection: string, options?: Json): Promise<Json[]>;
      setDocument(collection: string, doc: Json, options?: Json): Promise<Json>;
      updateDocument(collection: string, doc: Json, options?: Json): Promise<Json>;
      deleteDocument(collection: string, id: string, options?: Json): Promise<void>;
    }>;
  }>('ms.vss-features.extension-data-service');
  const manager = await dataService.getExtensionDataManager(SDK.getExtensionContext().id, token!);
  await step('counter', async () => {
    const before = await manager.getValue<number>('probe-counter', { defaultValue: 0 });
    const after = await manager.setValue('probe-counter', before + 1);
    const mine = await manager.getValue<number>('probe-counter', { scopeType: 'User', defaultValue: -1 });
    return { before, after, userScoped: mine };
  });
  await step('documents', async () => {
    const saved = await manager.setDocument('probe-docs', { id: 'doc-1', text: 'hello', nested: { list: [1, 2, 3] } });
    const read = await manager.getDocument('probe-docs', 'doc-1');
    const updated = await manager.updateDocument('probe-docs', { ...read, text: 'again' });
    let conflict: string | null = null;
    try {
      await manager.updateDocument('probe-docs', { ...read, text: 'stale' });
    } catch (error) {
      conflict = String((error as { status?: number }).status);
    }
    const all = await manager.getDocuments('probe-docs');
    let missing: string | null = null;
    try {
      await manager.getDocument('probe-docs', 'nope');
    } catch (error) {
      missing = String((error as { status?: number }).status);
    }
    return { savedEtag: saved.__etag, readText: read.text, updatedEtag: updated.__etag, conflict, count: all.length, missing };
  });
  await step('wrongTokenManager', async () => {
    await dataService.getExtensionDataManager(SDK.getExtensionContext().id, 'not-my-token');
    return 'accepted';
  });

  const navigation = await SDK.getService<{
    openNewWindow(url: string, features: string): void;
    setHash(hash: string): void;
    getHash(): Promise<string>;
    getQueryParams(): Promise<Record<string, string>>;
    getPageRoute(): Promise<{ id: string; routeValues: Record<string, string> }>;
  }>('ms.vss-features.host-navigation-service');
  await step('navigation', async () => {
    await navigation.openNewWindow(`${orgUrl}probe/evidence`, '');
    await navigation.setHash('probe-hash');
    return { hash: await navigation.getHash(), query: await navigation.getQueryParams(), route: await navigation.getPageRoute() };
  });

  const buildPage = await SDK.getService<{ getBuildPageData(): Promise<{ build?: Json; definition?: Json } | undefined> }>(
    'ms.vss-build-web.build-page-data-service',
  );
  await step('buildPageData', async () => {
    const data = await buildPage.getBuildPageData();
    return data ? { buildId: data.build?.id ?? null, definition: (data.definition as Json | undefined)?.name ?? null } : null;
  });
  await step('unknownService', async () => {
    await SDK.getService('ms.vss-nothing.no-such-service');
    return 'resolved';
  });

  SDK.resize(undefined, 640);
  await SDK.notifyLoadSucceeded();
  result.done = true;
  show();
}

void run();
