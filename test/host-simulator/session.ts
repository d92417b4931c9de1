/** What the simulator's server tells its host page (GET /api/session): the organization, users and contributions. */

/** Where a contribution shows: a hub, the classic release's summary tab, the pipeline run's tab. */
export type ContributionKind = 'hub' | 'release' | 'run';

export interface SessionContribution {
  /** Short name used in the host page's URL (?view=hub). */
  key: string;
  kind: ContributionKind;
  /** Menu label. */
  label: string;
  /** Full id: publisher.extension.contribution. */
  contributionId: string;
  /** Absolute URL of the contribution's page (extension baseUri + properties.uri). */
  url: string;
}

export interface SessionUser {
  /** Short name used in the host page's URL (?user=auditor). */
  key: string;
  /** Menu label, e.g. "Director". */
  label: string;
  /** What the user may do, shown in the menu, e.g. "read-only: approvals answer 403". */
  note: string;
  /** The token getAccessToken/getAppToken hand out (sent by the extension as Bearer). */
  token: string;
  /** The SDK's IUserContext. */
  identity: { id: string; name: string; displayName: string; descriptor: string; imageUrl: string };
}

export interface Session {
  organization: {
    name: string;
    id: string;
    /** The organization URL with a trailing slash (LocationService.getServiceLocation()). */
    url: string;
    /** Release Management's URL with a trailing slash (the RM service instance type). */
    releaseUrl: string;
    serviceVersion: string;
    isHosted: boolean;
  };
  project: { id: string; name: string };
  team: { id: string; name: string };
  extension: { id: string; publisherId: string; extensionId: string; version: string; baseUri: string };
  users: SessionUser[];
  contributions: SessionContribution[];
  /** The release and the run the tabs show (null when none was found). */
  releaseId: number | null;
  runId: number | null;
  defaults: { view: string; user: string; theme: 'light' | 'dark' };
  /** "open": openNewWindow opens a window (a person); "record": it is only logged (tests). */
  navigation: 'open' | 'record';
}

/** One entry of the host's log: a service call the extension made (tests assert on these). */
export interface HostLogEntry {
  /** e.g. "navigation.openNewWindow", "hostControl.notifyLoadSucceeded", "extensionData.setValue". */
  call: string;
  args: unknown[];
  /** The view (contribution key) and user it happened in. */
  view: string;
  user: string;
  at: string;
}
