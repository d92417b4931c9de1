/**
 * A fake Azure DevOps service on 127.0.0.1 (Node http, random port) that answers as the real one does, from a
 * FakeOrganization (model.ts). The organization lives at /{org}; Release Management and Test Results, which
 * are other hosts in real Azure DevOps (vsrm., vstmr.), live at /_vsrm/{org} and /_vstmr/{org} and are found
 * through GET {org}/_apis/resourceAreas. Their routes answer 404 on the organization's own prefix.
 *
 *   const ado = await startFakeAdo(org);
 *   fetch(`${ado.orgUrl}/Shop/_apis/build/builds/1000?api-version=7.1`, { headers: { Authorization: … } });
 *   ado.setFaults([{ path: '/_apis/build/builds', status: 429, times: 1 }]);
 *   ado.requests; // every request: method, host, path, route, query, status
 *   await ado.close();
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Errors, NOT_FOUND_PAGE, parseAccept, serialize, SIGN_IN_PAGE, UNAUTHORIZED_PAGE, vssError } from './format';
import { guidFrom } from './ids';
import type { FakeOrganization, TokenGrant } from './model';
import { buildRoutes } from './routes/build';
import type { Host, Reply, Route, RouteContext, ServerBehaviour, Urls } from './routes/common';
import { coreRoutes } from './routes/core';
import { gitRoutes } from './routes/git';
import { gitItemsRoutes } from './routes/git-items';
import { identityPickerRoutes } from './routes/identity-picker';
import { pipelinesRoutes } from './routes/pipelines';
import { releaseRoutes } from './routes/release';
import { securityRoutes } from './routes/security';
import { testsRoutes } from './routes/tests';
import { witRoutes } from './routes/wit';
import { readBody } from '../support/http';

export const ROUTES: Route[] = [
  ...coreRoutes,
  ...buildRoutes,
  ...pipelinesRoutes,
  ...releaseRoutes,
  ...gitItemsRoutes,
  ...identityPickerRoutes,
  ...gitRoutes,
  ...testsRoutes,
  ...securityRoutes,
  ...witRoutes,
];

/**
 * A fault: the first `times` matching requests (after `skip` that pass through) fail with `status`, `headers`
 * and `body`. Without status and body the rule only adds its headers to the real answer (e.g. Retry-After or
 * X-RateLimit-Delay on a 200). A string body is sent verbatim (malformed JSON, HTML…).
 */
export interface FaultRule {
  method?: string;
  /** Matched against the request's full path and query, e.g. "/_vsrm/contoso/Shop/_apis/release/deployments?…". */
  path: RegExp | string;
  /** How many matching requests fail (default 1; Infinity allowed). */
  times?: number;
  /** Matching requests to let through before failing (e.g. fail the third page). Default 0. */
  skip?: number;
  status?: number;
  /** Headers to send; null removes a default (429s default to Retry-After: 1 and the X-RateLimit-* headers). */
  headers?: Record<string, string | null>;
  body?: unknown;
  contentType?: string;
  /** Extra delay before this answer, in ms. */
  delayMs?: number;
}

export interface RequestLogEntry {
  method: string;
  host: Host;
  /** Full URL path, e.g. /contoso/Shop/_apis/build/builds/1000. */
  path: string;
  /** Path after the host prefix and organization, e.g. /Shop/_apis/build/builds/1000. */
  route: string;
  /** Id of the route that answered (e.g. "build.get"), null if none. */
  routeId: string | null;
  query: Record<string, string>;
  status: number;
  /** uniqueName of the authenticated caller, null when anonymous or rejected. */
  user: string | null;
  /** True when a fault rule produced or decorated the answer. */
  faulted: boolean;
}

export type Latency = number | ((request: { method: string; path: string; route: string }) => number);

export interface FakeAdoOptions {
  /** Port to listen on; default 0 (random). */
  port?: number;
  /** Delay added to every request, in ms (or a function of the request). Default 0. */
  latencyMs?: Latency;
  faults?: FaultRule[];
  /** Classic deployments list: include release.artifacts (usually [] in the real list). Default false. */
  deploymentArtifactsInList?: boolean;
  /** Cap on every paged list's page size, to test paging with few items. Default: no cap. */
  maxPageSize?: number;
  /**
   * Azure DevOps Server 2022 (REST 7.0): any api-version above 7.0 answers 400 VssVersionOutOfRangeException; Release
   * Management and Test Results live on the collection's own host (resource areas say so; the _vsrm and _vstmr
   * prefixes answer 404); routes Server 2022 does not have (SERVER_2022_MISSING) answer 404.
   */
  server2022?: boolean;
}

