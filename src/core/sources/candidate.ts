import type { BuildRef } from '../ado/build-refs';
import type { DeploymentEvidence, PreviousDeployment } from '../model';

/** Where a deployment's deployed builds are found: a YAML run (and the runs it consumed), or a release's artifacts. */
export type DeployedRef =
  | { kind: 'yaml'; runId: number; pipelineId: number }
  /** `builds`: the release's Build artifacts when the deployments list named them; else the release is looked up. */
  | { kind: 'classic'; releaseId: number; builds?: BuildRef[] };

/** The previous successful production deployment, and where its builds are found. */
export interface PreviousRef {
  deployment: PreviousDeployment;
  deployed: DeployedRef;
}

/** The previous deployment: found, none within the look-back (null), or its list could not be read. */
export type PreviousLookup = PreviousRef | null | { error: unknown };

/** A deployment found by a source, with what the enrichers need to find its evidence. */
export type Candidate =
  | {
      evidence: DeploymentEvidence;
      origin: { kind: 'yaml'; environmentId: number; stageAttempt: number; deployed: DeployedRef & { kind: 'yaml' }; previous: PreviousLookup };
    }
  | {
      evidence: DeploymentEvidence;
      origin: { kind: 'classic'; releaseId: number; deployed: DeployedRef & { kind: 'classic' }; previous: PreviousLookup };
    };

/** How far before the audit window the previous production deployment is looked for. */
export const PREVIOUS_LOOKBACK_DAYS = 365;
export const PREVIOUS_LOOKBACK_MS = PREVIOUS_LOOKBACK_DAYS * 86_400_000;

export function emptyEvidence(fields: Omit<DeploymentEvidence, 'approvals' | 'builds' | 'priorStagesResult' | 'pullRequests' | 'tests' | 'testsUrl' | 'workItems' | 'errors'>): DeploymentEvidence {
  return { ...fields, approvals: [], builds: [], priorStagesResult: null, pullRequests: [], tests: null, testsUrl: null, workItems: [], errors: [] };
}

/** Timeline and deployment-record results in one vocabulary with builds and releases. */
export function normaliseResult(result: string): string {
  return result === 'succeededWithIssues' ? 'partiallySucceeded' : result;
}
