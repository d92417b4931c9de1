/**
 * Classic Release Management deployments to production stages. A deployment that never ran (rejected at approval,
 * `notDeployed`) or still waits (for approval, gates or a schedule) changed nothing in production and is left out.
 * Each deployment is paired with the previous successful one of the same definition to the same stage.
 */
import { buildArtifacts } from '../ado/build-refs';
import type { AdoClient } from '../ado/client';
import { identity } from '../ado/identity';
import { releaseDeploymentSchema, type ReleaseDeployment } from '../ado/schemas';
import { inWindow, type AuditWindow } from '../engine/window';
import type { ApprovalEvidence } from '../model';
import { emptyEvidence, PREVIOUS_LOOKBACK_MS, type Candidate, type DeployedRef, type PreviousLookup, type PreviousRef } from './candidate';
import { latestBeforeIndex } from './latest-before';

const PAGE_SIZE = 100;
/** A long list is listed in at most this many parts of its window at once. */
const PARTS = 8;
const SECOND = 1000;
/** Operation states of a deployment that has not started: waiting for approval, gates, a schedule or its pipeline. */
const WAITING = new Set(['pending', 'queued', 'scheduled', 'deferred', 'evaluatinggates', 'queuedforpipeline']);

export interface ClassicSourceOptions {
  window: AuditWindow;
  isProduction: (stageName: string) => boolean;
  onFound?: (count: number) => void;
  /** The names of the stages deployed to in the window, production or not: what the patterns were matched against. */
  onStages?: (names: string[]) => void;
  /** Deployments left out because they had not started yet (waiting for approval or gates). */
  onWaiting?: (count: number) => void;
  /** Only this release's deployments (the release tab), asked for by its definition. */
  release?: { id: number; definitionId: number };
}

export async function findClassicDeployments(client: AdoClient, options: ClassicSourceOptions): Promise<Candidate[]> {
  const listUrl = (part: AuditWindow) =>
    client.url('release', 'release/deployments', '7.1', {
      minStartedTime: part.from.toISOString(),
      maxStartedTime: part.to.toISOString(),
      queryOrder: 'descending',
      latestAttemptsOnly: false,
      definitionId: options.release?.definitionId,
      $top: PAGE_SIZE,
    });
  const byId = new Map<number, ReleaseDeployment>();
  const { page, more } = await client.firstPage(listUrl(options.window), releaseDeploymentSchema);
  for (const deployment of page) byId.set(deployment.id, deployment);
  if (more) {
    // A long list comes a page after the other: its window's parts are listed at once instead, as many as the
    // first page suggests it has pages (up to PARTS).
    await Promise.all(
      windowParts(options.window, expectedPages(options.window, page)).map(async (part) => {
        for await (const next of client.pages(listUrl(part), releaseDeploymentSchema)) {
          for (const deployment of next) byId.set(deployment.id, deployment);
        }
      }),
    );
  }
  options.onStages?.([...new Set([...byId.values()].map((deployment) => deployment.releaseEnvironment.name))]);
  const production = [...byId.values()].filter((deployment) => options.isProduction(deployment.releaseEnvironment.name));
  const waiting = production.filter(isWaiting);
  if (waiting.length) options.onWaiting?.(waiting.length);
  const deployed = production
    .filter((deployment) => !options.release || deployment.release.id === options.release.id)
    .filter(ran)
    .filter((deployment) => !!deployment.startedOn && inWindow(options.window, deployment.startedOn));
  const previous = await previousDeployments(client, deployed, production, options.window);
  const candidates = deployed.map((deployment) => toCandidate(client, deployment, previous.get(deployment.id) ?? null));
  options.onFound?.(candidates.length);
  return candidates;
}

/** About how many pages the window's list has, from its first (newest) page: how much of the window that covered. */
function expectedPages(window: AuditWindow, first: ReleaseDeployment[]): number {
  const starts = first.map((deployment) => Date.parse(deployment.startedOn ?? '')).filter((at) => !Number.isNaN(at));
  const covered = window.to.getTime() - Math.min(...starts);
  if (!starts.length || !(covered > 0)) return PARTS;
  return Math.ceil((window.to.getTime() - window.from.getTime()) / covered);
}

