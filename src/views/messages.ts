/**
 * What went wrong, in words a person understands: failures of a whole audit (nothing to show), and evidence that
 * could not be read (the audit is shown, some controls are unknown). Never a stack trace, never a token.
 */
import { PopulationError, ProjectNotFoundError } from '../core/engine/collect';
import type { DeploymentEvidence, EvidenceSource } from '../core/model';
import { NoProjectError } from '../extension/errors';
import { AdoHttpError, AuthenticationError, CancelledError, MalformedResponseError } from '../core/transport/errors';
import { plural } from './format';
import { causeOf, EVIDENCE_NAMES } from './unreadable';

export interface Failure {
  title: string;
  message: string;
  /** Whether trying again may help (a refused token will not get better by retrying at once). */
  retry: boolean;
}

/** The page was opened outside Azure DevOps, or the host never answered the handshake. */
export class HostUnavailableError extends Error {
  override name = 'HostUnavailableError';
  constructor() {
    super('Azure DevOps did not answer this page.');
  }
}

function statusOf(error: unknown): number | null {
  if (error instanceof AdoHttpError) return error.status || null;
  const match = /\(HTTP (\d{3})\)/.exec(error instanceof Error ? error.message : '');
  return match ? Number(match[1]) : null;
}

export function describeFailure(error: unknown, what = 'the audit'): Failure {
  if (error instanceof HostUnavailableError) {
    return {
      title: 'Deploy Audit runs inside Azure DevOps',
      message: 'This page did not hear from Azure DevOps. Open Deployment Audit from the Pipelines menu of a project.',
      retry: false,
    };
  }
  if (error instanceof NoProjectError) {
    return { title: 'Deploy Audit audits a project', message: error.message, retry: false };
  }
  if (error instanceof AuthenticationError) {
    return {
      title: 'Azure DevOps did not accept this page’s sign-in',
      message: 'Reload the page. If this happens again, sign out of Azure DevOps and sign in again.',
      retry: true,
    };
  }
  if (error instanceof ProjectNotFoundError) {
    return { title: 'Project not found', message: 'This project was not found, or your account cannot see it.', retry: false };
  }
  const status = statusOf(error);
  const message = (error as Error)?.message ?? String(error);
  if (status === 401 || status === 403) {
    return {
      title: 'You do not have permission to read this',
      message: `Azure DevOps refused ${what}: ${message}. Ask a project administrator for read access to pipelines, environments and releases.`,
      retry: false,
    };
  }
  if (error instanceof PopulationError) {
    return { title: 'The deployments could not be listed', message: `${sentence(message)} Nothing is shown rather than an incomplete list.`, retry: true };
  }
  if (status === 404) return { title: 'Not found', message: sentence(message), retry: false };
  if (error instanceof MalformedResponseError) {
    return { title: 'Azure DevOps gave an unexpected answer', message: sentence(message), retry: true };
  }
  if (error instanceof CancelledError) return { title: 'Cancelled', message: sentence(`${what} was cancelled`), retry: true };
  if (error instanceof AdoHttpError) {
    return { title: 'Azure DevOps could not answer', message: sentence(`${message}${status ? ` (HTTP ${status})` : ''}`), retry: true };
  }
  return { title: 'Something went wrong', message: sentence(message), retry: true };
}

const capitalise = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);

/** A sentence from a message: capitalised, with one full stop. */
const sentence = (text: string) => {
  const trimmed = capitalise(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** Which controls go unknown without each part of the evidence. */
const UNKNOWN_WITHOUT: Partial<Record<EvidenceSource, string>> = {
  approvals: 'approval controls show as unknown',
  timeline: 'approval controls show as unknown',
  build: 'build, branch, review and test controls show as unknown',
  pullRequests: 'code review and branch policy controls show as unknown',
  policyEvaluations: 'the branch policy control shows as unknown',
  tests: 'the tests control shows as unknown',
  workItems: 'the work item control may show as unknown',
  changes: 'code review and branch policy controls show as unknown',
};

/**
 * Notices about evidence the user's account may not read, e.g. "You can read deployments but not approvals in this
 * project: approval controls show as unknown", and how many deployments miss evidence for other reasons.
 */
export function evidenceNotices(deployments: readonly DeploymentEvidence[], options: { access?: boolean } = {}): string[] {
  const { access = true } = options;
  const denied = new Set<EvidenceSource>();
  let incomplete = 0;
  for (const deployment of deployments) {
    let other = false;
    for (const error of deployment.errors) {
      if (causeOf(error) === 'noAccess') denied.add(error.source);
      else other = true;
    }
    if (other) incomplete++;
  }
  const notices: string[] = [];
  const seen = new Set<string>();
  for (const source of Object.keys(UNKNOWN_WITHOUT) as EvidenceSource[]) {
    if (!access || !denied.has(source)) continue;
    const [what, controls] = [EVIDENCE_NAMES[source], UNKNOWN_WITHOUT[source]!];
    const notice = `You can read deployments but not ${what} in this project: ${controls}.`;
    if (!seen.has(notice)) notices.push(notice);
    seen.add(notice);
  }
  if (incomplete) {
    notices.push(
      `Some evidence of ${plural(incomplete, 'deployment')} could not be read (for example builds removed by retention): the controls that need it show as unknown. Each deployment’s detail says what is missing.`,
    );
  }
  return notices;
}
