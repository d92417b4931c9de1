/**
 * Azure DevOps addresses and parsing over the transport: which host serves which area, api-versions, paging by
 * `x-ms-continuationtoken`, and zod validation of every answer.
 */
import type { z } from 'zod';
import type { AdoHttp } from '../transport/http';
import { MalformedResponseError } from '../transport/errors';
import { list, resourceAreaSchema } from './schemas';

/** Resource-area ids of the typed clients: the lookup tells where each area lives. */
export const RESOURCE_AREAS = {
  release: 'efc2f575-36ef-48e9-b672-0c6fb4a48ac5',
  testResults: 'c83eaf52-edf3-4034-ae11-17d38f25404c',
} as const;

export type Host = 'core' | 'release' | 'testResults';
export type Query = Record<string, string | number | boolean | undefined | null>;

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** A list that has not ended after this many pages is not read further: the service is looping, or it is hostile. */
export const DEFAULT_MAX_PAGES = 10_000;

export interface ClientOptions {
  /** Told when a resource area points outside Azure DevOps and is ignored. */
  warn?: (message: string) => void;
  /** Pages of one list read at most (DEFAULT_MAX_PAGES). */
  maxPages?: number;
}

export class AdoClient {
  private constructor(
    readonly http: AdoHttp,
    readonly orgUrl: string,
    readonly project: string,
    private readonly hosts: Record<Host, string>,
    private readonly maxPages = DEFAULT_MAX_PAGES,
  ) {}

  /**
   * Looks up the Release Management and Test Results hosts through `{org}/_apis/resourceAreas`. The first request
   * also proves the token: an authentication failure surfaces here.
   */
  static async connect(http: AdoHttp, orgUrl: string, project: string, options: ClientOptions = {}): Promise<AdoClient> {
    const org = trimSlash(orgUrl);
    // An HTML answer is a refused token only when this cheap authenticated request is refused too.
    http.setAuthProbe(`${org}/_apis/connectionData`);
    const { body } = await http.get(`${org}/_apis/resourceAreas`);
    const parsed = list(resourceAreaSchema).safeParse(body);
    const areas = new Map(parsed.success ? parsed.data.map((area) => [area.id.toLowerCase(), trimSlash(area.locationUrl)]) : []);
    const hosts: Record<Host, string> = {
      core: org,
      release: trustedHost(org, areas.get(RESOURCE_AREAS.release), 'vsrm', 'Release Management', options.warn),
      testResults: trustedHost(org, areas.get(RESOURCE_AREAS.testResults), 'vstmr', 'Test Results', options.warn),
    };
    return new AdoClient(http, org, project, hosts, options.maxPages);
  }

  /**
   * For a caller that already knows where the areas live (the extension asks the host's LocationService):
   * `hosts` gives the Release Management and Test Results locations, else the dev.azure.com fallbacks apply.
   */
  static withHosts(
    http: AdoHttp,
    orgUrl: string,
    project: string,
    hosts: Partial<Record<'release' | 'testResults', string>> = {},
    options: ClientOptions = {},
  ): AdoClient {
    const org = trimSlash(orgUrl);
    http.setAuthProbe(`${org}/_apis/connectionData`);
    return new AdoClient(
      http,
      org,
      project,
      {
        core: org,
        release: trustedHost(org, hosts.release && trimSlash(hosts.release), 'vsrm', 'Release Management', options.warn),
        testResults: trustedHost(org, hosts.testResults && trimSlash(hosts.testResults), 'vstmr', 'Test Results', options.warn),
      },
      options.maxPages,
    );
  }

  /** Builds `{host}/{project}/_apis/{path}?api-version=…&query`. Pass `project: false` for organization-level routes. */
  url(host: Host, path: string, apiVersion: string, query: Query = {}, project: string | false = this.project): string {
    const base = project === false ? this.hosts[host] : `${this.hosts[host]}/${encodeURIComponent(project)}`;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    params.set('api-version', apiVersion);
    return `${base}/_apis/${path}?${params.toString().replace(/%24/g, '$').replace(/%2C/gi, ',')}`;
  }

  async get<S extends z.ZodType>(url: string, schema: S): Promise<z.output<S>> {
    const { body } = await this.http.get(url);
    return parse(schema, body, url);
  }

  async post<S extends z.ZodType>(url: string, payload: unknown, schema: S): Promise<z.output<S>> {
    const { body } = await this.http.post(url, payload);
    return parse(schema, body, url);
  }

