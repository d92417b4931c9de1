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
import { SERVICE_IDS, type ILocationService, type IProjectPageService } from './services';
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
