import type { BuildRef } from '../evidence/builds';
import type { DeploymentEvidence } from '../model';

/** A deployment found by a source, with what the enrichers need to find its evidence. */
export type Candidate =
  | { evidence: DeploymentEvidence; origin: { kind: 'yaml'; environmentId: number; stageAttempt: number } }
  | {
      evidence: DeploymentEvidence;
      /** `build`: the release's primary build when the deployments list named it; else the release is looked up. */
      origin: { kind: 'classic'; releaseId: number; build?: BuildRef };
    };

export function emptyEvidence(fields: Omit<DeploymentEvidence, 'approvals' | 'builds' | 'priorStagesResult' | 'pullRequests' | 'tests' | 'testsUrl' | 'workItems' | 'errors'>): DeploymentEvidence {
  return { ...fields, approvals: [], builds: [], priorStagesResult: null, pullRequests: [], tests: null, testsUrl: null, workItems: [], errors: [] };
}

/** Timeline and deployment-record results in one vocabulary with builds and releases. */
export function normaliseResult(result: string): string {
  return result === 'succeededWithIssues' ? 'partiallySucceeded' : result;
}
