/**
 * The host simulator: a local stand-in for the Azure DevOps page that hosts an extension's contributions.
 *
 *   const sim = await startHostSimulator({ adoUrl: ado.orgUrl, project: 'Fabrikam Shop',
 *     users: [{ key: 'director', label: 'Director', token: 'demo-director' }] });
 *   // open sim.url → the hub in an iframe; ?view=release-tab&user=auditor&theme=dark
 *   sim.log;        // the services the extension called (navigation.openNewWindow, extensionData.setValue, …)
 *   await sim.close();
 *
 * Two servers on 127.0.0.1, so that, as in Azure DevOps, the extension's content is on another origin than the
 * host page: the host (its page, its script bundled from host/ with esbuild at start, and a small JSON API) and
 * the extension's files (extensionDir, e.g. dist/extension; baseUri = that server's root). The host page answers
 * the SDK's XDM calls (host/xdm.ts, host/services.ts); what needs the organization (resource areas, the release
 * and build the tabs show) the server reads with the signed-in user's token; extension data is kept in dataFile.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ExtensionDataError, ExtensionDataStore } from './extension-data';
import { readExtensionManifest } from './manifest';
import { ROOT } from './root';
import type { ContributionKind, HostLogEntry, Session, SessionContribution, SessionUser } from './session';
import { readBody } from '../support/http';

export interface SimulatorUser {
  key: string;
  label: string;
  /** Shown in the menu, e.g. "read-only". */
  note?: string;
  token: string;
}

export interface SimulatorContribution {
  key: string;
  kind: ContributionKind;
  label: string;
  /** The contribution's id within the extension (e.g. "deploy-audit-hub"); the full id gets publisher.extension. */
  id: string;
  /** Its page, relative to the extension's root (properties.uri), e.g. "hub/hub.html". */
  uri: string;
}

export interface HostSimulatorOptions {
  /** The organization URL, e.g. http://127.0.0.1:PORT/fabrikam or https://dev.azure.com/contoso. */
  adoUrl: string;
  project: string;
  users: SimulatorUser[];
  /** The extension's root (baseUri): its manifest's addressable files are served. Default: the repository. */
  extensionRoot?: string;
  /** Default: the contributions of the manifest (vss-extension.json and src/<name>/<name>.json). */
  contributions?: SimulatorContribution[];
  /** Default: publisher, id and version of the manifest. */
  extension?: { publisherId: string; extensionId: string; version: string };
  /** Where extension data is kept. Default: out/host-simulator/extension-data.json. */
  dataFile?: string;
  /** Host page port (default 0: any free port) and extension content port (default 0). */
  port?: number;
  extensionPort?: number;
  /** The release and run the tabs show; default: the latest found in the project. */
  releaseId?: number | null;
  runId?: number | null;
  defaults?: Partial<Session['defaults']>;
  /** "record": openNewWindow only logs (tests). Default "open". */
  navigation?: 'open' | 'record';
  /** Also serve the probe contribution (test/host-simulator/probe) as views probe-hub, probe-release, probe-run. */
  probe?: boolean;
}

export interface HostSimulator {
  /** The host page, e.g. http://127.0.0.1:PORT/ */
  url: string;
  /** The extension's baseUri, e.g. http://127.0.0.1:PORT2/ */
  extensionBaseUri: string;
  session: Session;
  /** Service calls the host page reported, oldest first. */
  log: HostLogEntry[];
  clearLog(): void;
  /** Resolves with the first log entry (from now or already logged) that matches. */
  waitForLog(match: (entry: HostLogEntry) => boolean, timeoutMs?: number): Promise<HostLogEntry>;
  /** The host page URL for a view, user and theme. */
  pageUrl(query?: { view?: string; user?: string; theme?: 'light' | 'dark'; releaseId?: number; runId?: number }): string;
  extensionData: ExtensionDataStore;
  close(): Promise<void>;
}

const PROBE_CONTRIBUTIONS: SimulatorContribution[] = [
  { key: 'probe-hub', kind: 'hub', label: 'Probe (hub)', id: 'probe-hub', uri: '__probe/probe.html' },
  { key: 'probe-release', kind: 'release', label: 'Probe (release tab)', id: 'probe-release-tab', uri: '__probe/probe.html' },
  { key: 'probe-run', kind: 'run', label: 'Probe (run tab)', id: 'probe-run-tab', uri: '__probe/probe.html' },
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.txt': 'text/plain; charset=utf-8',
};