  /**
   * Every page of a list, following `x-ms-continuationtoken`. `stop` may end the walk early, e.g. once a page is
   * older than the audit window. A token seen twice is a malformed answer: the list cannot be read to its end.
   */
  /** The first page of a list, and whether the service has more (a continuation token). */
  async firstPage<S extends z.ZodType>(url: string, item: S): Promise<{ page: z.output<S>[]; more: boolean }> {
    const { body, headers } = await this.http.get(url);
    return { page: parse(list(item), body, url) as z.output<S>[], more: !!headers.get('x-ms-continuationtoken') };
  }

  async *pages<S extends z.ZodType>(
    url: string,
    item: S,
    stop: (page: z.output<S>[]) => boolean = () => false,
  ): AsyncGenerator<z.output<S>[]> {
    const seen = new Set<string>();
    let next: string | null = url;
    for (let pages = 0; next; pages++) {
      if (pages >= this.maxPages) {
        throw new MalformedResponseError(`the list at ${url.split('?')[0]} did not end after ${this.maxPages} pages`, next);
      }
      const { body, headers } = await this.http.get(next);
      const page = parse(list(item), body, next) as z.output<S>[];
      yield page;
      const token = headers.get('x-ms-continuationtoken');
      if (!token || page.length === 0 || stop(page)) break;
      // Following it again would loop; stopping would silently drop the rest of the list.
      if (seen.has(token)) throw new MalformedResponseError(`the continuation token "${token}" came back twice`, next);
      seen.add(token);
      const nextUrl = new URL(url);
      nextUrl.searchParams.set('continuationToken', token);
      next = nextUrl.toString();
    }
  }

  /** Link to a page of the web UI, e.g. `_build/results?buildId=1`. */
  webUrl(path: string): string {
    return `${this.orgUrl}/${encodeURIComponent(this.project)}/${path}`;
  }
}

export function parse<S extends z.ZodType>(schema: S, body: unknown, url: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'answer';
    throw new MalformedResponseError(`unexpected answer from Azure DevOps (${where}: ${issue?.message})`, url);
  }
  return result.data;
}

/** dev.azure.com/{org} → {prefix}.dev.azure.com/{org}; {org}.visualstudio.com → {org}.{prefix}.visualstudio.com. */
export function fallbackHost(orgUrl: string, prefix: 'vsrm' | 'vstmr'): string {
  const url = new URL(orgUrl);
  if (url.hostname === 'dev.azure.com') url.hostname = `${prefix}.dev.azure.com`;
  else if (url.hostname.endsWith('.visualstudio.com')) url.hostname = url.hostname.replace(/\.visualstudio\.com$/, `.${prefix}.visualstudio.com`);
  return trimSlash(url.toString());
}

/**
 * Where a resource area may live so that the token may go there: the organization's own origin, or, for Azure DevOps
 * Services, a host of the same service family over https (dev.azure.com, *.dev.azure.com, *.visualstudio.com, which
 * covers *.vsrm.visualstudio.com). A server's collection keeps its token on its own host.
 */
export function isTrustedAreaUrl(orgUrl: string, areaUrl: string): boolean {
  let org: URL;
  let area: URL;
  try {
    org = new URL(orgUrl);
    area = new URL(areaUrl);
  } catch {
    return false;
  }
  if (area.username || area.password) return false;
  if (area.origin === org.origin) return true;
  if (area.protocol !== 'https:' || (area.port !== '' && area.port !== '443')) return false;
  const family = (host: string) =>
    host === 'dev.azure.com' || host.endsWith('.dev.azure.com') ? 'azure' : host.endsWith('.visualstudio.com') ? 'azure' : null;
  const orgFamily = family(org.hostname.toLowerCase());
  return orgFamily !== null && family(area.hostname.toLowerCase()) === orgFamily;
}

/** A resource area's location when the token may go there; otherwise a warning and the organization's fallback. */
function trustedHost(org: string, location: string | undefined, prefix: 'vsrm' | 'vstmr', area: string, warn?: (message: string) => void): string {
  if (location === undefined || location === '') return fallbackHost(org, prefix);
  if (isTrustedAreaUrl(org, location)) return location;
  warn?.(`ignoring the ${area} location ${JSON.stringify(location)}: it is not a host of ${new URL(org).host}'s Azure DevOps; the token is sent only there`);
  return fallbackHost(org, prefix);
}
