/**
 * The host's objects the SDK talks to: "DevOps.HostControl" (handshake, tokens, load notifications, resize) and
 * "DevOps.ServiceManager" (getService(contributionId) → a service object whose methods the SDK calls through XDM),
 * with the interfaces of azure-devops-extension-api's Common/CommonServices.d.ts and Build/BuildServices.d.ts.
 */
import type { HostLogEntry, Session, SessionContribution, SessionUser } from '../session';
import { THEMES, type ThemeName } from './theme';

export interface HostState {
  session: Session;
  contribution: SessionContribution;
  user: SessionUser;
  theme: ThemeName;
  /** The release and run shown by the tabs. */
  releaseId: number | null;
  runId: number | null;
  /** The callbacks the contribution registered (onReleaseChanged, onBuildChanged): called again on a change. */
  listeners: { release: Array<(release: unknown) => unknown>; build: Array<(build: unknown) => unknown> };
}

export interface HostEvents {
  log(call: string, args: unknown[]): void;
  tokenRequested(kind: 'access' | 'app'): void;
  handshake(options: Record<string, unknown>): void;
  loaded(): void;
  failed(error: unknown): void;
  resized(width: number | undefined, height: number | undefined): void;
  /** A host UI effect (toast, banner, dialog, navigation) to show. */
  notice(text: string, kind?: 'info' | 'error'): void;
  setTitle(title: string): void;
  setFullScreen(on: boolean): void;
}

/** Calls the simulator's server; rejects with an Error carrying the status, like the REST clients do. */
export async function api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const res = await fetch(path, {
    method: init?.method ?? (init?.body === undefined ? 'GET' : 'POST'),
    headers: init?.body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const answer = (await res.json()) as { result?: T; error?: { message: string; status: number; typeKey?: string } };
  if (answer.error) throw restError(answer.error);
  return answer.result as T;
}

function restError(error: { message: string; status: number; typeKey?: string }): Error {
  // The shape azure-devops-extension-api's fetch layer rejects with: an Error with status and serverError.
  return Object.assign(new Error(error.message), {
    status: error.status,
    serverError: { typeKey: error.typeKey, message: error.message },
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The typed REST clients hand out contracts with Date fields; so does the host. */
export function withDates<T>(value: T): T {
  if (typeof value === 'string') return (ISO_DATE.test(value) ? new Date(value) : value) as T;
  if (Array.isArray(value)) return value.map(withDates) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v)])) as T;
  }
  return value;
}

const userQuery = (state: HostState) => `user=${encodeURIComponent(state.user.key)}`;

export function loadRelease(state: HostState): Promise<Record<string, unknown>> {
  return api<Record<string, unknown>>(`/api/ado/release/${state.releaseId}?${userQuery(state)}`).then(withDates);
}

export function loadBuild(state: HostState): Promise<Record<string, unknown>> {
  return api<Record<string, unknown>>(`/api/ado/build/${state.runId}?${userQuery(state)}`).then(withDates);
}

/** Calls the release tab's callbacks with the current release (now, and when the page moves to another one). */
export function notifyRelease(state: HostState, events: HostEvents, callbacks = state.listeners.release): void {
  if (state.releaseId === null || !callbacks.length) return;
  loadRelease(state).then(
    (release) => callbacks.forEach((callback) => void callback(release)),
    (e) => events.notice(`Could not read release ${state.releaseId}: ${String(e?.message ?? e)}`, 'error'),
  );
}

/** Calls the run tab's callbacks with the current run's build. */
export function notifyBuild(state: HostState, events: HostEvents, callbacks = state.listeners.build): void {
  if (state.runId === null || !callbacks.length) return;
  loadBuild(state).then(
    (build) => callbacks.forEach((callback) => void callback(build)),
    (e) => events.notice(`Could not read run ${state.runId}: ${String(e?.message ?? e)}`, 'error'),
  );
}

