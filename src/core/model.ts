/**
 * What Deploy Audit knows about a production deployment: plain data, normalised from what Azure DevOps said.
 * Sources fill the deployment's identity, enrichers fill its evidence, controls read it and return verdicts.
 */

/** A person or group as Azure DevOps names them. */
export interface Identity {
  id: string;
  displayName: string;
  uniqueName: string;
}

export type DeploymentSource = 'yaml' | 'classic';

/** Which part of the evidence a failure is about; controls that need that part become `unknown`. */
export type EvidenceSource =
  | 'approvals'
  | 'build'
  | 'timeline'
  | 'pullRequests'
  | 'policyEvaluations'
  | 'tests'
  | 'workItems';

/** Evidence that could not be read: a 403, a 404 after retention, a 5xx after retries, a malformed answer. */
export interface EvidenceError {
  source: EvidenceSource;
  /** HTTP status, or null when the answer arrived but could not be understood. */
  status: number | null;
  message: string;
}

export type ApprovalStatus =
  | 'approved'
  | 'rejected'
  | 'pending'
  | 'skipped'
  | 'canceled'
  | 'timedOut'
  | 'failed'
  | 'reassigned'
  | 'undefined';

/** One decision (or pending request) by one approver on the production stage. */
export interface ApprovalEvidence {
  /** Who acted; for a pending step, who it waits for. */
  approver: Identity;
  /** Who the approval was assigned to: the same person, or the group the approver acted for. */
  assignedTo: Identity | null;
  status: ApprovalStatus;
  decidedAt: string | null;
  comment: string | null;
  /** Classic automated approvals (no person involved) never count. */
  automated: boolean;
  /** Link to the approval in Azure DevOps (the run's or release's approval view). */
  url: string | null;
}

export interface BuildEvidence {
  id: number;
  number: string;
  /** succeeded | partiallySucceeded | failed | canceled | none | (empty while running) */
  result: string;
  status: string;
  sourceBranch: string;
  sourceVersion: string;
  repositoryId: string;
  repositoryType: string;
  requestedFor: Identity | null;
  url: string;
}

export interface ReviewerVote {
  identity: Identity;
  /** 10 approved, 5 approved with suggestions, 0 none, -5 waiting for author, -10 rejected. */
  vote: number;
  isGroup: boolean;
}

export type PolicyEvaluationStatus = 'queued' | 'running' | 'approved' | 'rejected' | 'notApplicable' | 'broken';

export interface PolicyEvaluation {
  evaluationId: string;
  typeName: string;
  isBlocking: boolean;
  isEnabled: boolean;
  status: PolicyEvaluationStatus;
}

export interface PullRequestEvidence {
  id: number;
  repositoryId: string;
  title: string;
  status: string;
  targetRefName: string;
  createdBy: Identity;
  closedBy: Identity | null;
  reviewers: ReviewerVote[];
  bypassPolicy: boolean;
  bypassReason: string | null;
  mergeCommit: string;
  url: string;
  /** Null until read; read per pull request from the policy evaluations API. */
  policyEvaluations: PolicyEvaluation[] | null;
}

export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  other: number;
}

/** One deployment to a production environment and everything found about it. */
export interface DeploymentEvidence {
  key: string;
  source: DeploymentSource;
  environment: string;
  pipeline: { id: number; name: string };
  runId: number;
  runName: string;
  stage: string;
  startedAt: string;
  finishedAt: string | null;
  result: string;
  requestedBy: Identity | null;
  url: string;
  approvals: ApprovalEvidence[];
  /** The deployed builds; a YAML deployment's build is its run. */
  builds: BuildEvidence[];
  /**
   * YAML only: the combined result of the run's stages before the production stage, from the timeline,
   * so that a failed deployment is not reported as a failed build. Null for classic releases.
   */
  priorStagesResult: string | null;
  pullRequests: PullRequestEvidence[];
  tests: TestSummary | null;
  /** Link to the build's test results, when there is a build. */
  testsUrl: string | null;
  workItems: number[];
  errors: EvidenceError[];
  /**
   * When the evidence was read from Azure DevOps. Earlier than the report for evidence kept in the cache, which
   * also keeps what retention deleted since.
   */
  capturedAt?: string;
}

export type ControlStatus = 'pass' | 'fail' | 'unknown' | 'notApplicable';

/** A control's answer for one deployment: a status, a reason a person understands, and links to the evidence. */
export interface Verdict {
  status: ControlStatus;
  reason: string;
  evidence: string[];
}
