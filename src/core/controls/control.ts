import type { DeploymentEvidence, EvidenceError, EvidenceSource, Verdict } from '../model';
import type { Policy } from '../policy';
import type { ControlId } from './ids';

/** One control of the checklist: a pure function from a deployment's evidence and the policy to a verdict. */
export interface Control {
  id: ControlId;
  title: string;
  /** What the control checks, for the report's legend and the hub's detail panel. */
  description: string;
  evaluate(evidence: DeploymentEvidence, policy: Policy): Verdict;
}

/** The first error that made this part of the evidence unreadable, if any. */
export const unreadable = (evidence: DeploymentEvidence, ...sources: EvidenceSource[]): EvidenceError | undefined =>
  evidence.errors.find((error) => sources.includes(error.source));

export const describeError = (error: EvidenceError): string =>
  error.status ? `${error.message} (HTTP ${error.status})` : error.message;