/** The contribution's initialConfig, as the real hosts pass it. */
export function initialConfig(state: HostState, events: HostEvents): Record<string, unknown> {
  switch (state.contribution.kind) {
    case 'release':
      // The classic release summary tab (ms.vss-releaseManagement-web.release-details-view).
      return {
        releaseId: state.releaseId,
        onReleaseChanged(callback: (release: unknown) => unknown) {
          events.log('config.onReleaseChanged', []);
          state.listeners.release.push(callback);
          notifyRelease(state, events, [callback]);
        },
      };
    case 'run':
      // The pipeline run's tab (ms.vss-build-web.build-results-view).
      return {
        onBuildChanged(callback: (build: unknown) => unknown) {
          events.log('config.onBuildChanged', []);
          state.listeners.build.push(callback);
          notifyBuild(state, events, [callback]);
        },
      };
    default:
      return {};
  }
}

/** The handshake's answer (the SDK's "current" format: contributionId, context, initialConfig, themeData). */
export function handshakeAnswer(state: HostState, events: HostEvents, options: Record<string, unknown>): Record<string, unknown> {
  const { session, user } = state;
  const org = session.organization;
  const answer: Record<string, unknown> = {
    contributionId: state.contribution.contributionId,
    context: {
      extension: session.extension,
      user: user.identity,
      host: { id: org.id, name: org.name, serviceVersion: org.serviceVersion, type: 4, isHosted: org.isHosted },
      pageContext: {
        webContext: {
          project: { id: session.project.id, name: session.project.name },
          team: { id: session.team.id, name: session.team.name },
          collection: { id: org.id, name: org.name, uri: org.url, relativeUri: new URL(org.url).pathname },
          user: { id: user.identity.id, name: user.identity.displayName, email: user.identity.name, uniqueName: user.identity.name },
        },
        globalization: {
          culture: 'en-US',
          explicitTheme: '',
          theme: state.theme === 'dark' ? 'Dark' : 'Light',
          timeZoneId: 'UTC',
          timezoneOffset: 0,
          typeAheadDisabled: false,
        },
        timeZonesConfiguration: { daylightSavingsAdjustments: [] },
      },
    },
    initialConfig: initialConfig(state, events),
  };
  if (options.applyTheme !== false) answer.themeData = THEMES[state.theme];
  return answer;
}

export function hostControl(state: HostState, events: HostEvents): object {
  const token = () => ({ token: state.user.token, expiresAt: new Date(Date.now() + 3600_000) });
  return {
    initialHandshake(options: Record<string, unknown>) {
      events.log('hostControl.initialHandshake', [options]);
      events.handshake(options ?? {});
      return handshakeAnswer(state, events, options ?? {});
    },
    notifyLoadSucceeded() {
      events.log('hostControl.notifyLoadSucceeded', []);
      events.loaded();
    },
    notifyLoadFailed(error: unknown) {
      events.log('hostControl.notifyLoadFailed', [error]);
      events.failed(error);
    },
    // Asked for before every request: counted, not logged.
    getAccessToken() {
      events.tokenRequested('access');
      return token();
    },
    getAppToken() {
      events.tokenRequested('app');
      return token();
    },
    resize(width?: number, height?: number) {
      events.log('hostControl.resize', [width, height]);
      events.resized(width, height);
    },
  };
}

const SERVICE_INSTANCE_TYPES: Record<string, (session: Session) => string> = {
  // TFS (the organization), Release Management.
  '00025394-6065-48ca-87d9-7f5672854ef7': (s) => s.organization.url,
  '0000000d-0000-8888-8000-000000000000': (s) => s.organization.releaseUrl,
};

