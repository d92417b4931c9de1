/**
 * Evidence that could not be read, said as it is, the same way in the views and every export: why (no access,
 * removed by retention, a service error), and approvals that could not be read, never "none".
 */
import type { DeploymentEvidence, EvidenceError } from './model';

/** Why evidence could not be read. */
export type UnknownCause = 'noAccess' | 'retention' | 'serviceError';

/** 401/403: no access; 404 or "not found": removed (retention); anything else (5xx, malformed, timeouts): a service error. */
export function causeOf(error: EvidenceError): UnknownCause {
  if (error.status === 401 || error.status === 403) return 'noAccess';
  if (error.status === 404 || /not found|no longer exists|retention/i.test(error.message)) return 'retention';
  return 'serviceError';
}

/** "could not be read (access denied)", "… (removed by retention)", "… (service error: HTTP 503)". */
export function unreadableText(error: EvidenceError): string {
  const cause = causeOf(error);
  if (cause === 'noAccess') return 'could not be read (access denied)';
  if (cause === 'retention') return 'could not be read (removed by retention)';
  return `could not be read (service error${error.status ? `: HTTP ${error.status}` : ''})`;
}

/** Why the approvals of this deployment could not be read, or null when they were read (even if nobody approved). */
export function approvalsUnreadable(deployment: Pick<DeploymentEvidence, 'errors'>): string | null {
  const error = deployment.errors.find((candidate) => candidate.source === 'approvals');
  return error ? unreadableText(error) : null;
}
