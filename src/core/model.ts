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
  | 'workItems'
  /** The previous production deployment or the commits since it: the change set. */
  | 'changes';

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
  /**
   * The resource whose check asked for this approval (YAML), when known: only approvals of the deployment's own
   * environment count. Null for classic approvals and when every approval of the stage is the environment's.
   */
  resource?: ApprovalResource | null;
}

/** A protected resource whose check asks for an approval: environment, endpoint, queue, repository, variablegroup, securefiles. */
export interface ApprovalResource {
  type: string;
  id: string;
  name: string;
}

export interface BuildEvidence {
  id: number;
  number: string;
  /** The build (pipeline) definition; a deployed build is paired with the previous deployment's build of the same one. */
  definition: { id: number; name: string };
  /**
   * Why it is a deployed build: the run itself (YAML), a pipeline resource the run consumed, or a Build artifact of a
   * classic release.
   */
  role: 'run' | 'consumed' | 'artifact';
  finishedAt: string | null;
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
  /** When it was completed (closedDate). */
  closedAt: string | null;
  url: string;
  /** Null when not read: the engine reads the branch's policies instead (branchPolicies); kept evidence may hold them. */
  policyEvaluations: PolicyEvaluation[] | null;
  /**
   * Enabled blocking policy configurations whose scope covered the target branch when the pull request completed; read
   * only when no blocking policy was evaluated on it (null: not read).
   */
  branchPolicies?: { id: number; typeName: string }[] | null;
}

/** One commit a deployment shipped: in a deployed build's change set. */
export interface ChangeEvidence {
  commit: string;
  /** The deployed build whose change set holds it. */
  buildId: number;
  author: string;
  date: string | null;
  /** The commit message's first line. */
  message: string;
  url: string | null;
  /** Completed pull requests into the build's source branch that brought it (as their last merge commit or one of theirs). */
  pullRequestIds: number[];
  /** Pull requests that hold it but were not completed into the build's branch: why an uncovered commit is uncovered. */
  elsewhere: { id: number; targetRefName: string; status: string }[];
}

/** How a deployed build's change set was found. */
export interface ChangeSetEvidence {
  buildId: number;
  /**
   * history: the commits after the previous production deployment's build of the same definition (`since`);
   * deployedCommitOnly: no previous deployment within the look-back (or none of this definition), the deployed commit
   * alone; nothingNew: a redeploy of the same commit or a rollback to one already deployed.
   */
  basis: 'history' | 'deployedCommitOnly' | 'nothingNew';
  since: { buildId: number; number: string; commit: string } | null;
  /** Commit ids, newest first; each is in DeploymentEvidence.changes. */
  commits: string[];
}

/** The previous successful production deployment to the same environment, from which the change set is counted. */
export interface PreviousDeployment {
  key: string;
  startedAt: string;
  runId: number;
  runName: string;
  url: string;
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
  /** The completed pull requests into the deployed branches that brought the change set. */
  pullRequests: PullRequestEvidence[];
  /** Null: there was none within the look-back; undefined: evidence of an older engine. */
  previousDeployment?: PreviousDeployment | null;
  /** One per deployed build whose change set was read. */
  changeSets?: ChangeSetEvidence[];
  changes?: ChangeEvidence[];
  /** Approvals the stage waited for on other resources than its environment: shown, never counted. */
  otherApprovals?: ApprovalEvidence[];
  /** The project's test result retention in days, when read: a build older than that may have lost its results. */
  testRetentionDays?: number | null;
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
