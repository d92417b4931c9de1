/**
 * A controllable stand-in for 'azure-devops-extension-sdk', for component and glue tests. Install it in a test file:
 *
 *   jest.mock('azure-devops-extension-sdk', () => require('<relative path>/test/support/sdk-mock').sdkModule);
 *
 * then set what the host would say: `sdk.configure({ configuration, user, project, token, orgUrl, ... })`,
 * `sdk.services[id] = …`. `sdk.reset()` (run it in beforeEach) restores a project member in a hosted organization
 * with the usual host services: a location service, the project page service, a navigation service that records
 * the windows it opens, an in-memory Extension Data Service, and a build page data service.
 */
export interface FakeUser {
  id: string;
  name: string;
  displayName: string;
  descriptor: string;
  imageUrl: string;
}

export interface SdkState {
  configuration: Record<string, any>;
  user: FakeUser;
  project: { id: string; name: string } | undefined;
  extensionId: string;
  orgUrl: string;
  areas: Record<string, string>;
  /** The token getAccessToken() gives; a function to give a different one each call. */
  token: string | (() => string);
  /** 'ok', or never answer the handshake, or fail it. */
  handshake: 'ok' | 'never' | Error;
  services: Record<string, unknown>;
  /** What the host was told and asked. */
  calls: { notifyLoadSucceeded: number; notifyLoadFailed: unknown[]; tokens: number; openedWindows: string[]; init: unknown[] };
  /** The Extension Data Service's documents, by key. */
  documents: Map<string, unknown>;
  /** Each document's version (__etag). */
  etags: Map<string, number>;
  /** Called before a document is written: a test makes another save land first. */
  writeHook?: (id: string) => void;
  buildPageData: { build?: { id: number } } | undefined;
}

export const RELEASE_AREA = 'efc2f575-36ef-48e9-b672-0c6fb4a48ac5';
export const TEST_RESULTS_AREA = 'c83eaf52-edf3-4034-ae11-17d38f25404c';

function initialState(): SdkState {
  const state: SdkState = {
    configuration: {},
    user: { id: 'user-alice', name: 'alice@contoso.com', displayName: 'Alice Director', descriptor: 'aad.alice', imageUrl: '' },
    project: { id: 'project-shop', name: 'Shop' },
    extensionId: 'deployaudit.deploy-audit',
    orgUrl: 'https://dev.azure.com/contoso/',
    areas: { [RELEASE_AREA]: 'https://vsrm.dev.azure.com/contoso/', [TEST_RESULTS_AREA]: 'https://vstmr.dev.azure.com/contoso/' },
    token: 'host-token',
    handshake: 'ok',
    services: {},
    calls: { notifyLoadSucceeded: 0, notifyLoadFailed: [], tokens: 0, openedWindows: [], init: [] },
    documents: new Map(),
    etags: new Map(),
    buildPageData: undefined,
  };
  state.services = defaultServices();
  return state;
}

function defaultServices(): Record<string, unknown> {
  return {
    'ms.vss-features.location-service': {
      getServiceLocation: async () => current().orgUrl,
      getResourceAreaLocation: async (areaId: string) => {
        const url = current().areas[areaId.toLowerCase()];
        if (!url) throw new Error(`no resource area ${areaId}`);
        return url;
      },
      routeUrl: async () => '',
    },
    'ms.vss-tfs-web.tfs-page-data-service': { getProject: async () => current().project },
    'ms.vss-features.host-navigation-service': {
      openNewWindow: (url: string) => current().calls.openedWindows.push(url),
      navigate: () => undefined,
    },
    'ms.vss-features.extension-data-service': {
      getExtensionDataManager: async (extensionId: string, token: string) => {
        if (extensionId !== current().extensionId) throw new Error(`unexpected extension id ${extensionId}`);
        if (!token) throw new Error('no token');
        return {
          getValue: async (key: string, options?: { defaultValue?: unknown }) =>
            current().documents.has(key) ? structuredCopy(current().documents.get(key)) : options?.defaultValue,
          setValue: async (key: string, value: unknown) => {
            current().documents.set(key, structuredCopy(value));
            current().etags.set(key, (current().etags.get(key) ?? 0) + 1);
            return value;
          },
          // Values are documents of "$settings", versioned by __etag as the service keeps them: a write naming
          // another version, or a create of a taken id, is refused with 400 as the service refuses it.
          getDocument: async (collection: string, id: string) => {
            if (collection !== '$settings' || !current().documents.has(id)) throw Object.assign(new Error(`The document ${id} does not exist.`), { status: 404 });
            return { id, __etag: current().etags.get(id) ?? 1, value: structuredCopy(current().documents.get(id)) };
          },
          createDocument: async (collection: string, doc: { id: string; value: unknown }) => writeSettingsDocument(collection, doc, 'create'),
          setDocument: async (collection: string, doc: { id: string; __etag?: number; value: unknown }) => writeSettingsDocument(collection, doc, 'set'),
        };
      },
    },
    'ms.vss-build-web.build-page-data-service': { getBuildPageData: () => current().buildPageData },
  };
}