/** Bundles browser code (the host page, the probe) with esbuild, in memory. */
async function bundle(entry: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Authorization for the organization: Bearer for an OAuth/Entra token (a JWT), Basic for a PAT or a demo token. */
export function authorization(token: string): string {
  return /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/.test(token) ? `Bearer ${token}` : `Basic ${Buffer.from(`:${token}`).toString('base64')}`;
}

class AdoError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function adoGet<T>(url: string, token: string, accept = 'application/json;api-version=7.1'): Promise<T> {
  const res = await fetch(url, {
    headers: { Authorization: authorization(token), Accept: accept, 'X-TFS-FedAuthRedirect': 'Suppress' },
  });
  const text = await res.text();
  if (res.status === 203 || res.status === 401) throw new AdoError(401, `${url}: the token was not accepted (${res.status}).`);
  if (!res.ok) {
    let message = `${url}: ${res.status}`;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON
    }
    throw new AdoError(res.status, message);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new AdoError(502, `${url}: the answer is not JSON.`);
  }
}

const RELEASE_AREA = 'efc2f575-36ef-48e9-b672-0c6fb4a48ac5';
const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

interface ConnectionData {
  authenticatedUser: { id: string; subjectDescriptor?: string; providerDisplayName: string; properties?: { Account?: { $value?: string } } };
  instanceId: string;
  deploymentType?: string;
}

async function resolveSession(
  options: HostSimulatorOptions,
  extensionBaseUri: string,
  contributions: SimulatorContribution[],
  extension: { publisherId: string; extensionId: string; version: string },
): Promise<Session> {
  const orgUrl = withSlash(options.adoUrl);
  const first = options.users[0];
  if (!first) throw new Error('The host simulator needs at least one user (a token).');
  const users: SessionUser[] = [];
  let instanceId = '';
  let hosted = /\.(visualstudio\.com|azure\.com)$/i.test(new URL(orgUrl).hostname);
  for (const user of options.users) {
    const data = await adoGet<ConnectionData>(`${orgUrl}_apis/connectionData`, user.token);
    const who = data.authenticatedUser;
    instanceId ||= data.instanceId;
    if (data.deploymentType) hosted = data.deploymentType === 'hosted';
    const descriptor = who.subjectDescriptor ?? '';
    users.push({
      key: user.key,
      label: user.label,
      note: user.note ?? '',
      token: user.token,
      identity: {
        id: who.id,
        name: who.properties?.Account?.$value ?? who.providerDisplayName,
        displayName: who.providerDisplayName,
        descriptor,
        imageUrl: `${orgUrl}_apis/GraphProfile/MemberAvatars/${descriptor}`,
      },
    });
  }
  const project = await adoGet<{ id: string; name: string; defaultTeam?: { id: string; name: string } }>(
    `${orgUrl}_apis/projects/${encodeURIComponent(options.project)}`,
    first.token,
  );
  let releaseUrl = orgUrl;
  try {
    releaseUrl = withSlash((await adoGet<{ locationUrl: string }>(`${orgUrl}_apis/resourceAreas/${RELEASE_AREA}`, first.token)).locationUrl);
  } catch {
    // An on-premises server serves Release Management on the collection's own URL.
  }
  const projectPath = encodeURIComponent(project.name);
  let releaseId = options.releaseId;
  if (releaseId === undefined) {
    releaseId = await adoGet<{ value: Array<{ release: { id: number } }> }>(
      `${releaseUrl}${projectPath}/_apis/release/deployments?$top=1&queryOrder=descending&api-version=7.1`,
      first.token,
    ).then(
      (a) => a.value[0]?.release.id ?? null,
      () => null,
    );
  }
  let runId = options.runId;
  if (runId === undefined) {
    runId = await adoGet<{ value: Array<{ id: number }> }>(`${orgUrl}${projectPath}/_apis/build/builds?$top=1&api-version=7.1`, first.token).then(
      (a) => a.value[0]?.id ?? null,
      () => null,
    );
  }
  const fullId = `${extension.publisherId}.${extension.extensionId}`;
  const orgName = decodeURIComponent(new URL(orgUrl).pathname.split('/').filter(Boolean).at(-1) ?? new URL(orgUrl).hostname);
  const sessionContributions: SessionContribution[] = contributions.map((c) => ({
    key: c.key,
    kind: c.kind,
    label: c.label,
    contributionId: `${fullId}.${c.id}`,
    url: new URL(c.uri, extensionBaseUri).toString(),
  }));
  return {
    organization: {
      name: orgName,
      id: instanceId,
      url: orgUrl,
      releaseUrl,
      serviceVersion: 'Dev19.M260.1 (host simulator)',
      isHosted: hosted,
    },
    project: { id: project.id, name: project.name },
    team: project.defaultTeam ? { id: project.defaultTeam.id, name: project.defaultTeam.name } : { id: project.id, name: `${project.name} Team` },
    extension: { id: fullId, ...extension, baseUri: extensionBaseUri },
    users,
    contributions: sessionContributions,
    releaseId: releaseId ?? null,
    runId: runId ?? null,
    defaults: {
      view: options.defaults?.view ?? sessionContributions[0]?.key ?? 'hub',
      user: options.defaults?.user ?? users[0].key,
      theme: options.defaults?.theme ?? 'light',
    },
    navigation: options.navigation ?? 'open',
  };
}

