/**
 * Which release or run a tab shows, as its page tells it, and when that changes.
 *
 * Release summary tab (target ms.vss-releaseManagement-web.release-details-view): the contribution's configuration
 *   holds `onReleaseChanged(handler)`; the host calls the handler with the release ({ id, … }) now and whenever the
 *   page moves to another release. A `releaseId` in the configuration is used as well, if present.
 * Run tab (target ms.vss-build-web.build-results-view): the build page data service
 *   (ms.vss-build-web.build-page-data-service) getBuildPageData() → { build: { id } }, and the configuration's
 *   `onBuildChanged(handler)` (handler gets the build), or a `buildId` in the configuration.
 */
import * as SDK from 'azure-devops-extension-sdk';
import { SERVICE_IDS, type IBuildPageDataService } from './services';

const positiveId = (value: unknown): number | null => {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** Calls onRelease with the release id now (when known) and whenever it changes. */
export function watchRelease(onRelease: (releaseId: number) => void): void {
  const config = SDK.getConfiguration() ?? {};
  const notify = (value: unknown) => {
    const id = positiveId(value);
    if (id !== null) onRelease(id);
  };
  if (typeof config.onReleaseChanged === 'function') {
    config.onReleaseChanged((release: { id?: number } | undefined) => notify(release?.id));
  }
  notify(config.releaseId ?? config.release?.id);
}

/** Calls onRun with the run (build) id now (when known) and whenever it changes. */
export function watchRun(onRun: (runId: number) => void): void {
  const config = SDK.getConfiguration() ?? {};
  const notify = (value: unknown) => {
    const id = positiveId(value);
    if (id !== null) onRun(id);
  };
  if (typeof config.onBuildChanged === 'function') {
    config.onBuildChanged((build: { id?: number } | undefined) => notify(build?.id));
  }
  notify(config.buildId ?? config.build?.id);
  void SDK.getService<IBuildPageDataService>(SERVICE_IDS.buildPageData)
    .then((service) => service.getBuildPageData())
    .then((data) => notify(data?.build?.id))
    .catch(() => undefined);
}
