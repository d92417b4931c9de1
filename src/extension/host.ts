/**
 * What the host page tells a contribution about where it runs: the organization, the project, the signed-in user,
 * where Release Management and Test Results live, and a token. Everything here goes through the SDK; nothing else
 * in Deploy Audit touches it (views get an AuditService, see audit-service.ts).
 */
import * as SDK from 'azure-devops-extension-sdk';
import { RESOURCE_AREAS } from '../core/ado/client';
import type { AuthHeaderProvider } from '../core/transport/auth';
import { bearerAuth } from '../core/transport/auth';
import { NoProjectError } from './errors';
import { SERVICE_IDS, type IHostNavigationService, type ILocationService, type IProjectPageService } from './services';
import { sharedToken } from './token';

/** The signed-in user, as the host names them: matched against approvers, requesters and reviewers. */
export interface CurrentUser {
  id: string;
  /** uniqueName: the sign-in address. */
  name: string;
  displayName: string;
  descriptor: string;
}

export interface HostContext {
  /** The organization (or Azure DevOps Server collection) URL, without a trailing slash. */
  orgUrl: string;
  project: { id: string; name: string };
  user: CurrentUser;
  /** publisher.extension, the key of the extension's data. */
  extensionId: string;
  /** Where the Release Management and Test Results areas live; absent when the host could not say. */
  areas: { release?: string; testResults?: string };
  /** A fresh bearer token per request: the SDK renews it before it expires. */
  auth: AuthHeaderProvider;
}

export { NoProjectError };

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Reads the host context once the SDK handshake is done (after SDK.ready()). */
export async function readHostContext(): Promise<HostContext> {
  const [location, projectPage] = await Promise.all([
    SDK.getService<ILocationService>(SERVICE_IDS.location),
    SDK.getService<IProjectPageService>(SERVICE_IDS.projectPage),
  ]);
  const [orgUrl, project, release, testResults] = await Promise.all([
    location.getServiceLocation(),
    projectPage.getProject().catch(() => undefined),
    areaLocation(location, RESOURCE_AREAS.release),
    areaLocation(location, RESOURCE_AREAS.testResults),
  ]);
  const fromPage = project ?? SDK.getWebContext()?.project;
  if (!fromPage?.id || !fromPage.name) throw new NoProjectError();
  const user = SDK.getUser();
  return {
    orgUrl: trimSlash(orgUrl),
    project: { id: fromPage.id, name: fromPage.name },
    user: { id: user.id, name: user.name, displayName: user.displayName, descriptor: user.descriptor },
    extensionId: SDK.getExtensionContext().id,
    areas: { release, testResults },
    auth: bearerAuth(sharedToken(() => SDK.getAccessToken())),
  };
}

/** An area the host cannot locate (an on-premises server without it) falls back to the organization's host. */
async function areaLocation(location: ILocationService, areaId: string): Promise<string | undefined> {
  try {
    const url = await location.getResourceAreaLocation(areaId);
    return url ? trimSlash(url) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The page's address as the hub keeps its view in it: the hash of the host page (Azure DevOps keeps a hub's hash in
 * its own address bar, so a reload and a copied link carry it). See src/hub/url-state.ts for what is written.
 */
export interface PageAddress {
  /** The hash, without `#`; empty when there is none or the host cannot say. */
  read(): Promise<string>;
  /** Replaces the hash (no new history entry per filter change). */
  write(hash: string): void;
  /** The page's full address with this hash, for a colleague. */
  link(hash: string): Promise<string>;
}

/** The host navigation service as a PageAddress (after SDK.ready()). */
export function hostPageAddress(): PageAddress {
  let navigation: Promise<IHostNavigationService> | null = null;
  const service = () => (navigation ??= SDK.getService<IHostNavigationService>(SERVICE_IDS.navigation));
  return {
    async read() {
      try {
        return (await (await service()).getHash()).replace(/^#/, '');
      } catch {
        return '';
      }
    },
    write(hash) {
      void service().then((nav) => nav.replaceHash(hash), () => undefined);
    },
    async link(hash) {
      // The page's own route, made a URL by the host: the hub's address whatever the organization's host name.
      const [nav, location] = await Promise.all([service(), SDK.getService<ILocationService>(SERVICE_IDS.location)]);
      const route = await nav.getPageRoute();
      const url = (await location.routeUrl(route.id, route.routeValues)).replace(/#.*$/, '');
      return hash ? `${url}#${hash}` : url;
    },
  };
}
