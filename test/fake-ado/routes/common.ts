/** What every route module shares: the request context, reply helpers and the renderers of common references. */
import type { AcceptOptions, EnumSpec } from '../format';
import type { ApiArea, FakeIdentity, FakeOrganization, FakeProject, TokenGrant } from '../model';

/** The fake's three hosts: the organization, Release Management (vsrm) and Test Results (vstmr). */
export type Host = 'main' | 'vsrm' | 'vstmr';

export interface Urls {
  /** http://127.0.0.1:PORT */
  base: string;
  /** http://127.0.0.1:PORT/{org} */
  org: string;
  /** http://127.0.0.1:PORT/_vsrm/{org} */
  vsrm: string;
  /** http://127.0.0.1:PORT/_vstmr/{org} */
  vstmr: string;
}

export interface ServerBehaviour {
  /** Classic deployments list: include release.artifacts (the real list usually has them empty). Default false. */
  deploymentArtifactsInList: boolean;
  /** Most items a page holds, whatever `top` asks for (services cap pages; clients must follow the token). */
  maxPageSize: number;
  /** Azure DevOps Server 2022 (REST 7.0 at most, one host). */
  server2022: boolean;
}

/** The page size a list answers with: what the client asked (or the default), within the server's cap. */
export const pageSize = (ctx: RouteContext, asked: number | undefined, fallback: number): number =>
  Math.min(ctx.behaviour.maxPageSize, Math.max(1, asked ?? fallback));

export interface RouteContext {
  org: FakeOrganization;
  urls: Urls;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** Resolved for project-scoped routes. */
  project: FakeProject;
  grant: TokenGrant | null;
  accept: AcceptOptions;
  behaviour: ServerBehaviour;
}

export interface Reply {
  status?: number;
  /** A JSON body. */
  body?: unknown;
  /** A list: written {count, value} unless noArrayWrap. */
  list?: unknown[];
  /** Which fields hold enums (written as numbers when the client asks enumsAsNumbers). */
  enums?: EnumSpec;
  /** Next page token (x-ms-continuationtoken). */
  continuationToken?: string | null;
  headers?: Record<string, string>;
  raw?: { contentType: string; text: string };
}

export interface Route {
  id: string;
  host: Host;
  method: 'GET' | 'POST';
  /** Matched against the path after the host prefix and organization name, e.g. /Shop/_apis/build/builds/12. */
  pattern: RegExp;
  area: ApiArea;
  /** The route has a {project} segment (named group `project`) that must resolve. */
  projectScoped: boolean;
  /** Allowed without credentials (resource areas). */
  anonymous?: boolean;
  handle(ctx: RouteContext): Reply;
}

export const list = (items: unknown[], enums?: EnumSpec, continuationToken?: string | null): Reply => ({
  list: items,
  enums,
  continuationToken,
});

export const json = (body: unknown, enums?: EnumSpec): Reply => ({ body, enums });

export const fail = (status: number, body: unknown): Reply => ({ status, body });

/** ISO 8601 as the service writes dates. */
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** IdentityRef as the REST APIs write it. */
export function identityRef(identity: FakeIdentity, urls: Urls): Record<string, unknown> {
  const ref: Record<string, unknown> = {
    displayName: identity.displayName,
    url: `${urls.org}/_apis/Identities/${identity.id}`,
    _links: { avatar: { href: `${urls.org}/_apis/GraphProfile/MemberAvatars/${identity.descriptor}` } },
    id: identity.id,
    uniqueName: identity.uniqueName,
    imageUrl: `${urls.org}/_api/_common/identityImage?id=${identity.id}`,
    descriptor: identity.descriptor,
  };
  if (identity.isContainer) ref.isContainer = true;
  return ref;
}

/** The short identity of data providers (HierarchyQuery). */
export function identityShort(identity: FakeIdentity): Record<string, unknown> {
  return {
    displayName: identity.displayName,
    id: identity.id,
    uniqueName: identity.uniqueName,
    descriptor: identity.descriptor,
  };
}

/** TeamProjectReference. */
export function projectRef(project: FakeProject, urls: Urls): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    description: project.description || undefined,
    url: `${urls.org}/_apis/projects/${project.id}`,
    state: 'wellFormed',
    revision: 412,
    visibility: 'private',
    lastUpdateTime: '2024-01-10T08:00:00.000Z',
  };
}

/** Parses an integer query parameter; undefined when absent or not a number. */
export function intParam(query: URLSearchParams, ...names: string[]): number | undefined {
  for (const name of names) {
    const v = query.get(name);
    if (v !== null && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  }
  return undefined;
}

/** Query parameters are case-insensitive in Azure DevOps. */
export function caseInsensitive(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of query) out.append(k.toLowerCase(), v);
  return out;
}
