/**
 * The host services Deploy Audit asks for, by the contribution ids Azure DevOps registers them under, and the
 * parts of their interfaces it uses. azure-devops-extension-api declares the ids as a `const enum`, which an
 * isolated-modules build cannot read, so they are spelled out here (the same strings).
 */
import type {
  IExtensionDataManager,
  IExtensionDataService,
  IHostNavigationService,
  ILocationService,
  IProjectPageService,
} from 'azure-devops-extension-api/Common/CommonServices';
import type { IBuildPageData, IBuildPageDataService } from 'azure-devops-extension-api/Build/BuildServices';
import type { IVssIdentityService } from 'azure-devops-extension-api/Identities/IdentityService';

export const SERVICE_IDS = {
  /** getServiceLocation() → the organization (collection) URL; getResourceAreaLocation(areaId) → an area's host. */
  location: 'ms.vss-features.location-service',
  /** getProject() → { id, name } of the page's project. */
  projectPage: 'ms.vss-tfs-web.tfs-page-data-service',
  /** openNewWindow(url, features) for evidence links. */
  navigation: 'ms.vss-features.host-navigation-service',
  /** getExtensionDataManager(extensionId, token) → getValue / setValue for the settings. */
  extensionData: 'ms.vss-features.extension-data-service',
  /** searchIdentitiesAsync(query, types, scopes) → people and groups, for the approvers' people picker. */
  identity: 'ms.vss-features.identity-service',
  /** getBuildPageData() → { build, definition } on a pipeline run's page. */
  buildPageData: 'ms.vss-build-web.build-page-data-service',
} as const;

export type {
  IBuildPageData,
  IBuildPageDataService,
  IExtensionDataManager,
  IExtensionDataService,
  IHostNavigationService,
  ILocationService,
  IProjectPageService,
  IVssIdentityService,
};