/** Routes the fake serves that Azure DevOps Server 2022 lacks (specs/server-2022 against the 7.1/7.2 specs). */
export const SERVER_2022_MISSING: ReadonlySet<string> = new Set([
  // pipelines/environments and its deployment records are 7.2-preview routes of the cloud (distributedtask/… exist)
  'environments.list@pipelines',
  'environments.get@pipelines',
  'environments.records@pipelines',
  // Test Results' own area (vstmr) has no resultsummarybybuild on the server
  'testresults.summaryByBuild',
]);

/** The highest REST API version Azure DevOps Server 2022 answers. */
export const SERVER_2022_API_VERSION = '7.0';

/** "7.1-preview.1" → [7, 1]; null when not a version. */
function versionNumber(version: string): [number, number] | null {
  const m = /^\s*(\d+)(?:\.(\d+))?/.exec(version);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : null;
}

function missingOnServer2022(route: Route, path: string): boolean {
  if (SERVER_2022_MISSING.has(route.id)) return true;
  return route.id.startsWith('environments.') && /\/_apis\/pipelines\/environments/i.test(path) && SERVER_2022_MISSING.has(`${route.id}@pipelines`);
}

export interface FakeAdo {
  /** http://127.0.0.1:PORT/{org} — what a user configures as the organization URL. */
  orgUrl: string;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** http://127.0.0.1:PORT/_vsrm/{org} (Release Management). */
  vsrmUrl: string;
  /** http://127.0.0.1:PORT/_vstmr/{org} (Test Results). */
  vstmrUrl: string;
  org: FakeOrganization;
  /** Azure DevOps Server 2022 mode (REST 7.0, one host). */
  server2022: boolean;
  /** Every request answered, in order. */
  requests: RequestLogEntry[];
  /** Number of logged requests whose path (with query) matches. */
  count(path?: RegExp | string, method?: string): number;
  resetLog(): void;
  setFaults(faults: FaultRule[]): void;
  addFault(fault: FaultRule): void;
  clearFaults(): void;
  /** Requests each rule has failed or decorated so far (same order as given). */
  faultHits(): number[];
  setLatency(latency: Latency): void;
  close(): Promise<void>;
}

interface FaultState {
  rule: FaultRule;
  seen: number;
  hits: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function matches(pattern: RegExp | string, text: string): boolean {
  if (typeof pattern === 'string') return text.includes(pattern);
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/** Request headers a browser may send across origins (what the SDK's REST clients and Deploy Audit send). */
export const CORS_ALLOWED_HEADERS =
  'Authorization, Accept, Content-Type, X-TFS-FedAuthRedirect, X-VSS-ForceMsaPassThrough, X-TFS-Session, X-VSS-ReauthenticationAction';

/** Response headers a cross-origin script may read: paging, throttling and diagnostics. */
export const CORS_EXPOSED_HEADERS = [
  'Request-Context',
  'x-ms-continuationtoken',
  'Retry-After',
  'X-RateLimit-Resource',
  'X-RateLimit-Delay',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'ActivityId',
  'X-VSS-E2EID',
  'X-TFS-ProcessId',
  'X-VSS-UserData',
].join(', ');

/** CORS: any origin may call with a token (no cookies are involved); the answer names the caller's origin. */
function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

function credentials(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : decoded;
  }
  if (/^bearer$/i.test(scheme)) return value;
  return null;
}

function defaultFaultBody(status: number, grant: TokenGrant | null, route: string): { body: unknown; contentType?: string } {
  switch (status) {
    case 429:
      return { body: Errors.throttled() };
    case 500:
      return { body: Errors.internal() };
    case 503:
      return { body: Errors.unavailable() };
    case 403:
      return { body: Errors.accessDenied(grant?.user.displayName ?? 'Anonymous', 'View') };
    case 401:
      return { body: UNAUTHORIZED_PAGE, contentType: 'text/html; charset=utf-8' };
    case 203:
      return { body: SIGN_IN_PAGE, contentType: 'text/html; charset=utf-8' };
    case 404: {
      const build = /\/_apis\/build\/builds\/(\d+)/i.exec(route);
      if (build) return { body: Errors.buildNotFound(build[1]) };
      return {
        body: vssError(
          'NotFoundException',
          'Microsoft.VisualStudio.Services.WebApi.NotFoundException, Microsoft.VisualStudio.Services.WebApi',
          'The requested resource was not found.',
        ),
      };
    }
    default:
      return { body: Errors.internal() };
  }
}

function throttleHeaders(): Record<string, string> {
  return {
    'Retry-After': '1',
    'X-RateLimit-Resource': 'ATCPU',
    'X-RateLimit-Delay': '0.5',
    'X-RateLimit-Limit': '200',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 1),
  };
}

