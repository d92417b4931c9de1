/**
 * Evidence that could not be read, said as it is: why a control is unknown (no access, removed by retention, a
 * service error), approvals that could not be read (never "none"), and the access request an auditor can send.
 * Pure functions of a deployment's `errors`.
 */
import type { ControlId } from '../core/controls/ids';
import type { ControlStatus, DeploymentEvidence, EvidenceError, EvidenceSource } from '../core/model';
import { approvalsUnreadable, causeOf, unreadableText, type UnknownCause } from '../core/unreadable';
import { count } from './format';

export { approvalsUnreadable, causeOf, unreadableText, type UnknownCause };

export const UNKNOWN_CAUSES: readonly UnknownCause[] = ['noAccess', 'retention', 'serviceError'];

export const CAUSE_LABELS: Record<UnknownCause, string> = {
  noAccess: 'no access',
  retention: 'removed by retention',
  serviceError: 'service error',
};

/** The parts of the evidence each control reads (as the controls in src/core/controls ask for them). */
export const CONTROL_SOURCES: Record<ControlId, readonly EvidenceSource[]> = {
  'approval-count': ['approvals', 'timeline'],
  'approval-independence': ['approvals', 'timeline', 'pullRequests', 'changes'],
  'code-review': ['build', 'changes', 'pullRequests'],
  'branch-policy': ['build', 'changes', 'pullRequests', 'policyEvaluations'],
  'source-branch': ['build'],
  'build-succeeded': ['timeline', 'build'],
  'tests-passed': ['build', 'tests'],
  'work-item-linked': ['build', 'changes', 'pullRequests', 'workItems'],
};

/** Most telling first: a missing permission explains more than a removed build, which explains more than a 503. */
const CAUSE_ORDER: Record<UnknownCause, number> = { noAccess: 0, retention: 1, serviceError: 2 };

/**
 * Why a control of this deployment is unknown: the cause of the errors of the sources it reads (the most telling
 * one when several). A control unknown with no such error (its evidence was read but says nothing) is a service error.
 */
export function unknownCause(deployment: Pick<DeploymentEvidence, 'errors'>, control: ControlId): UnknownCause {
  const sources = CONTROL_SOURCES[control];
  const causes = deployment.errors.filter((error) => sources.includes(error.source)).map(causeOf);
  if (!causes.length) return 'serviceError';
  return causes.sort((a, b) => CAUSE_ORDER[a] - CAUSE_ORDER[b])[0];
}

/** "482 passed, 6 other, 0 failed": other is unknown and not applicable. */
export function plainCounts(counts: Record<ControlStatus, number>): string {
  return `${count(counts.pass)} passed, ${count(counts.unknown + counts.notApplicable)} other, ${count(counts.fail)} failed`;
}

/** "12 no access, 3 removed by retention" (causes with none are left out), or '' when nothing is unknown. */
export function causesText(causes: Record<UnknownCause, number>): string {
  return UNKNOWN_CAUSES.filter((cause) => causes[cause] > 0)
    .map((cause) => `${count(causes[cause])} ${CAUSE_LABELS[cause]}`)
    .join(', ');
}

export const noCauses = (): Record<UnknownCause, number> => ({ noAccess: 0, retention: 0, serviceError: 0 });

/** What each part of the evidence is called, in notices and access requests alike. */
export const EVIDENCE_NAMES: Record<EvidenceSource, string> = {
  approvals: 'approvals',
  timeline: 'pipeline run timelines',
  build: 'builds',
  pullRequests: 'pull requests',
  policyEvaluations: 'branch policies',
  tests: 'test results',
  workItems: 'work item links',
  changes: 'commit history',
};

/** The permission that reads each part of the evidence, for an access request. */
const PERMISSIONS: Record<EvidenceSource, string> = {
  approvals: 'read the approvals and checks of the production environments and release stages (environment role Reader or higher, and View releases)',
  timeline: 'View builds on the pipelines',
  build: 'View builds on the pipelines',
  pullRequests: 'Read on the repositories',
  policyEvaluations: 'Read on the repositories',
  tests: 'View test runs',
  workItems: 'View work items in this node',
  changes: 'Read on the repositories',
};

/** The parts of the evidence the user was refused (401/403) on any deployment, in a stable order. */
export function deniedSources(deployments: readonly Pick<DeploymentEvidence, 'errors'>[]): EvidenceSource[] {
  const denied = new Set<EvidenceSource>();
  for (const deployment of deployments) for (const error of deployment.errors) if (causeOf(error) === 'noAccess') denied.add(error.source);
  return (Object.keys(EVIDENCE_NAMES) as EvidenceSource[]).filter((source) => denied.has(source));
}

export interface AccessNotice {
  /** What is missing, in words: "approvals", "approvals and test results". */
  missing: string;
  /** The notice: what is missing, who can grant it, the way round it. */
  text: string;
  /** A ready access request to send to an administrator. */
  request: string;
}

const joinWords = (words: string[]): string =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/** The notice for a user refused part of the evidence, or null when nothing was refused. */
export function accessNotice(
  deployments: readonly Pick<DeploymentEvidence, 'errors'>[],
  who: { user: string; project: string; orgUrl: string },
): AccessNotice | null {
  const sources = deniedSources(deployments);
  if (!sources.length) return null;
  const missing = joinWords([...new Set(sources.map((source) => EVIDENCE_NAMES[source]))]);
  const affected = deployments.filter((deployment) => deployment.errors.some((error) => causeOf(error) === 'noAccess')).length;
  const text =
    `Your account cannot read ${missing} in ${who.project}, so the controls that need them are unknown for ${count(affected)} ` +
    `${affected === 1 ? 'deployment' : 'deployments'} (not failed, not passed). The project or environment administrators can grant that access. ` +
    `Until then, ask someone who can read ${missing} to export the report.`;
  const permissions = [...new Set(sources.map((source) => PERMISSIONS[source]))];
  const request = [
    `Hello,`,
    ``,
    `I audit production deployments of the project ${who.project} (${who.orgUrl}) with Deploy Audit. My account (${who.user}) cannot read ${missing}, so the audit cannot say whether those deployments were approved and reviewed.`,
    ``,
    `Could a project or environment administrator grant me read-only access to:`,
    ...permissions.map((permission) => `- ${permission}`),
    ``,
    `Read access is enough: Deploy Audit never changes anything. Alternatively, could someone who can read ${missing} export the Deployment Audit report for me?`,
    ``,
    `Thank you.`,
  ].join('\n');
  return { missing, text, request };
}