function writeSettingsDocument(collection: string, doc: { id: string; __etag?: number; value: unknown }, mode: 'create' | 'set') {
  const state = current();
  if (collection !== '$settings') throw new Error(`unexpected collection ${collection}`);
  state.writeHook?.(doc.id);
  const etag = state.etags.get(doc.id) ?? (state.documents.has(doc.id) ? 1 : undefined);
  if (mode === 'create' && etag !== undefined) throw Object.assign(new Error(`The document ${doc.id} already exists.`), { status: 400 });
  if (mode === 'set' && etag !== undefined && doc.__etag !== undefined && doc.__etag !== -1 && doc.__etag !== etag)
    throw Object.assign(new Error(`The document ${doc.id} has been changed since it was read.`), { status: 400 });
  state.documents.set(doc.id, structuredCopy(doc.value));
  state.etags.set(doc.id, (etag ?? 0) + 1);
  return { id: doc.id, __etag: (etag ?? 0) + 1, value: doc.value };
}

const structuredCopy = <T,>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

// Shared through the global object, so that a module registry of its own (jest.isolateModules, used to load an
// entry afresh) sees the same host as the test.
const shared = globalThis as typeof globalThis & { __deployAuditSdkState?: SdkState };
shared.__deployAuditSdkState ??= initialState();
const current = (): SdkState => shared.__deployAuditSdkState!;

export const sdk = {
  get state(): SdkState {
    return current();
  },
  reset(): void {
    shared.__deployAuditSdkState = initialState();
  },
  configure(patch: Partial<Omit<SdkState, 'calls' | 'services' | 'documents' | 'etags'>>): void {
    Object.assign(current(), patch);
  },
  setService(id: string, service: unknown): void {
    current().services[id] = service;
  },
};

const handshake = (): Promise<void> => {
  if (current().handshake === 'never') return new Promise(() => undefined);
  if (current().handshake instanceof Error) return Promise.reject(current().handshake);
  return Promise.resolve();
};

/** The module 'azure-devops-extension-sdk' as the code under test sees it. */
export const sdkModule = {
  __esModule: true,
  sdkVersion: 4.2,
  init: (options?: unknown) => {
    current().calls.init.push(options);
    return handshake();
  },
  ready: () => handshake(),
  notifyLoadSucceeded: async () => {
    current().calls.notifyLoadSucceeded++;
  },
  notifyLoadFailed: async (error: unknown) => {
    current().calls.notifyLoadFailed.push(error);
  },
  getConfiguration: () => current().configuration,
  getContributionId: () => `${current().extensionId}.deployment-audit-hub`,
  getUser: () => current().user,
  getHost: () => ({ id: 'host-1', name: 'contoso', serviceVersion: 'test', type: 4, isHosted: true }),
  getExtensionContext: () => {
    const [publisherId, extensionId] = current().extensionId.split('.');
    return { id: current().extensionId, publisherId, extensionId, version: '0.1.0' };
  },
  getTeamContext: () => ({ id: 'team-1', name: 'Shop Team' }),
  getWebContext: () => ({ project: current().project, team: { id: 'team-1', name: 'Shop Team' } }),
  getPageContext: () => ({ webContext: { project: current().project } }),
  getService: async (id: string) => {
    if (!(id in current().services)) throw new Error(`no service ${id}`);
    return current().services[id];
  },
  getAccessToken: async () => {
    current().calls.tokens++;
    const { token } = current();
    return typeof token === 'function' ? token() : token;
  },
  getAppToken: async () => 'app-token',
  resize: () => undefined,
  applyTheme: () => undefined,
  register: () => undefined,
  unregister: () => undefined,
};

/**
 * An entry renders itself (ReactDOM.render, as in the host's frame), outside the testing library's act(): React 16
 * then warns about every asynchronous update. Call in a test file that loads an entry to keep those warnings out,
 * and only those.
 */
export function ignoreActWarnings(): void {
  let spy: jest.SpyInstance | undefined;
  beforeEach(() => {
    const original = console.error;
    spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('not wrapped in act(')) return;
      original(...args);
    });
  });
  afterEach(() => spy?.mockRestore());
}