export async function startFakeAdo(org: FakeOrganization, options: FakeAdoOptions = {}): Promise<FakeAdo> {
  const requests: RequestLogEntry[] = [];
  let faults: FaultState[] = (options.faults ?? []).map((rule) => ({ rule, seen: 0, hits: 0 }));
  let latency: Latency = options.latencyMs ?? 0;
  const behaviour: ServerBehaviour = {
    deploymentArtifactsInList: options.deploymentArtifactsInList ?? false,
    maxPageSize: options.maxPageSize ?? Number.POSITIVE_INFINITY,
    server2022: options.server2022 ?? false,
  };
  let urls: Urls = { base: '', org: '', vsrm: '', vstmr: '' };
  let sequence = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(vssError('VssServiceException', 'Fake', `fake-ado: ${String(error)}`)));
      }
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', urls.base);
    const method = (req.method ?? 'GET').toUpperCase();
    const bodyText = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
    const segments = url.pathname.split('/');
    let host: Host = 'main';
    let i = 1;
    if (segments[1]?.toLowerCase() === '_vsrm') {
      host = 'vsrm';
      i = 2;
    } else if (segments[1]?.toLowerCase() === '_vstmr') {
      host = 'vstmr';
      i = 2;
    }
    const orgName = decodeURIComponent(segments[i] ?? '');
    const route = `/${segments.slice(i + 1).join('/')}`;
    const entry: RequestLogEntry = {
      method,
      host,
      path: url.pathname,
      route,
      routeId: null,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      user: null,
      faulted: false,
    };
    const full = `${url.pathname}${url.search}`;
    const headers: Record<string, string | string[]> = {
      'X-VSS-E2EID': guidFrom('e2e', ++sequence),
      ActivityId: guidFrom('activity', sequence),
      'X-TFS-ProcessId': guidFrom('process', org.name),
      'Request-Context': 'appId=cid-v1:a892bfef-0287-4640-9f5e-cffc90fbcf94',
      'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS,
      ...corsHeaders(req),
    };

    const send = (status: number, text: string, contentType: string, extra: Record<string, string | null> = {}) => {
      entry.status = status;
      for (const [k, v] of Object.entries(extra)) {
        if (v === null) delete headers[k];
        else headers[k] = v;
      }
      headers['Content-Type'] = contentType;
      res.writeHead(status, headers);
      res.end(text);
      requests.push(entry);
    };

    // A browser's CORS preflight (an extension's iframe is another origin): answered before routing and
    // authentication, as the service does, and not logged (only browsers send it).
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        ...corsHeaders(req),
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? CORS_ALLOWED_HEADERS),
        'Access-Control-Max-Age': '3600',
      });
      res.end();
      return;
    }

    const delay = typeof latency === 'function' ? latency({ method, path: url.pathname, route }) : latency;
    if (delay > 0) await sleep(delay);

    if (orgName.toLowerCase() !== org.name.toLowerCase()) {
      send(404, NOT_FOUND_PAGE, 'text/html; charset=utf-8');
      return;
    }

    // Server 2022 has one host: Release Management and Test Results answer on the collection, and their own
    // prefixes do not exist.
    const onHost = (r: Route) => (behaviour.server2022 ? host === 'main' : r.host === host);
    const candidates = ROUTES.filter((r) => onHost(r) && r.pattern.test(route) && !(behaviour.server2022 && missingOnServer2022(r, route)));
    const matched = candidates.find((r) => r.method === method);
    if (!matched) {
      // Unknown API on this host (e.g. release routes on the organization's prefix): the HTML 404 page.
      send(candidates.length ? 405 : 404, NOT_FOUND_PAGE, 'text/html; charset=utf-8');
      return;
    }
    entry.routeId = matched.id;

    if (behaviour.server2022) {
      const asked = parseAccept(req.headers.accept).apiVersion ?? url.searchParams.get('api-version');
      const v = asked ? versionNumber(asked) : null;
      if (v && (v[0] > 7 || (v[0] === 7 && v[1] > 0))) {
        send(400, JSON.stringify(Errors.versionOutOfRange(`${v[0]}.${v[1]}`, SERVER_2022_API_VERSION)), 'application/json; charset=utf-8');
        return;
      }
    }

    // Authentication: a missing or unknown token gets the sign-in page (203), or 401 when redirects are suppressed.
    const token = credentials(req);
    const grant = token !== null ? (org.tokens.get(token) ?? null) : null;
    if (!grant && !matched.anonymous) {
      const suppress = String(req.headers['x-tfs-fedauthredirect'] ?? '').toLowerCase() === 'suppress';
      if (suppress) {
        headers['WWW-Authenticate'] = [
          'Bearer authorization_uri=https://login.microsoftonline.com/common',
          `Basic realm="${urls.base}/"`,
          'TFS-Federated',
        ];
        headers['X-TFS-FedAuthRealm'] = `${urls.base}/`;
        headers['X-TFS-FedAuthIssuer'] = `${urls.base}/`;
        send(401, UNAUTHORIZED_PAGE, 'text/html; charset=utf-8');
      } else {
        send(203, SIGN_IN_PAGE, 'text/html; charset=utf-8');
      }
      return;
    }
    entry.user = grant?.user.uniqueName ?? null;
    if (grant) headers['X-VSS-UserData'] = `${grant.user.id}:${grant.user.uniqueName}`;

    // Faults and throttling.
    let decorate: Record<string, string | null> = {};
    for (const state of faults) {
      const rule = state.rule;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (!matches(rule.path, full)) continue;
      state.seen += 1;
      if (state.seen <= (rule.skip ?? 0)) continue;
      if (state.hits >= (rule.times ?? 1)) continue;
      state.hits += 1;
      entry.faulted = true;
      if (rule.delayMs) await sleep(rule.delayMs);
      if (rule.status === undefined && rule.body === undefined) {
        decorate = { ...decorate, ...(rule.headers ?? {}) };
        continue;
      }
      const status = rule.status ?? 200;
      const fallback = defaultFaultBody(status, grant, route);
      const body = rule.body === undefined ? fallback.body : rule.body;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const contentType = rule.contentType ?? (rule.body === undefined ? fallback.contentType : undefined) ?? 'application/json; charset=utf-8';
      send(status, text, contentType, { ...(status === 429 ? throttleHeaders() : {}), ...(rule.headers ?? {}) });
      return;
    }

    if (grant && grant.deny.has(matched.area)) {
      const permission = matched.area === 'approvals' || matched.area === 'hierarchyQuery' ? 'View approvals' : 'View';
      send(403, JSON.stringify(Errors.accessDenied(grant.user.displayName, permission)), 'application/json; charset=utf-8', decorate);
      return;
    }

    const params: Record<string, string> = { ...(matched.pattern.exec(route)?.groups ?? {}) };
    const ctx: RouteContext = {
      org,
      urls,
      params,
      query: url.searchParams,
      body: undefined,
      project: undefined as unknown as RouteContext['project'],
      grant,
      accept: parseAccept(req.headers.accept),
      behaviour,
    };
    if (bodyText) {
      try {
        ctx.body = JSON.parse(bodyText);
      } catch {
        send(400, JSON.stringify(Errors.badRequest('The request body is not valid JSON.')), 'application/json; charset=utf-8', decorate);
        return;
      }
    }
    if (matched.projectScoped) {
      const name = decodeURIComponent(params.project ?? '');
      const project = org.findProject(name);
      if (!project) {
        send(404, JSON.stringify(Errors.projectNotFound(name)), 'application/json; charset=utf-8', decorate);
        return;
      }
      ctx.project = project;
    }

    const reply: Reply = matched.handle(ctx);
    const status = reply.status ?? 200;
    if (reply.raw) {
      send(status, reply.raw.text, reply.raw.contentType, { ...(reply.headers ?? {}), ...decorate });
      return;
    }
    const isList = reply.list !== undefined;
    const text = serialize(isList ? reply.list : reply.body, ctx.accept, {
      list: isList,
      enums: status < 400 ? reply.enums : undefined,
    });
    const extra: Record<string, string | null> = { ...(reply.headers ?? {}) };
    if (reply.continuationToken) extra['x-ms-continuationtoken'] = reply.continuationToken;
    const apiVersion = ctx.accept.apiVersion ?? url.searchParams.get('api-version');
    const contentType = `application/json; charset=utf-8${apiVersion && status < 400 ? `; api-version=${apiVersion}` : ''}`;
    send(status, text, contentType, { ...extra, ...decorate });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  urls = {
    base,
    org: `${base}/${org.name}`,
    vsrm: behaviour.server2022 ? `${base}/${org.name}` : `${base}/_vsrm/${org.name}`,
    vstmr: behaviour.server2022 ? `${base}/${org.name}` : `${base}/_vstmr/${org.name}`,
  };

  return {
    orgUrl: urls.org,
    baseUrl: base,
    vsrmUrl: urls.vsrm,
    vstmrUrl: urls.vstmr,
    org,
    server2022: behaviour.server2022,
    requests,
    count(path?: RegExp | string, method?: string) {
      return requests.filter(
        (r) =>
          (!method || r.method === method.toUpperCase()) &&
          (path === undefined || matches(path, `${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query)}` : ''}`)),
      ).length;
    },
    resetLog() {
      requests.length = 0;
    },
    setFaults(list: FaultRule[]) {
      faults = list.map((rule) => ({ rule, seen: 0, hits: 0 }));
    },
    addFault(rule: FaultRule) {
      faults.push({ rule, seen: 0, hits: 0 });
    },
    clearFaults() {
      faults = [];
    },
    faultHits() {
      return faults.map((f) => f.hits);
    },
    setLatency(value: Latency) {
      latency = value;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
