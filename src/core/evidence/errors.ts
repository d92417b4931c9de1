import type { DeploymentEvidence, EvidenceError, EvidenceSource } from '../model';
import { AdoHttpError, AuthenticationError, CancelledError, MalformedResponseError } from '../transport/errors';

/**
 * Turns a failed read into an evidence error: the deployment keeps going, its controls become unknown. A cancel, and
 * a token refused halfway (expired), end the whole audit instead: they say nothing about this deployment.
 */
export function toEvidenceError(source: EvidenceSource, error: unknown, what: string): EvidenceError {
  if (error instanceof CancelledError || error instanceof AuthenticationError) throw error;
  if (error instanceof AdoHttpError) {
    return { source, status: error.status || null, message: `${what}: ${explainStatus(error)}` };
  }
  if (error instanceof MalformedResponseError) return { source, status: null, message: `${what}: ${error.message}` };
  return { source, status: null, message: `${what}: ${(error as Error)?.message ?? String(error)}` };
}

function explainStatus(error: AdoHttpError): string {
  if (error.status === 403) return 'access denied';
  if (error.typeKey === 'BuildNotFoundException') return 'not found (deleted, or removed by retention)';
  if (error.status === 404) return 'not found';
  if (error.status === 429) return 'throttled by Azure DevOps, retries exhausted';
  if (error.status >= 500) return `Azure DevOps failed (${error.message})`;
  if (error.status === 0) return error.message;
  return error.message;
}

export function addError(evidence: DeploymentEvidence, error: EvidenceError): void {
  const duplicate = evidence.errors.some((e) => e.source === error.source && e.message === error.message);
  if (!duplicate) evidence.errors.push(error);
}
