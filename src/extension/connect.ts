/**
 * The real AuditService: the host context and services from the SDK (after SDK.ready()).
 *
 *   orgUrl, Release / Test Results hosts  LocationService.getServiceLocation(), getResourceAreaLocation(areaId)
 *   project                               ProjectPageService.getProject()  (SDK.getWebContext().project as fallback)
 *   user                                  SDK.getUser()
 *   token                                 SDK.getAccessToken(), asked for on every request (the SDK renews it)
 *   settings                              ExtensionDataService.getExtensionDataManager(SDK.getExtensionContext().id, token)
 *   evidence links                        HostNavigationService.openNewWindow(url, "")
 *   approvers' people picker              IdentityService.searchIdentitiesAsync(query, ['user', 'group'], …)
 *   evidence kept between audits          IndexedDB in this browser (indexeddb-store.ts), per organization and project
 */
import * as SDK from 'azure-devops-extension-sdk';
import { cacheScope, EvidenceCache } from '../core/cache/evidence-cache';
import { createAuditService, type AuditService } from './audit-service';
import { downloadFile } from './download';
import { readHostContext } from './host';
import { IndexedDbEvidenceStore, pageIndexedDb } from './indexeddb-store';
import { SERVICE_IDS, type IExtensionDataService, type IHostNavigationService, type IVssIdentityService } from './services';

export async function connectToHost(): Promise<AuditService> {
  const host = await readHostContext();
  let navigation: Promise<IHostNavigationService> | null = null;
  // The project by id: its kept evidence survives a rename. Per user: another account in the same browser never sees
  // evidence read with this one's permissions.
  const scope = cacheScope(host.orgUrl, host.project.id, host.user.id);
  const warn = (error: unknown) => console.warn(`Deploy Audit: ${error instanceof Error ? error.message : String(error)}`);
  const evidence = new IndexedDbEvidenceStore({ onError: warn });
  return createAuditService({
    host,
    async dataManager() {
      const [service, token] = await Promise.all([SDK.getService<IExtensionDataService>(SERVICE_IDS.extensionData), SDK.getAccessToken()]);
      return service.getExtensionDataManager(host.extensionId, token);
    },
    navigation() {
      navigation ??= SDK.getService<IHostNavigationService>(SERVICE_IDS.navigation);
      return navigation;
    },
    identities: () => SDK.getService<IVssIdentityService>(SERVICE_IDS.identity),
    saveFile: (file) => downloadFile(file),
    async cache(options) {
      if (!pageIndexedDb()) return undefined;
      // Read while the deployments are listed; each audit gets its own view of what the browser keeps.
      evidence.prefetch(scope);
      return new EvidenceCache(evidence, scope, { fresh: options?.fresh });
    },
    onCacheError: warn,
  });
}