function locationService(state: HostState, events: HostEvents): object {
  const cache = new Map<string, Promise<string>>();
  return {
    getServiceLocation(serviceInstanceType?: string, hostType?: number) {
      events.log('location.getServiceLocation', [serviceInstanceType, hostType]);
      const known = serviceInstanceType ? SERVICE_INSTANCE_TYPES[serviceInstanceType.toLowerCase()] : undefined;
      return Promise.resolve(known ? known(state.session) : state.session.organization.url);
    },
    getResourceAreaLocation(resourceAreaId: string) {
      events.log('location.getResourceAreaLocation', [resourceAreaId]);
      const id = String(resourceAreaId).toLowerCase();
      if (!cache.has(id)) {
        cache.set(
          id,
          api<{ locationUrl: string }>(`/api/ado/resource-area/${encodeURIComponent(id)}?${userQuery(state)}`).then((a) => a.locationUrl),
        );
      }
      return cache.get(id)!;
    },
    routeUrl(routeId: string, routeValues?: Record<string, string>, hostPath?: string) {
      events.log('location.routeUrl', [routeId, routeValues, hostPath]);
      // The page's own route (getPageRoute) is this page: its address, as Azure DevOps answers with the hub's URL.
      const page = pageRoute(state);
      if (routeId === page.id && JSON.stringify(routeValues ?? {}) === JSON.stringify(page.routeValues)) return Promise.resolve(window.location.href.replace(/#.*$/, ''));
      return Promise.reject(new Error(`The host simulator knows no route contributions (asked for ${routeId}).`));
    },
  };
}

function projectPageService(state: HostState, events: HostEvents): object {
  return {
    getProject() {
      events.log('projectPage.getProject', []);
      return Promise.resolve({ id: state.session.project.id, name: state.session.project.name });
    },
  };
}

/** IExtensionDataManager: every call goes to the simulator's server, which keeps the documents in a JSON file. */
function extensionDataService(state: HostState, events: HostEvents): object {
  return {
    getExtensionDataManager(extensionId: string, accessToken: string) {
      events.log('extensionData.getExtensionDataManager', [extensionId]);
      if (accessToken !== state.user.token) {
        // The real manager would send this token to ExtensionManagement and get 401.
        return Promise.reject(
          restError({ status: 401, message: 'TF400813: The user is not authorized to access this resource (the access token is not the one getAccessToken gave).' }),
        );
      }
      const call = (op: string) => (...args: unknown[]) => {
        events.log(`extensionData.${op}`, args);
        return api<unknown>('/api/extension-data', { body: { op, args, extensionId, user: state.user.key } });
      };
      const ops = [
        'getValue',
        'setValue',
        'getDocument',
        'getDocuments',
        'createDocument',
        'setDocument',
        'updateDocument',
        'deleteDocument',
        'queryCollectionsByName',
        'queryCollections',
      ];
      return Promise.resolve(Object.fromEntries(ops.map((op) => [op, call(op)])));
    },
  };
}

/** IHostNavigationService. Calls are logged (tests assert which evidence URL was opened). */
function hostNavigationService(state: HostState, events: HostEvents): object {
  const hashListeners: Array<(hash: string) => unknown> = [];
  const queryParams: Record<string, string> = { ...pageQuery(state) };
  const currentHash = () => window.location.hash.replace(/^#/, '');
  window.addEventListener('hashchange', () => {
    for (const listener of hashListeners) void listener(currentHash());
  });
  return {
    getHash() {
      events.log('navigation.getHash', []);
      return Promise.resolve(currentHash());
    },
    setHash(hash: string) {
      events.log('navigation.setHash', [hash]);
      history.pushState(history.state, '', `#${String(hash).replace(/^#/, '')}`);
    },
    replaceHash(hash: string) {
      events.log('navigation.replaceHash', [hash]);
      history.replaceState(history.state, '', `#${String(hash).replace(/^#/, '')}`);
    },
    onHashChanged(callback: (hash: string) => unknown) {
      events.log('navigation.onHashChanged', []);
      hashListeners.push(callback);
    },
    getQueryParams() {
      events.log('navigation.getQueryParams', []);
      return Promise.resolve({ ...queryParams });
    },
    setQueryParams(parameters: Record<string, string>) {
      events.log('navigation.setQueryParams', [parameters]);
      for (const [k, v] of Object.entries(parameters ?? {})) {
        if (v === '' || v === null || v === undefined) delete queryParams[k];
        else queryParams[k] = String(v);
      }
    },
    getPageRoute() {
      events.log('navigation.getPageRoute', []);
      return Promise.resolve(pageRoute(state));
    },
    getPageNavigationElements() {
      events.log('navigation.getPageNavigationElements', []);
      return Promise.resolve(
        state.contribution.kind === 'hub'
          ? [
              { id: 'ms.vss-build-web.build-release-hub-group', name: 'Pipelines', type: 'ms.vss-web.hub-group' },
              { id: state.contribution.contributionId, name: state.contribution.label, type: 'ms.vss-web.hub' },
            ]
          : [{ id: 'ms.vss-build-web.build-release-hub-group', name: 'Pipelines', type: 'ms.vss-web.hub-group' }],
      );
    },
    navigate(url: string) {
      events.log('navigation.navigate', [url]);
      // The real host leaves the page; the simulator stays and says where it would have gone.
      events.notice(`The host would navigate to ${url}`);
    },
    openNewWindow(url: string, features: string) {
      events.log('navigation.openNewWindow', [url, features]);
      if (state.session.navigation === 'open') window.open(url, '_blank', features || undefined);
      else events.notice(`Opened ${url}`);
    },
    reload() {
      events.log('navigation.reload', []);
      window.location.reload();
    },
    setDocumentTitle(title: string) {
      events.log('navigation.setDocumentTitle', [title]);
      events.setTitle(String(title));
    },
  };
}

function pageQuery(state: HostState): Record<string, string> {
  switch (state.contribution.kind) {
    case 'release':
      return { releaseId: String(state.releaseId ?? ''), _a: 'release-summary', tab: state.contribution.contributionId };
    case 'run':
      return { buildId: String(state.runId ?? ''), view: state.contribution.contributionId };
    default:
      return {};
  }
}

function pageRoute(state: HostState): { id: string; routeValues: Record<string, string> } {
  const base = { project: state.session.project.name };
  switch (state.contribution.kind) {
    case 'release':
      return { id: 'ms.vss-releaseManagement-web.release-progress-route', routeValues: { ...base, releaseId: String(state.releaseId ?? '') } };
    case 'run':
      return { id: 'ms.vss-build-web.ci-results-hub-route', routeValues: { ...base, buildId: String(state.runId ?? '') } };
    default:
      return { id: 'ms.vss-web.hub-route', routeValues: { ...base, hub: state.contribution.contributionId } };
  }
}

/** IBuildPageDataService: the run page's build and definition (undefined off a run page). */
function buildPageDataService(state: HostState, events: HostEvents): object {
  return {
    getBuildPageData() {
      events.log('buildPageData.getBuildPageData', []);
      if (state.contribution.kind !== 'run' || state.runId === null) return undefined;
      return loadBuild(state).then((build) => ({ build, definition: build.definition }));
    },
  };
}

/** IGlobalMessagesService: banners and toasts show in the host's chrome. */
function globalMessagesService(_state: HostState, events: HostEvents): object {
  return {
    addBanner(banner: { message?: string; messageFormat?: string }) {
      events.log('globalMessages.addBanner', [banner]);
      events.notice(banner?.message ?? banner?.messageFormat ?? '');
    },
    addToast(toast: { message: string }) {
      events.log('globalMessages.addToast', [toast]);
      events.notice(toast?.message ?? '');
    },
    addDialog(dialog: unknown) {
      events.log('globalMessages.addDialog', [dialog]);
    },
    closeBanner() {
      events.log('globalMessages.closeBanner', []);
    },
    closeDialog() {
      events.log('globalMessages.closeDialog', []);
    },
  };
}

/** IHostPageLayoutService: full-screen mode and message dialogs (panels and custom dialogs need a contribution). */
function hostPageLayoutService(_state: HostState, events: HostEvents): object {
  let fullScreen = false;
  return {
    getFullScreenMode() {
      events.log('layout.getFullScreenMode', []);
      return Promise.resolve(fullScreen);
    },
    setFullScreenMode(on: boolean) {
      events.log('layout.setFullScreenMode', [on]);
      fullScreen = !!on;
      events.setFullScreen(fullScreen);
    },
    openMessageDialog(message: string, options?: { title?: string; showCancel?: boolean; onClose?: (result: boolean) => unknown }) {
      events.log('layout.openMessageDialog', [message, options]);
      const ok = options?.showCancel ? window.confirm(`${options?.title ? `${options.title}\n\n` : ''}${message}`) : (window.alert(message), true);
      void options?.onClose?.(ok);
    },
    openCustomDialog(contributionId: string, options?: unknown) {
      events.log('layout.openCustomDialog', [contributionId, options]);
      events.notice(`The host simulator cannot open custom dialog ${contributionId}`, 'error');
    },
    openPanel(contributionId: string, options?: unknown) {
      events.log('layout.openPanel', [contributionId, options]);
      events.notice(`The host simulator cannot open panel ${contributionId}`, 'error');
    },
  };
}

/**
 * IVssIdentityService (azure-devops-extension-api Identities/IdentityService.d.ts), as the real host implements it:
 * searchIdentitiesAsync posts the query to the organization's `_apis/IdentityPicker/Identities` with the signed-in
 * user's token and answers the first result's identities. The most-recently-used list starts empty, as for a new user.
 */
function identityService(state: HostState, events: HostEvents): object {
  const mru: Array<{ entityId: string }> = [];
  const token = state.user.token;
  const authorization = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/.test(token) ? `Bearer ${token}` : `Basic ${btoa(`:${token}`)}`;
  return {
    async searchIdentitiesAsync(query: string, identityTypes?: string[], operationScopes?: string[], queryTypeHint?: string, options?: unknown) {
      events.log('identity.searchIdentitiesAsync', [query, identityTypes, operationScopes, queryTypeHint]);
      const res = await fetch(`${state.session.organization.url}_apis/IdentityPicker/Identities?api-version=5.0-preview.1`, {
        method: 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
          query,
          identityTypes: identityTypes ?? ['user', 'group'],
          operationScopes: operationScopes ?? ['ims', 'source'],
          queryTypeHint,
          options: options ?? { MinResults: 5, MaxResults: 40 },
          properties: ['DisplayName', 'IsMru', 'ScopeName', 'SamAccountName', 'Active', 'SubjectDescriptor', 'Mail', 'SignInAddress', 'Surname', 'Guest', 'Description'],
        }),
      });
      if (!res.ok) throw restError({ status: res.status, message: `The identity search failed (HTTP ${res.status}).` });
      const body = (await res.json()) as { results?: Array<{ identities?: unknown[] }> };
      return body.results?.[0]?.identities ?? [];
    },
    async getIdentityMruAsync() {
      events.log('identity.getIdentityMruAsync', []);
      return [...mru];
    },
    async addMruIdentitiesAsync(identities: Array<{ entityId: string }>) {
      events.log('identity.addMruIdentitiesAsync', [identities.map((identity) => identity.entityId)]);
      for (const identity of identities) if (!mru.some((known) => known.entityId === identity.entityId)) mru.unshift(identity);
      return true;
    },
    async removeMruIdentitiesAsync(identities: Array<{ entityId: string }>) {
      events.log('identity.removeMruIdentitiesAsync', [identities.map((identity) => identity.entityId)]);
      for (const identity of identities) {
        const at = mru.findIndex((known) => known.entityId === identity.entityId);
        if (at >= 0) mru.splice(at, 1);
      }
      return true;
    },
    async getConnections() {
      return {};
    },
  };
}

export const SERVICES: Record<string, (state: HostState, events: HostEvents) => object> = {
  'ms.vss-features.location-service': locationService,
  'ms.vss-tfs-web.tfs-page-data-service': projectPageService,
  'ms.vss-features.extension-data-service': extensionDataService,
  'ms.vss-features.host-navigation-service': hostNavigationService,
  'ms.vss-build-web.build-page-data-service': buildPageDataService,
  'ms.vss-tfs-web.tfs-global-messages-service': globalMessagesService,
  'ms.vss-features.host-page-layout-service': hostPageLayoutService,
  'ms.vss-features.identity-service': identityService,
};

export function serviceManager(state: HostState, events: HostEvents): object {
  const instances = new Map<string, object>();
  return {
    getService(contributionId: string) {
      events.log('serviceManager.getService', [contributionId]);
      const factory = SERVICES[contributionId];
      if (!factory) {
        events.notice(`The host simulator has no service ${contributionId}`, 'error');
        return Promise.reject(new Error(`No service registered for contribution ${contributionId}.`));
      }
      if (!instances.has(contributionId)) instances.set(contributionId, factory(state, events));
      return instances.get(contributionId);
    },
  };
}

export type { HostLogEntry };