const HOST_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Azure DevOps host simulator</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/host.css">
</head>
<body>
<script src="/host.js"></script>
</body>
</html>
`;

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Serves a file under root (no escaping it), or 404. */
function serveFile(res: http.ServerResponse, root: string, relative: string): void {
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  if (!file.startsWith(path.resolve(root) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Not found: ${relative}`);
    return;
  }
  res.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  fs.createReadStream(file).pipe(res);
}

export async function startHostSimulator(options: HostSimulatorOptions): Promise<HostSimulator> {
  const extensionRoot = path.resolve(options.extensionRoot ?? ROOT);
  const manifest = readExtensionManifest(extensionRoot);
  const dataFile = path.resolve(options.dataFile ?? path.join(ROOT, 'out', 'host-simulator', 'extension-data.json'));
  const store = new ExtensionDataStore(dataFile);
  const contributions = [...(options.contributions ?? manifest.contributions), ...(options.probe ? PROBE_CONTRIBUTIONS : [])];
  const extension = options.extension ?? { publisherId: manifest.publisherId, extensionId: manifest.extensionId, version: manifest.version };
  const hostScript = bundle(path.join(ROOT, 'test', 'host-simulator', 'host', 'main.ts'));
  const probeScript = options.probe ? bundle(path.join(ROOT, 'test', 'host-simulator', 'probe', 'probe.ts')) : null;
  const log: HostLogEntry[] = [];
  const waiters: Array<{ match: (e: HostLogEntry) => boolean; resolve: (e: HostLogEntry) => void }> = [];

  // ---- the extension's content (another origin) ----------------------------------------------------------
  const content = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    if (relative.startsWith('__probe/')) {
      const name = relative.slice('__probe/'.length);
      if (name === 'probe.js' && probeScript) {
        void probeScript.then((text) => {
          res.writeHead(200, { 'Content-Type': CONTENT_TYPES['.js'], 'Cache-Control': 'no-store' });
          res.end(text);
        });
        return;
      }
      serveFile(res, path.join(ROOT, 'test', 'host-simulator', 'probe'), name);
      return;
    }
    // Only what the manifest makes addressable, as the Marketplace serves an extension.
    if (!manifest.addressable.some((prefix) => relative === prefix || relative.startsWith(`${prefix}/`))) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not addressable (not under the manifest's addressable files): ${relative}`);
      return;
    }
    serveFile(res, extensionRoot, relative);
  });
  const contentPort = await listen(content, options.extensionPort ?? 0);
  const extensionBaseUri = `http://127.0.0.1:${contentPort}/`;

  let session: Session;
  try {
    session = await resolveSession(options, extensionBaseUri, contributions, extension);
    await hostScript;
    if (probeScript) await probeScript;
  } catch (error) {
    await close(content);
    throw error;
  }
  const userByKey = new Map(session.users.map((u) => [u.key, u]));
  const resourceAreas = new Map<string, Promise<string>>();

  // ---- the host page and its API --------------------------------------------------------------------------
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, error: unknown) => {
    const status = error instanceof ExtensionDataError || error instanceof AdoError ? error.status : 500;
    const typeKey = error instanceof ExtensionDataError ? error.typeKey : undefined;
    send(res, 200, { error: { status, typeKey, message: error instanceof Error ? error.message : String(error) } });
  };

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const user = userByKey.get(url.searchParams.get('user') ?? '') ?? session.users[0];
    const project = encodeURIComponent(session.project.name);
    let match: RegExpExecArray | null;
    if (url.pathname === '/api/session') {
      send(res, 200, { result: session });
    } else if (url.pathname === '/api/log' && req.method === 'POST') {
      const entry = JSON.parse(await readBody(req)) as HostLogEntry;
      log.push(entry);
      for (const waiter of [...waiters]) {
        if (waiter.match(entry)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(entry);
        }
      }
      send(res, 200, { result: null });
    } else if (url.pathname === '/api/log') {
      send(res, 200, { result: log });
    } else if (url.pathname === '/api/extension-data' && req.method === 'POST') {
      const body = JSON.parse(await readBody(req)) as { op: string; args: unknown[]; extensionId: string; user: string };
      const who = userByKey.get(body.user) ?? session.users[0];
      send(res, 200, { result: store.handle(body.op, body.args ?? [], body.extensionId, who.identity.id) ?? null });
    } else if ((match = /^\/api\/ado\/resource-area\/([0-9a-f-]{36})$/i.exec(url.pathname))) {
      const id = match[1].toLowerCase();
      if (!resourceAreas.has(id)) {
        resourceAreas.set(
          id,
          adoGet<{ locationUrl: string }>(`${session.organization.url}_apis/resourceAreas/${id}`, user.token).then(
            (a) => withSlash(a.locationUrl),
            // Areas a server does not list are served by the organization itself (Azure DevOps Server).
            () => session.organization.url,
          ),
        );
      }
      send(res, 200, { result: { locationUrl: await resourceAreas.get(id)! } });
    } else if ((match = /^\/api\/ado\/release\/(\d+)$/.exec(url.pathname))) {
      const accept = 'application/json;api-version=7.1;enumsAsNumbers=true';
      send(res, 200, { result: await adoGet(`${session.organization.releaseUrl}${project}/_apis/release/releases/${match[1]}`, user.token, accept) });
    } else if ((match = /^\/api\/ado\/build\/(\d+)$/.exec(url.pathname))) {
      const accept = 'application/json;api-version=7.1;enumsAsNumbers=true';
      send(res, 200, { result: await adoGet(`${session.organization.url}${project}/_apis/build/builds/${match[1]}`, user.token, accept) });
    } else {
      send(res, 404, { error: { status: 404, message: `No such API: ${url.pathname}` } });
    }
  }

  const hostCss = path.join(ROOT, 'test', 'host-simulator', 'host', 'host.css');
  const host = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      api(req, res, url).catch((error: unknown) => fail(res, error));
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES['.html'], 'Cache-Control': 'no-store' });
      res.end(HOST_PAGE);
    } else if (url.pathname === '/host.js') {
      void hostScript.then((text) => {
        res.writeHead(200, { 'Content-Type': CONTENT_TYPES['.js'], 'Cache-Control': 'no-store' });
        res.end(text);
      });
    } else if (url.pathname === '/host.css') {
      serveFile(res, path.dirname(hostCss), path.basename(hostCss));
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    }
  });
  let hostPort: number;
  try {
    hostPort = await listen(host, options.port ?? 0);
  } catch (error) {
    await close(content);
    throw error;
  }
  const hostUrl = `http://127.0.0.1:${hostPort}/`;

  return {
    url: hostUrl,
    extensionBaseUri,
    session,
    log,
    clearLog() {
      log.length = 0;
    },
    waitForLog(match, timeoutMs = 10_000) {
      const found = log.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve: (e: HostLogEntry) => (clearTimeout(timer), resolve(e)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`No host log entry matched within ${timeoutMs} ms; log: ${log.map((e) => e.call).join(', ')}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    pageUrl(query = {}) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      const text = params.toString();
      return text ? `${hostUrl}?${text}` : hostUrl;
    },
    extensionData: store,
    async close() {
      await Promise.all([close(host), close(content)]);
    },
  };
}