/**
 * The window in `count` parts (1 to PARTS). Neighbouring parts overlap by a second, whether the service's time bounds
 * are inclusive or not; a deployment listed twice is kept once (by id).
 */
export function windowParts(window: AuditWindow, count: number): AuditWindow[] {
  const from = window.from.getTime();
  const span = window.to.getTime() - from;
  const parts = Math.max(1, Math.min(PARTS, Math.floor(count) || 1));
  return Array.from({ length: parts }, (_, i) => ({
    from: new Date(i === 0 ? from : from + Math.floor((span * i) / parts) - SECOND),
    to: new Date(i === parts - 1 ? window.to.getTime() : from + Math.floor((span * (i + 1)) / parts) + SECOND),
  }));
}

const isWaiting = (deployment: ReleaseDeployment): boolean =>
  (deployment.deploymentStatus === 'notDeployed' || deployment.deploymentStatus === 'inProgress') &&
  WAITING.has(deployment.operationStatus.toLowerCase());

/**
 * Whether the deployment changed production. `notDeployed` covers both a deployment rejected at approval, which
 * never ran, and one whose phases ran and failed (operation status Phase…): the latter is kept.
 */
function ran(deployment: ReleaseDeployment): boolean {
  if (isWaiting(deployment)) return false;
  if (['succeeded', 'partiallySucceeded', 'failed', 'inProgress'].includes(deployment.deploymentStatus)) return true;
  const operation = deployment.operationStatus.toLowerCase();
  return deployment.deploymentStatus === 'notDeployed' && (operation.startsWith('phase') || operation === 'manualinterventionpending');
}

/** The same stage of the same definition, across releases. */
const stageKey = (deployment: ReleaseDeployment): string =>
  `${deployment.releaseDefinition.id}:${deployment.definitionEnvironmentId ?? deployment.releaseEnvironment.name.toLowerCase()}`;

const succeededBefore = (deployment: ReleaseDeployment, before: number, oldest: number): boolean => {
  const start = Date.parse(deployment.startedOn ?? '');
  return deployment.deploymentStatus === 'succeeded' && start < before && start >= oldest;
};

/** The latest of the deployments that succeeded and started before `before`. */
function latestBefore(deployments: Iterable<ReleaseDeployment>, before: number, oldest: number): ReleaseDeployment | null {
  let best: ReleaseDeployment | null = null;
  for (const deployment of deployments) {
    if (!succeededBefore(deployment, before, oldest)) continue;
    if (!best || deployment.startedOn! > best.startedOn! || (deployment.startedOn === best.startedOn && deployment.id > best.id)) best = deployment;
  }
  return best;
}

/**
 * Each deployment's previous successful deployment of its stage: from the window's own list, else (for the first ones
 * of a stage in the window) the stage's latest success in the look-back before the window, one list per stage.
 */
async function previousDeployments(
  client: AdoClient,
  deployed: ReleaseDeployment[],
  listed: ReleaseDeployment[],
  window: AuditWindow,
): Promise<Map<number, PreviousLookup>> {
  const from = window.from.getTime();
  const oldest = from - PREVIOUS_LOOKBACK_MS;
  const latestListed = latestBeforeIndex(
    listed.filter((deployment) => deployment.deploymentStatus === 'succeeded'),
    stageKey,
    (deployment) => Date.parse(deployment.startedOn ?? ''),
    (a, b) => a.id - b.id,
  );

  const found = new Map<number, PreviousLookup>();
  const beforeWindow = new Map<string, Promise<ReleaseDeployment | null>>();
  await Promise.all(
    deployed.map(async (deployment) => {
      const key = stageKey(deployment);
      const start = Date.parse(deployment.startedOn!);
      const inList = latestListed(key, start, oldest);
      if (inList) return found.set(deployment.id, toPrevious(client, inList));
      if (!beforeWindow.has(key)) beforeWindow.set(key, latestSuccessBefore(client, deployment, new Date(Math.min(from, start)), new Date(oldest)));
      try {
        const earlier = await beforeWindow.get(key)!;
        found.set(deployment.id, earlier ? toPrevious(client, earlier) : null);
      } catch (error) {
        found.set(deployment.id, { error });
      }
    }),
  );
  return found;
}

