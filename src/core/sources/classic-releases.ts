/**
 * Classic Release Management deployments to production stages. A deployment that never ran (rejected at approval,
 * `notDeployed`) changed nothing in production and is left out.
 */
import type { AdoClient } from '../ado/client';
import { releaseDeploymentSchema, type ReleaseArtifact, type ReleaseDeployment } from '../ado/schemas';
import { inWindow, type AuditWindow } from '../engine/window';
import type { BuildRef } from '../evidence/builds';
import type { ApprovalEvidence, Identity } from '../model';
import { emptyEvidence, type Candidate } from './candidate';

const PAGE_SIZE = 100;
/** A long list is listed in at most this many parts of its window at once. */
const PARTS = 8;
const SECOND = 1000;

export interface ClassicSourceOptions {
  window: AuditWindow;
  isProduction: (stageName: string) => boolean;
  onFound?: (count: number) => void;
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
  const candidates = [...byId.values()]
    .filter((deployment) => !options.release || deployment.release.id === options.release.id)
    .filter((deployment) => options.isProduction(deployment.releaseEnvironment.name))
    .filter(ran)
    .filter((deployment) => !!deployment.startedOn && inWindow(options.window, deployment.startedOn))
    .map((deployment) => toCandidate(client, deployment));
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

/**
 * Whether the deployment changed production. `notDeployed` covers both a deployment rejected at approval, which
 * never ran, and one whose phases ran and failed (operation status Phase…): the latter is kept.
 */
function ran(deployment: ReleaseDeployment): boolean {
  if (['succeeded', 'partiallySucceeded', 'failed', 'inProgress'].includes(deployment.deploymentStatus)) return true;
  const operation = deployment.operationStatus.toLowerCase();
  return deployment.deploymentStatus === 'notDeployed' && (operation.startsWith('phase') || operation === 'manualinterventionpending');
}

function toCandidate(client: AdoClient, deployment: ReleaseDeployment): Candidate {
  const release = deployment.release;
  const url =
    client.webUrl(`_releaseProgress?_a=release-environment-logs&releaseId=${release.id}&environmentId=${deployment.releaseEnvironment.id}`);
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
  const build = primaryBuild(release.artifacts, client.project) ?? undefined;
  return { origin: { kind: 'classic', releaseId: release.id, build }, evidence };
}

/**
 * The build a classic release deployed: its primary Build artifact, else its first; null when it names none. A build
 * of another project than the audited one is asked for in its own project.
 */
export function primaryBuild(artifacts: ReleaseArtifact[], auditedProject: string): BuildRef | null {
  const builds = artifacts.filter((artifact) => artifact.type.toLowerCase() === 'build');
  const primary = builds.find((artifact) => artifact.isPrimary) ?? builds[0];
  const id = Number(primary?.definitionReference.version?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const project = primary.definitionReference.project;
  const elsewhere = project?.id && project.name?.toLowerCase() !== auditedProject.toLowerCase() && project.id !== auditedProject;
  return { id, projectId: elsewhere ? project.id! : null };
}

export function identity(value: { id: string; displayName: string; uniqueName: string } | null | undefined): Identity | null {
  return value ? { id: value.id, displayName: value.displayName, uniqueName: value.uniqueName } : null;
}