/** The stage's latest successful deployment that started in [oldest, before), read page after page until one is found. */
async function latestSuccessBefore(client: AdoClient, of: ReleaseDeployment, before: Date, oldest: Date): Promise<ReleaseDeployment | null> {
  const url = client.url('release', 'release/deployments', '7.1', {
    definitionId: of.releaseDefinition.id,
    definitionEnvironmentId: of.definitionEnvironmentId ?? undefined,
    deploymentStatus: 'succeeded',
    minStartedTime: oldest.toISOString(),
    maxStartedTime: before.toISOString(),
    queryOrder: 'descending',
    latestAttemptsOnly: false,
    $top: PAGE_SIZE,
  });
  const key = stageKey(of);
  let best: ReleaseDeployment | null = null;
  // The filters are checked again here: an answer that ignored one must not pair the wrong deployments.
  for await (const page of client.pages(url, releaseDeploymentSchema, () => best !== null)) {
    best = latestBefore([...(best ? [best] : []), ...page.filter((deployment) => stageKey(deployment) === key)], before.getTime(), oldest.getTime());
  }
  return best;
}

const deploymentUrl = (client: AdoClient, deployment: ReleaseDeployment) =>
  client.webUrl(`_releaseProgress?_a=release-environment-logs&releaseId=${deployment.release.id}&environmentId=${deployment.releaseEnvironment.id}`);

function deployedRef(client: AdoClient, deployment: ReleaseDeployment): DeployedRef & { kind: 'classic' } {
  const builds = buildArtifacts(deployment.release.artifacts, client.project);
  return { kind: 'classic', releaseId: deployment.release.id, builds: builds.length ? builds : undefined };
}

function toPrevious(client: AdoClient, deployment: ReleaseDeployment): PreviousRef {
  return {
    deployment: {
      key: `classic:${deployment.id}`,
      startedAt: deployment.startedOn!,
      runId: deployment.release.id,
      runName: deployment.release.name,
      url: deploymentUrl(client, deployment),
    },
    deployed: deployedRef(client, deployment),
  };
}

function toCandidate(client: AdoClient, deployment: ReleaseDeployment, previous: PreviousLookup): Candidate {
  const release = deployment.release;
  const url = deploymentUrl(client, deployment);
  const running = deployment.deploymentStatus === 'inProgress';
  const evidence = emptyEvidence({
    key: `classic:${deployment.id}`,
    source: 'classic',
    environment: deployment.releaseEnvironment.name,
    pipeline: { id: deployment.releaseDefinition.id, name: deployment.releaseDefinition.name },
    runId: release.id,
    runName: release.name,
    stage: deployment.releaseEnvironment.name,
    startedAt: deployment.startedOn!,
    finishedAt: running ? null : deployment.completedOn,
    result: deployment.deploymentStatus,
    requestedBy: identity(deployment.requestedFor) ?? identity(deployment.requestedBy),
    url,
  });
  evidence.approvals = deployment.preDeployApprovals
    .filter((approval) => approval.approvalType === 'preDeploy' || approval.approvalType === '')
    .map((approval): ApprovalEvidence => {
      const assigned = identity(approval.approver);
      const decided = approval.status !== 'pending';
      return {
        approver: identity(approval.approvedBy) ?? assigned ?? { id: '', displayName: 'automated', uniqueName: '' },
        assignedTo: assigned,
        status: approval.status as ApprovalEvidence['status'],
        decidedAt: decided ? approval.modifiedOn : null,
        comment: approval.comments || null,
        automated: approval.isAutomated,
        url,
      };
    });
  // A classic stage's approvals are its own: there are no approvals of other resources to tell apart.
  evidence.otherApprovals = [];
  return { origin: { kind: 'classic', releaseId: release.id, deployed: deployedRef(client, deployment), previous }, evidence };
}
