/**
 * The fake organization: plain in-memory data plus a typed builder for tests.
 *
 *   const org = new FakeOrganization('contoso');
 *   const alice = org.person('Alice Director', 'alice@contoso.com');
 *   org.token('good-pat', { user: alice });
 *   const shop = org.project('Shop');
 *   const prod = shop.environment('Production');
 *   const run = shop.yamlRun({ pipeline: { id: 12, name: 'shop-web' }, requestedFor: alice, queuedAt: '2026-11-01T09:00:00Z',
 *     stages: [{ name: 'Build' }, { name: 'Production', environment: prod, approval: { steps: [...] } }] });
 *
 * Everything is deterministic: numeric ids come from counters, GUIDs and commit ids are derived from the
 * organization's name and the object's place (ids.ts). Environment deployment record ids and classic
 * deployment ids are numbered in chronological order across the organization (as the real service's
 * identity columns are), so they are final once the organization stops changing.
 */
import { FakeGitHistory, refName, type FakeCommit } from './git';
import { commitFrom, descriptorFor, guidFrom } from './ids';

export type { FakeCommit } from './git';

export type DateInput = Date | string | number;

export function toDate(value: DateInput): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`Invalid date: ${String(value)}`);
  return d;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const plus = (d: Date, ms: number): Date => new Date(d.getTime() + ms);
const maxDate = (dates: Array<Date | null>): Date | null =>
  dates.reduce<Date | null>((m, d) => (d && (!m || d > m) ? d : m), null);

// ---------------------------------------------------------------------------------------------------------------
// Identities and tokens

export interface FakeIdentity {
  readonly id: string;
  readonly displayName: string;
  /** A person's sign-in name, or for a group `vstfs:///Classification/TeamProject/{projectId}\{name}`. */
  readonly uniqueName: string;
  readonly descriptor: string;
  readonly isContainer: boolean;
}

/** member: reads everything. reader (an auditor): the approvals API and HierarchyQuery answer 403. */
export type Role = 'member' | 'reader';

/** API areas a token can be denied (403), for tests of permission failures. */
export type ApiArea =
  | 'core'
  | 'environments'
  | 'build'
  | 'approvals'
  | 'hierarchyQuery'
  | 'release'
  | 'git'
  | 'policy'
  | 'test'
  | 'testResults'
  | 'security';

export interface TokenGrant {
  readonly token: string;
  readonly user: FakeIdentity;
  readonly role: Role;
  readonly deny: ReadonlySet<ApiArea>;
}

export interface TokenOptions {
  user: FakeIdentity;
  role?: Role;
  /** Further areas answering 403 for this token (a reader is always denied approvals and hierarchyQuery). */
  deny?: ApiArea[];
}

// ---------------------------------------------------------------------------------------------------------------
// Projects, repositories, environments

export interface FakeRepository {
  readonly id: string;
  readonly name: string;
  readonly project: FakeProject;
  readonly defaultBranch: string;
  /** The commit graph and branches (git.ts). */
  readonly git: FakeGitHistory;
}

/**
 * A protected resource whose checks can ask for approvals: environment, endpoint (service connection), queue (agent
 * pool), repository, variablegroup, securefiles (the checks panel's resource types).
 */
export interface CheckResource {
  readonly type: 'environment' | 'endpoint' | 'queue' | 'repository' | 'variablegroup' | 'securefiles';
  readonly id: string;
  readonly name: string;
}

/** A check configured on a resource (pipelines/checks/configurations). */
export interface FakeCheckConfiguration {
  readonly id: number;
  readonly resource: CheckResource;
  /** Approval, Business hours, Invoke REST API… */
  readonly typeName: 'Approval' | 'Task Check' | 'ExclusiveLock';
  readonly approvers: FakeIdentity[];
  readonly minRequiredApprovers: number;
  readonly instructions: string;
  readonly requesterCannotBeApprover: boolean;
  readonly timeoutMinutes: number;
  readonly createdBy: FakeIdentity;
  readonly createdOn: Date;
}

export interface FakeEnvironment {
  readonly id: number;
  readonly name: string;
  readonly project: FakeProject;
  readonly description: string;
  readonly createdOn: Date;
  readonly createdBy: FakeIdentity;
}

export interface PipelineRef {
  id: number;
  name: string;
  /** Folder of the definition, default "\\". */
  path?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// YAML runs (builds), their stages, jobs and approvals

export type TaskResult = 'succeeded' | 'succeededWithIssues' | 'failed' | 'canceled' | 'skipped' | 'abandoned';
export type RecordState = 'pending' | 'inProgress' | 'completed';
export type BuildStatus = 'none' | 'inProgress' | 'completed' | 'cancelling' | 'postponed' | 'notStarted';
export type BuildResult = 'none' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';
export type BuildReason =
  | 'manual'
  | 'individualCI'
  | 'batchedCI'
  | 'schedule'
  | 'pullRequest'
  | 'buildCompletion'
  | 'resourceTrigger';
export type PipelineApprovalStatus =
  | 'uninitiated'
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'skipped'
  | 'canceled'
  | 'timedOut'
  | 'failed';

export interface TestCounts {
  passed: number;
  failed: number;
  /** Results neither passed nor failed (reported as NotExecuted). */
  other?: number;
  /** Total duration of the run in seconds, default one second per ten tests. */
  durationSeconds?: number;
}

export interface ApprovalStepOptions {
  /** Who the step was assigned to: a person or a group. */
  assignedTo: FakeIdentity;
  /** Who acted on the step (a member of the group, or the person); null or absent while pending. */
  actedBy?: FakeIdentity | null;
  /** Default: approved when actedBy is set, else pending. */
  status?: PipelineApprovalStatus;
  at?: DateInput;
  comment?: string | null;
  order?: number;
}

export interface ApprovalOptions {
  /** Default: rejected if a step is rejected, approved when enough steps are approved, else pending. */
  status?: PipelineApprovalStatus;
  steps: ApprovalStepOptions[];
  minRequiredApprovers?: number;
  executionOrder?: 'anyOrder' | 'inSequence';
  instructions?: string;
  createdAt?: DateInput;
  timeoutMinutes?: number;
  /**
   * The resource whose check asked for this approval (checks panel's `resource`). Default: the stage's environment.
   * Approvals in a stage's `otherApprovals` name another resource (a service connection, an agent pool…).
   */
  resource?: CheckResource;
}

export interface JobOptions {
  name: string;
  displayName?: string;
  /** Default: the stage's result. */
  result?: TaskResult;
  /** A deployment job (identifier Stage.Job.Job). Default: the stage targets an environment. */
  deployment?: boolean;
}

export interface StageAttemptOptions {
  result?: TaskResult | 'partiallySucceeded';
  start?: DateInput;
  finish?: DateInput;
  approval?: ApprovalOptions | null;
  /** Approvals asked by checks of other resources the stage uses (each with its `resource`). */
  otherApprovals?: ApprovalOptions[];
}

export interface StageOptions extends StageAttemptOptions {
  name: string;
  displayName?: string;
  /** The environment the stage's deployment jobs target: their runs become environment deployment records. */
  environment?: FakeEnvironment;
  /** Job names or options. Default ["Deploy"] for a stage with an environment, else ["Build"]. */
  jobs?: Array<string | JobOptions>;
  /** Minutes each job runs, default 3 (deployment) or 6. */
  jobMinutes?: number;
  /** The current attempt; > 1 is a re-run whose earlier attempts are kept (previousAttempts in the timeline). */
  attempt?: number;
  /** Earlier attempts, oldest first (default: failed, with the same approval spec). */
  previousAttempts?: StageAttemptOptions[];
}

export interface YamlRunOptions {
  pipeline: PipelineRef;
  /** Build number, default yyyyMMdd.n of the queue date. */
  number?: string;
  requestedFor: FakeIdentity;
  /** Default: requestedFor. */
  requestedBy?: FakeIdentity;
  /** The pull request whose merge commit this run built: sets sourceVersion, repository and sourceBranch. */
  pullRequest?: FakePullRequest;
  sourceBranch?: string;
  sourceVersion?: string;
  repository?: FakeRepository;
  reason?: BuildReason;
  queuedAt: DateInput;
  stages: StageOptions[];
  /** null or absent: no test run was published. */
  tests?: TestCounts | null;
  workItems?: number[];
  /** Removed by retention: build, timeline, tests and work items answer 404; deployment records remain. */
  deleted?: boolean;
  /** Overrides of what is derived from the stages. */
  status?: BuildStatus;
  result?: BuildResult;
  tags?: string[];
  /**
   * Pipeline resources the run consumed (`resources.pipelines.<alias>` of the run): a CD pipeline deploying a CI
   * pipeline's run. The first one's build is also `triggeredByBuild` when the reason is resourceTrigger or
   * buildCompletion.
   */
  consumes?: Array<{ alias: string; build: FakeBuild }>;
  /** The build whose completion triggered this one (Build.triggeredByBuild). Default: see consumes. */
  triggeredBy?: FakeBuild | null;
}

export interface CiBuildOptions extends Omit<YamlRunOptions, 'stages'> {
  /** Default succeeded. */
  result?: BuildResult;
  /** Default 6. */
  minutes?: number;
}

export class FakeApprovalStep {
  constructor(
    readonly assignedApprover: FakeIdentity,
    readonly actualApprover: FakeIdentity | null,
    readonly status: PipelineApprovalStatus,
    readonly comment: string | null,
    readonly initiatedOn: Date,
    readonly lastModifiedOn: Date,
    readonly order: number,
  ) {}
}

export class FakeApproval {
  constructor(
    readonly id: string,
    readonly attempt: FakeStageAttempt,
    readonly status: PipelineApprovalStatus,
    readonly steps: FakeApprovalStep[],
    readonly minRequiredApprovers: number,
    readonly executionOrder: 'anyOrder' | 'inSequence',
    readonly instructions: string,
    readonly createdOn: Date,
    readonly lastModifiedOn: Date,
    readonly timeoutMinutes: number,
    /** The resource whose check asked for it; null: the stage's environment. */
    readonly resource: CheckResource | null = null,
  ) {}

  get stage(): FakeStage {
    return this.attempt.stage;
  }

  get build(): FakeBuild {
    return this.attempt.stage.build;
  }
}

export class FakeJob {
  constructor(
    readonly attempt: FakeStageAttempt,
    readonly name: string,
    readonly displayName: string,
    readonly deployment: boolean,
    readonly state: RecordState,
    readonly result: TaskResult | null,
    readonly queuedAt: Date | null,
    readonly startedAt: Date | null,
    readonly finishedAt: Date | null,
  ) {}

  /** Phase identifier: Stage.Job (just Job in a single-stage pipeline). */
  get phaseIdentifier(): string {
    return `${this.attempt.stage.identifierPrefix}${this.name}`;
  }

  /** Job identifier: Stage.Job.__default, or Stage.Job.Job for a deployment job. */
  get identifier(): string {
    return `${this.phaseIdentifier}.${this.deployment ? this.name : '__default'}`;
  }

  get recordId(): string {
    const b = this.attempt.stage.build;
    return guidFrom(b.org.name, b.id, 'job', this.identifier, this.attempt.attempt);
  }

  get phaseRecordId(): string {
    const b = this.attempt.stage.build;
    return guidFrom(b.org.name, b.id, 'phase', this.phaseIdentifier, this.attempt.attempt);
  }

  /** Whether the job ran on an agent (and so produced an environment deployment record). */
  get ran(): boolean {
    return this.startedAt !== null && this.result !== 'skipped';
  }
}

export class FakeStageAttempt {
  approval: FakeApproval | null = null;
  /** Approvals asked by checks of other resources than the environment. */
  otherApprovals: FakeApproval[] = [];
  jobs: FakeJob[] = [];

  constructor(
    readonly stage: FakeStage,
    readonly attempt: number,
    readonly state: RecordState,
    readonly result: TaskResult | null,
    readonly startedAt: Date | null,
    public finishedAt: Date | null,
  ) {}

  /** The Stage record id of this attempt; once superseded it is also the id of the timeline that keeps it. */
  get recordId(): string {
    const b = this.stage.build;
    return guidFrom(b.org.name, b.id, 'stage', this.stage.name, this.attempt);
  }

  get checkpointRecordId(): string {
    const b = this.stage.build;
    return guidFrom(b.org.name, b.id, 'checkpoint', this.stage.name, this.attempt);
  }

  get isLatest(): boolean {
    return this.stage.latest === this;
  }
}

export class FakeStage {
  readonly attempts: FakeStageAttempt[] = [];
  /** @internal what the stage was built from (for later attempts). */
  spec: StageOptions | null = null;

  constructor(
    readonly build: FakeBuild,
    readonly name: string,
    readonly displayName: string,
    readonly order: number,
    readonly environment: FakeEnvironment | null,
  ) {}

  get latest(): FakeStageAttempt {
    return this.attempts[this.attempts.length - 1];
  }

  /** Stage record id of the current attempt (what HierarchyQuery's stageIds takes). */
  get recordId(): string {
    return this.latest.recordId;
  }

  /** The approval of the current attempt, if any. */
  get approval(): FakeApproval | null {
    return this.latest.approval;
  }

  get identifierPrefix(): string {
    return this.name === '__default' ? '' : `${this.name}.`;
  }
}

export class FakeBuild {
  readonly stages: FakeStage[] = [];
  status: BuildStatus = 'completed';
  result: BuildResult | null = 'succeeded';
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
  /** Pipeline resources the run consumed (resources.pipelines). */
  consumed: Array<{ alias: string; build: FakeBuild }> = [];
  /** The build whose completion triggered this one. */
  triggeredBy: FakeBuild | null = null;

  constructor(
    readonly org: FakeOrganization,
    readonly project: FakeProject,
    readonly id: number,
    readonly buildNumber: string,
    readonly kind: 'yaml' | 'ci',
    readonly pipeline: Required<PipelineRef>,
    readonly repository: FakeRepository,
    readonly sourceBranch: string,
    readonly sourceVersion: string,
    readonly reason: BuildReason,
    readonly requestedFor: FakeIdentity,
    readonly requestedBy: FakeIdentity,
    readonly queuedAt: Date,
    readonly tests: TestCounts | null,
    readonly workItems: number[],
    readonly deleted: boolean,
    readonly tags: string[],
    readonly pullRequest: FakePullRequest | null,
  ) {}

  get uri(): string {
    return `vstfs:///Build/Build/${this.id}`;
  }

  get planId(): string {
    return guidFrom(this.org.name, this.id, 'plan');
  }

  /** Id of the build's (current) timeline. */
  get timelineId(): string {
    return guidFrom(this.org.name, this.id, 'timeline');
  }

  stage(name: string): FakeStage {
    const s = this.stages.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!s) throw new Error(`Run ${this.id} has no stage ${name}`);
    return s;
  }

  /** Every approval of every attempt of every stage (the environment's and the other resources'). */
  get approvals(): FakeApproval[] {
    return this.stages.flatMap((s) =>
      s.attempts.flatMap((a) => [...(a.approval ? [a.approval] : []), ...a.otherApprovals]),
    );
  }

  /** Finished longer ago than the project's test result retention (automated results) keeps results. */
  get beyondTestRetention(): boolean {
    const retention = this.project.testRetention;
    if (!retention) return false;
    const end = (this.finishedAt ?? this.queuedAt).getTime();
    return end < retention.now.getTime() - retention.automatedDays * 86_400_000;
  }

  /** Test results purged by the project's test result retention (automated results older than it). */
  get testsPurged(): boolean {
    return this.tests !== null && this.beyondTestRetention;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Environment deployment records (derived from the runs)

export class FakeDeploymentRecord {
  constructor(
    readonly id: number,
    readonly environment: FakeEnvironment,
    readonly job: FakeJob,
  ) {}

  get attempt(): FakeStageAttempt {
    return this.job.attempt;
  }

  get stage(): FakeStage {
    return this.job.attempt.stage;
  }

  get build(): FakeBuild {
    return this.job.attempt.stage.build;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Pull requests and policies

export type PullRequestStatus = 'active' | 'abandoned' | 'completed';
export type PolicyEvaluationStatus = 'queued' | 'running' | 'approved' | 'rejected' | 'notApplicable' | 'broken';
export type MergeStrategy = 'noFastForward' | 'squash' | 'rebase' | 'rebaseMerge';

export interface ReviewerOptions {
  identity: FakeIdentity;
  /** 10 approved, 5 approved with suggestions, 0 no vote, -5 waiting for author, -10 rejected. */
  vote: number;
  /** Accepted for readability; derived from the identity anyway. */
  isContainer?: boolean;
  isRequired?: boolean;
  hasDeclined?: boolean;
  /** Groups this reviewer's vote counted for. */
  votedFor?: FakeIdentity[];
}

export interface PolicyEvaluationOptions {
  /** e.g. "Minimum number of reviewers", "Build", "Work item linking", "Comment requirements", "Required reviewers". */
  typeName: string;
  status: PolicyEvaluationStatus;
  isBlocking?: boolean;
  isEnabled?: boolean;
  settings?: Record<string, unknown>;
}

export interface PullRequestOptions {
  repository: FakeRepository;
  title?: string;
  description?: string;
  createdBy: FakeIdentity;
  /** Default: createdBy (for completed or abandoned pull requests). */
  closedBy?: FakeIdentity | null;
  createdAt?: DateInput;
  /** closedDate; default createdAt + 2 hours. */
  completedAt?: DateInput;
  status?: PullRequestStatus;
  sourceRefName?: string;
  /** Default refs/heads/{repository default branch}. */
  targetRefName?: string;
  reviewers?: ReviewerOptions[];
  /** lastMergeCommit.commitId: what the build of the target branch builds. Default derived. */
  mergeCommit?: string;
  sourceCommit?: string;
  targetCommit?: string;
  /** Commit ids the pull request contains (for pullrequestquery type "commit"). Default [sourceCommit]. */
  commits?: string[];
  bypassPolicy?: boolean;
  bypassReason?: string;
  mergeStrategy?: MergeStrategy;
  policyEvaluations?: PolicyEvaluationOptions[];
  workItems?: number[];
  isDraft?: boolean;
  /** A completed pull request moves its target branch to its merge commit; false leaves the branch (default true). */
  completeIntoBranch?: boolean;
}

export interface FakeReviewer {
  readonly identity: FakeIdentity;
  readonly vote: number;
  readonly isRequired: boolean;
  readonly hasDeclined: boolean;
  readonly votedFor: FakeIdentity[];
}

export interface FakePolicyConfiguration {
  readonly id: number;
  readonly typeId: string;
  readonly typeName: string;
  readonly isBlocking: boolean;
  readonly isEnabled: boolean;
  readonly settings: Record<string, unknown>;
  readonly createdBy: FakeIdentity;
  readonly createdDate: Date;
  readonly revision: number;
}

export interface FakePolicyEvaluation {
  readonly evaluationId: string;
  readonly configuration: FakePolicyConfiguration;
  readonly status: PolicyEvaluationStatus;
  readonly startedDate: Date;
  readonly completedDate: Date | null;
}

export class FakePullRequest {
  reviewers: FakeReviewer[] = [];
  policyEvaluations: FakePolicyEvaluation[] = [];

  constructor(
    readonly org: FakeOrganization,
    readonly project: FakeProject,
    readonly repository: FakeRepository,
    readonly id: number,
    readonly title: string,
    readonly description: string,
    readonly status: PullRequestStatus,
    readonly createdBy: FakeIdentity,
    readonly closedBy: FakeIdentity | null,
    readonly creationDate: Date,
    readonly closedDate: Date | null,
    readonly sourceRefName: string,
    readonly targetRefName: string,
    readonly mergeCommit: string,
    readonly sourceCommit: string,
    readonly targetCommit: string,
    readonly commits: string[],
    readonly bypassPolicy: boolean,
    readonly bypassReason: string | null,
    readonly mergeStrategy: MergeStrategy,
    readonly workItems: number[],
    readonly isDraft: boolean,
  ) {}

  /** The policy evaluations' artifact id: vstfs:///CodeReview/CodeReviewId/{projectId}/{pullRequestId}. */
  get policyArtifactId(): string {
    return `vstfs:///CodeReview/CodeReviewId/${this.project.id}/${this.id}`;
  }

  get mergeId(): string {
    return guidFrom(this.org.name, 'pr-merge', this.id);
  }
}

/** Well-known policy types (ids as Azure DevOps has them). */
export const POLICY_TYPES: Record<string, { id: string; settings: () => Record<string, unknown> }> = {
  'Minimum number of reviewers': {
    id: 'fa4e907d-c16b-4a4c-9dfa-4906e5d171dd',
    settings: () => ({ minimumApproverCount: 2, creatorVoteCounts: false, allowDownvotes: false, resetOnSourcePush: true }),
  },
  Build: {
    id: '0609b952-1397-4640-95ec-e00a01b2c241',
    settings: () => ({ buildDefinitionId: 1, queueOnSourceUpdateOnly: true, manualQueueOnly: false, displayName: null, validDuration: 720 }),
  },
  'Work item linking': { id: '40e92b44-2fe1-4dd6-b3d8-74a9c21d0c6e', settings: () => ({}) },
  'Comment requirements': { id: 'c6a1889d-b943-4856-b76f-9e46bb6b0df2', settings: () => ({}) },
  'Required reviewers': {
    id: 'fd2167ab-b0be-447a-8ec8-39368250530e',
    settings: () => ({ requiredReviewerIds: [], addedFilesOnly: false, message: null }),
  },
  'Require a merge strategy': {
    id: 'fa4e907d-c16b-4a4c-9dfa-4906e5d171dc',
    settings: () => ({ allowSquash: true, allowNoFastForward: false, allowRebase: false, allowRebaseMerge: false }),
  },
  Status: { id: 'cbdc66da-9728-4af8-aada-9a5a32e4a226', settings: () => ({ statusName: 'ci', statusGenre: 'security' }) },
};

// ---------------------------------------------------------------------------------------------------------------
// Classic releases

export type ClassicDeploymentStatus = 'succeeded' | 'partiallySucceeded' | 'failed' | 'notDeployed' | 'inProgress';
export type ReleaseApprovalStatus = 'approved' | 'rejected' | 'pending' | 'skipped' | 'canceled' | 'reassigned';
export type ReleaseEnvironmentStatus =
  | 'notStarted'
  | 'inProgress'
  | 'succeeded'
  | 'canceled'
  | 'rejected'
  | 'queued'
  | 'scheduled'
  | 'partiallySucceeded';

export interface ReleaseApprovalOptions {
  /** Who the approval was assigned to: a person or a group. */
  approver: FakeIdentity;
  /** Who approved (a member of the group, or the person). Default: approver when approved/rejected. */
  approvedBy?: FakeIdentity | null;
  /** Default approved. */
  status?: ReleaseApprovalStatus;
  isAutomated?: boolean;
  comments?: string;
  createdOn?: DateInput;
  modifiedOn?: DateInput;
  rank?: number;
}

export interface ReleaseDeploymentAttemptOptions {
  /** Default succeeded; notDeployed for a rejected pre-deploy approval. */
  status?: ClassicDeploymentStatus;
  /**
   * As the service writes it (PascalCase): Approved, Pending (waiting for approval), EvaluatingGates, Queued,
   * Scheduled, Deferred, QueuedForPipeline… A waiting one (with status inProgress or notDeployed) has no completedOn.
   */
  operationStatus?: string;
  reason?: 'manual' | 'automated' | 'scheduled' | 'redeployTrigger';
  requestedBy?: FakeIdentity;
  requestedFor?: FakeIdentity;
  queuedOn?: DateInput;
  startedOn?: DateInput;
  completedOn?: DateInput;
  /** Empty or absent: one automated approval (no approver). */
  preDeployApprovals?: ReleaseApprovalOptions[];
  postDeployApprovals?: ReleaseApprovalOptions[];
}

export interface ReleaseEnvironmentOptions extends ReleaseDeploymentAttemptOptions {
  name: string;
  /** The current attempt; earlier attempts become earlier deployments of the same environment. */
  attempt?: number;
  previousAttempts?: ReleaseDeploymentAttemptOptions[];
  /** An environment never deployed (no deployment at all). */
  notStarted?: boolean;
  owner?: FakeIdentity;
}

export interface ClassicReleaseOptions {
  definition: PipelineRef;
  /** Default Release-{n} (n counts releases of the definition). */
  name?: string;
  /** The primary Build artifact. */
  artifactBuild?: FakeBuild;
  /** Further Build artifacts (or all of them, first primary when artifactBuild is absent). */
  artifacts?: Array<FakeBuild | { build: FakeBuild; alias?: string }>;
  requestedBy: FakeIdentity;
  requestedFor?: FakeIdentity;
  createdOn?: DateInput;
  reason?: 'manual' | 'continuousIntegration' | 'schedule' | 'pullRequest';
  description?: string;
  environments: ReleaseEnvironmentOptions[];
  /** Deleted after it deployed: the release answers 404 and leaves the releases list; its deployments stay listed. */
  deleted?: boolean;
}

export interface FakeArtifact {
  readonly build: FakeBuild;
  readonly alias: string;
  readonly isPrimary: boolean;
}

export class FakeReleaseApproval {
  constructor(
    readonly id: number,
    readonly approvalType: 'preDeploy' | 'postDeploy',
    readonly approver: FakeIdentity | null,
    readonly approvedBy: FakeIdentity | null,
    readonly status: ReleaseApprovalStatus,
    readonly isAutomated: boolean,
    readonly comments: string,
    readonly createdOn: Date,
    readonly modifiedOn: Date,
    readonly rank: number,
    readonly attempt: number,
  ) {}
}

export class FakeClassicDeployment {
  /** @internal set by the organization's chronological numbering. */
  numberedId = 0;

  constructor(
    readonly environment: FakeReleaseEnvironment,
    readonly attempt: number,
    readonly deploymentStatus: ClassicDeploymentStatus,
    readonly operationStatus: string,
    readonly reason: string,
    readonly requestedBy: FakeIdentity,
    readonly requestedFor: FakeIdentity,
    readonly queuedOn: Date,
    readonly startedOn: Date,
    readonly completedOn: Date | null,
    readonly preDeployApprovals: FakeReleaseApproval[],
    readonly postDeployApprovals: FakeReleaseApproval[],
    readonly sequence: number,
  ) {}

  get release(): FakeRelease {
    return this.environment.release;
  }

  /** Deployment id (chronological across the organization). */
  get id(): number {
    this.environment.release.org.ensureNumbered();
    return this.numberedId;
  }

  get lastModifiedOn(): Date {
    return this.completedOn ?? maxDate(this.preDeployApprovals.map((a) => a.modifiedOn)) ?? this.startedOn;
  }

  get isLatestAttempt(): boolean {
    const all = this.environment.deployments;
    return all[all.length - 1] === this;
  }
}

export class FakeReleaseEnvironment {
  readonly deployments: FakeClassicDeployment[] = [];

  constructor(
    readonly release: FakeRelease,
    readonly id: number,
    readonly name: string,
    readonly rank: number,
    readonly definitionEnvironmentId: number,
    readonly status: ReleaseEnvironmentStatus,
    readonly owner: FakeIdentity,
  ) {}

  get latest(): FakeClassicDeployment | undefined {
    return this.deployments[this.deployments.length - 1];
  }
}

export class FakeRelease {
  readonly environments: FakeReleaseEnvironment[] = [];

  constructor(
    readonly org: FakeOrganization,
    readonly project: FakeProject,
    readonly id: number,
    readonly name: string,
    readonly definition: Required<PipelineRef>,
    readonly artifacts: FakeArtifact[],
    readonly createdBy: FakeIdentity,
    readonly createdOn: Date,
    readonly reason: string,
    readonly description: string,
    readonly deleted: boolean,
  ) {}

  environment(name: string): FakeReleaseEnvironment {
    const e = this.environments.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!e) throw new Error(`Release ${this.id} has no environment ${name}`);
    return e;
  }

  get modifiedOn(): Date {
    return maxDate(this.environments.flatMap((e) => e.deployments.map((d) => d.lastModifiedOn))) ?? this.createdOn;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Project

const CLASSIC_ENV_STATUS: Record<ClassicDeploymentStatus, ReleaseEnvironmentStatus> = {
  succeeded: 'succeeded',
  partiallySucceeded: 'partiallySucceeded',
  failed: 'rejected',
  notDeployed: 'rejected',
  inProgress: 'inProgress',
};

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'change';
}

function yyyymmdd(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

export class FakeProject {
  readonly id: string;
  readonly repositories: FakeRepository[] = [];
  readonly environments: FakeEnvironment[] = [];
  readonly builds: FakeBuild[] = [];
  readonly pullRequests: FakePullRequest[] = [];
  readonly releases: FakeRelease[] = [];
  /** Checks configured on the project's resources (pipelines/checks/configurations). */
  readonly checkConfigurations: FakeCheckConfiguration[] = [];
  /** Test result retention (test/resultretentionsettings); builds older than automatedDays before `now` lose their results. */
  testRetention: { automatedDays: number; manualDays: number; now: Date; updatedBy: FakeIdentity; updatedOn: Date } | null = null;
  private readonly policyConfigurations = new Map<string, FakePolicyConfiguration>();
  /** Branch policies in the order they were configured (what policy/configurations lists). */
  readonly branchPolicies: Array<{ configuration: FakePolicyConfiguration; repository: FakeRepository | null; refName: string | null; matchKind: 'Exact' | 'Prefix' }> = [];
  /** Builds per pipeline and day, for yyyyMMdd.n build numbers. */
  private readonly buildsPerDay = new Map<string, number>();

  constructor(
    readonly org: FakeOrganization,
    readonly name: string,
    readonly description: string,
  ) {
    this.id = guidFrom(org.name, 'project', name.toLowerCase());
  }

  repository(name: string, options: { defaultBranch?: string } = {}): FakeRepository {
    const existing = this.repositories.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing;
    const repo: FakeRepository = {
      id: guidFrom(this.org.name, 'repository', this.id, name.toLowerCase()),
      name,
      project: this,
      defaultBranch: options.defaultBranch ?? 'main',
      git: new FakeGitHistory(),
    };
    this.repositories.push(repo);
    this.org.touch();
    return repo;
  }

  environment(
    name: string,
    options: { description?: string; createdBy?: FakeIdentity; createdOn?: DateInput } = {},
  ): FakeEnvironment {
    const existing = this.environments.find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing;
    const env: FakeEnvironment = {
      id: this.org.next('environment'),
      name,
      project: this,
      description: options.description ?? '',
      createdOn: toDate(options.createdOn ?? '2024-01-15T09:30:00Z'),
      createdBy: options.createdBy ?? this.org.system.projectAdministrator,
    };
    this.environments.push(env);
    this.org.touch();
    return env;
  }

  pullRequest(options: PullRequestOptions): FakePullRequest {
    const org = this.org;
    const id = org.next('pullRequest');
    const status = options.status ?? 'completed';
    const creationDate = toDate(options.createdAt ?? '2024-01-01T09:00:00Z');
    const closedDate =
      status === 'active' ? null : toDate(options.completedAt ?? plus(creationDate, 2 * 60 * MINUTE));
    const title = options.title ?? `Change ${id}`;
    const sourceCommit =
      options.sourceCommit ?? (options.commits?.length ? options.commits[options.commits.length - 1] : commitFrom(org.name, 'pr-source', id));
    const targetRefName = options.targetRefName ?? `refs/heads/${options.repository.defaultBranch}`;
    // The commit graph: the pull request's own commits on its source branch, from the target's tip when it was
    // created; on completion its merge commit on the target branch (squash: one parent; noFastForward: two).
    const git = options.repository.git;
    const base = this.branchTip(options.repository, targetRefName, creationDate);
    const own = [...new Set([...(options.commits ?? []), sourceCommit])];
    let parent = base;
    own.forEach((sha, i) => {
      const at = new Date(creationDate.getTime() - (own.length - i) * 7 * MINUTE);
      git.add(sha, [parent], options.createdBy, at, i === own.length - 1 ? title : `WIP: ${title} (${i + 1})`);
      parent = sha.toLowerCase();
    });
    const strategy = options.mergeStrategy ?? 'squash';
    let targetCommit = options.targetCommit ?? base;
    const mergeCommit = options.mergeCommit ?? commitFrom(org.name, 'pr-merge', id);
    if (status === 'completed') {
      targetCommit = options.targetCommit ?? git.tip(targetRefName) ?? base;
      const parents = strategy === 'noFastForward' || strategy === 'rebaseMerge' ? [targetCommit, sourceCommit] : [targetCommit];
      const closer = (options.closedBy === undefined ? options.createdBy : options.closedBy) ?? options.createdBy;
      git.add(mergeCommit, parents, strategy === 'squash' ? options.createdBy : closer, closedDate ?? creationDate, `Merged PR ${id}: ${title}`, closer);
      if (options.completeIntoBranch !== false) git.setTip(targetRefName, mergeCommit);
    } else {
      // An active or abandoned pull request's test merge commit, not on any branch.
      git.add(mergeCommit, [targetCommit, sourceCommit], options.createdBy, creationDate, `Merge pull request ${id} from ${(options.sourceRefName ?? 'feature').replace(/^refs\/heads\//, '')} into ${targetRefName.replace(/^refs\/heads\//, '')}`);
    }
    const pr = new FakePullRequest(
      org,
      this,
      options.repository,
      id,
      title,
      options.description ?? title,
      status,
      options.createdBy,
      status === 'active' ? null : options.closedBy === undefined ? options.createdBy : options.closedBy,
      creationDate,
      closedDate,
      options.sourceRefName ?? `refs/heads/feature/${slug(title)}`,
      targetRefName,
      mergeCommit,
      sourceCommit,
      targetCommit,
      options.commits ?? [sourceCommit],
      options.bypassPolicy ?? false,
      options.bypassPolicy ? (options.bypassReason ?? 'Hotfix') : null,
      strategy,
      options.workItems ?? [],
      options.isDraft ?? false,
    );
    pr.reviewers = (options.reviewers ?? []).map((r) => ({
      identity: r.identity,
      vote: r.vote,
      isRequired: r.isRequired ?? false,
      hasDeclined: r.hasDeclined ?? false,
      votedFor: r.votedFor ?? [],
    }));
    pr.policyEvaluations = (options.policyEvaluations ?? []).map((p, index) => {
      const configuration = this.policyConfiguration(options.repository, p, targetRefName);
      const started = plus(creationDate, (index + 1) * SECOND);
      return {
        // Computed when served: thousands of pull requests are built for every demo.
        get evaluationId() {
          return guidFrom(org.name, 'policy-evaluation', id, index);
        },
        configuration,
        status: p.status,
        startedDate: started,
        completedDate: p.status === 'queued' || p.status === 'running' ? null : (closedDate ?? plus(started, 30 * MINUTE)),
      };
    });
    this.pullRequests.push(pr);
    org.touch();
    return pr;
  }

  /**
   * A branch policy configured on a repository's branch (or every repository: repository null), listed by
   * policy/configurations. Pull requests' policy evaluations reuse it when their type and settings match.
   */
  branchPolicy(options: {
    repository: FakeRepository | null;
    refName?: string | null;
    matchKind?: 'Exact' | 'Prefix';
    typeName: string;
    isBlocking?: boolean;
    isEnabled?: boolean;
    settings?: Record<string, unknown>;
    createdDate?: DateInput;
  }): FakePolicyConfiguration {
    return this.policyConfiguration(
      options.repository,
      { typeName: options.typeName, status: 'approved', isBlocking: options.isBlocking, isEnabled: options.isEnabled, settings: options.settings },
      options.refName === undefined ? (options.repository ? `refs/heads/${options.repository.defaultBranch}` : null) : options.refName,
      options.matchKind ?? 'Exact',
      options.createdDate,
    );
  }

  private policyConfiguration(
    repository: FakeRepository | null,
    p: PolicyEvaluationOptions,
    ref: string | null = repository ? `refs/heads/${repository.defaultBranch}` : null,
    matchKind: 'Exact' | 'Prefix' = 'Exact',
    createdDate?: DateInput,
  ): FakePolicyConfiguration {
    const known = POLICY_TYPES[p.typeName];
    const isBlocking = p.isBlocking ?? true;
    const isEnabled = p.isEnabled ?? true;
    const key = `${repository?.id ?? ''}|${p.typeName}|${isBlocking}|${isEnabled}|${ref ?? ''}|${matchKind}|${p.settings ? JSON.stringify(p.settings) : ''}`;
    let configuration = this.policyConfigurations.get(key);
    const settings = () => ({
      ...(known ? known.settings() : {}),
      ...(p.settings ?? {}),
      scope: [{ ...(ref ? { refName: ref, matchKind } : {}), repositoryId: repository?.id ?? null }],
    });
    if (!configuration) {
      configuration = {
        id: this.org.next('policyConfiguration'),
        typeId: known?.id ?? guidFrom('policy-type', p.typeName),
        typeName: p.typeName,
        isBlocking,
        isEnabled,
        settings: settings(),
        createdBy: this.org.system.projectAdministrator,
        createdDate: toDate(createdDate ?? '2023-06-01T08:00:00Z'),
        revision: 1,
      };
      this.policyConfigurations.set(key, configuration);
      this.branchPolicies.push({ configuration, repository, refName: ref, matchKind });
    }
    return configuration;
  }

  /**
   * A branch's tip; a branch that does not exist yet starts at the default branch's tip (a new branch), and a
   * repository without commits gets its initial commit.
   */
  branchTip(repository: FakeRepository, branch: string, at: Date): string {
    const git = repository.git;
    const existing = git.tip(branch);
    if (existing) return existing;
    const main = `refs/heads/${repository.defaultBranch}`;
    let base = git.tip(main);
    if (!base) {
      base = git.add(
        commitFrom(this.org.name, 'initial', repository.id),
        [],
        this.org.system.projectAdministrator,
        new Date(Math.min(at.getTime(), toDate('2023-06-01T08:00:00Z').getTime())),
        'Initial commit',
      ).id;
      git.setTip(main, base);
    }
    if (refName(branch).toLowerCase() !== main.toLowerCase()) git.setTip(branch, base);
    return base;
  }

  /** A new branch at another branch's tip (default: the repository's default branch). */
  branch(repository: FakeRepository, name: string, options: { from?: string; at?: DateInput } = {}): string {
    const from = options.from ?? `refs/heads/${repository.defaultBranch}`;
    const tip = this.branchTip(repository, from, toDate(options.at ?? '2024-01-01T00:00:00Z'));
    repository.git.setTip(name, tip);
    return tip;
  }

  /** Commits pushed straight to a branch, without a pull request (oldest first). */
  push(options: {
    repository: FakeRepository;
    branch?: string;
    author: FakeIdentity;
    at: DateInput;
    message?: string;
    /** Number of commits, default 1. */
    commits?: number;
    /** Explicit commit ids. */
    ids?: string[];
  }): FakeCommit[] {
    const repo = options.repository;
    const branch = options.branch ?? `refs/heads/${repo.defaultBranch}`;
    const at = toDate(options.at);
    let parent = this.branchTip(repo, branch, at);
    const n = options.ids?.length ?? Math.max(1, options.commits ?? 1);
    const made: FakeCommit[] = [];
    for (let i = 0; i < n; i++) {
      const id = options.ids?.[i] ?? commitFrom(this.org.name, 'push', repo.id, repo.git.commits.size);
      const commit = repo.git.add(id, [parent], options.author, new Date(at.getTime() - (n - 1 - i) * 3 * MINUTE), options.message ?? 'Quick fix');
      made.push(commit);
      parent = commit.id;
    }
    repo.git.setTip(branch, parent);
    this.org.touch();
    return made;
  }

  /** Moves a branch to another branch's tip (a fast-forward: `git push origin develop:main`). */
  fastForward(options: { repository: FakeRepository; branch: string; to: string }): string {
    const git = options.repository.git;
    const target = git.tip(options.to);
    if (!target) throw new Error(`No branch ${options.to} in ${options.repository.name}`);
    const current = git.tip(options.branch);
    if (current && !git.isAncestor(current, target)) throw new Error(`${options.branch} cannot fast-forward to ${options.to}`);
    git.setTip(options.branch, target);
    this.org.touch();
    return target;
  }

  /** A service connection, agent pool, variable group… as the checks panel names it. */
  resource(type: CheckResource['type'], name: string, id?: string | number): CheckResource {
    return {
      type,
      id: String(id ?? (type === 'queue' || type === 'variablegroup' ? 100 + (Number.parseInt(guidFrom(this.id, type, name).slice(0, 4), 16) % 900) : guidFrom(this.org.name, this.id, type, name.toLowerCase()))),
      name,
    };
  }

  /** An Approval check configured on a resource (e.g. an environment and its approvers). */
  approvalCheck(
    resource: CheckResource | FakeEnvironment,
    options: { approvers: FakeIdentity[]; minRequiredApprovers?: number; instructions?: string; requesterCannotBeApprover?: boolean; createdOn?: DateInput; timeoutMinutes?: number },
  ): FakeCheckConfiguration {
    const res: CheckResource = 'type' in resource ? resource : { type: 'environment', id: String(resource.id), name: resource.name };
    const check: FakeCheckConfiguration = {
      id: this.org.next('checkConfiguration'),
      resource: res,
      typeName: 'Approval',
      approvers: options.approvers,
      minRequiredApprovers: options.minRequiredApprovers ?? 0,
      instructions: options.instructions ?? '',
      requesterCannotBeApprover: options.requesterCannotBeApprover ?? false,
      timeoutMinutes: options.timeoutMinutes ?? 43200,
      createdBy: this.org.system.projectAdministrator,
      createdOn: toDate(options.createdOn ?? '2024-01-15T09:30:00Z'),
    };
    this.checkConfigurations.push(check);
    return check;
  }

  /** The project's test result retention (days); `now` is the moment results are counted from. */
  testResultRetention(options: { automatedDays: number; manualDays?: number; now: DateInput; updatedBy?: FakeIdentity; updatedOn?: DateInput }): void {
    this.testRetention = {
      automatedDays: options.automatedDays,
      manualDays: options.manualDays ?? 365,
      now: toDate(options.now),
      updatedBy: options.updatedBy ?? this.org.system.projectAdministrator,
      updatedOn: toDate(options.updatedOn ?? '2024-02-01T10:00:00Z'),
    };
  }

  private defaultRepository(): FakeRepository {
    return this.repositories[0] ?? this.repository(this.name);
  }

  /** A multi-stage YAML pipeline run. */
  yamlRun(options: YamlRunOptions): FakeBuild {
    return this.createBuild(options, 'yaml');
  }

  /** A plain CI build (single implicit stage, no environment), e.g. the artifact of a classic release. */
  ciBuild(options: CiBuildOptions): FakeBuild {
    const result = options.result ?? 'succeeded';
    const stageResult: TaskResult =
      result === 'partiallySucceeded' ? 'succeededWithIssues' : result === 'none' ? 'succeeded' : result;
    return this.createBuild(
      {
        ...options,
        result: options.result,
        stages: [
          { name: '__default', jobs: [{ name: 'Job', result: stageResult }], result: stageResult, jobMinutes: options.minutes },
        ],
      },
      'ci',
    );
  }

  private createBuild(options: YamlRunOptions, kind: 'yaml' | 'ci'): FakeBuild {
    const org = this.org;
    const id = org.next('build');
    const queuedAt = toDate(options.queuedAt);
    const pr = options.pullRequest ?? null;
    const repository = options.repository ?? pr?.repository ?? this.defaultRepository();
    const pipeline = { id: options.pipeline.id, name: options.pipeline.name, path: options.pipeline.path ?? '\\' };
    const dayKey = `${pipeline.id}:${yyyymmdd(queuedAt)}`;
    const sameDay = this.buildsPerDay.get(dayKey) ?? 0;
    this.buildsPerDay.set(dayKey, sameDay + 1);
    const sourceBranch = options.sourceBranch ?? pr?.targetRefName ?? `refs/heads/${repository.defaultBranch}`;
    // The branch's tip when the build was queued; a branch without commits gets one (what was pushed to it).
    let sourceVersion = options.sourceVersion ?? pr?.mergeCommit ?? repository.git.tip(sourceBranch);
    if (!sourceVersion) {
      const parent = this.branchTip(repository, `refs/heads/${repository.defaultBranch}`, queuedAt);
      sourceVersion = repository.git.add(commitFrom(org.name, 'build', id), [parent], options.requestedFor, new Date(queuedAt.getTime() - 10 * MINUTE), 'Update').id;
      repository.git.setTip(sourceBranch, sourceVersion);
    }
    const build = new FakeBuild(
      org,
      this,
      id,
      options.number ?? `${yyyymmdd(queuedAt)}.${sameDay + 1}`,
      kind,
      pipeline,
      repository,
      sourceBranch,
      sourceVersion,
      options.reason ?? (options.requestedBy ? 'manual' : 'individualCI'),
      options.requestedFor,
      options.requestedBy ?? options.requestedFor,
      queuedAt,
      options.tests ?? null,
      options.workItems ?? [],
      options.deleted ?? false,
      options.tags ?? [],
      pr,
    );

    let cursor = plus(queuedAt, 15 * SECOND);
    options.stages.forEach((spec, index) => {
      const stage = new FakeStage(build, spec.name, spec.displayName ?? spec.name, index + 1, spec.environment ?? null);
      stage.spec = spec;
      const attempts = Math.max(1, spec.attempt ?? 1);
      for (let n = 1; n <= attempts; n++) {
        const isLatest = n === attempts;
        const attemptSpec: StageAttemptOptions = isLatest
          ? spec
          : { result: 'failed', approval: spec.approval, ...(spec.previousAttempts?.[n - 1] ?? {}) };
        const start = attemptSpec.start ? toDate(attemptSpec.start) : n > 1 ? plus(cursor, 40 * MINUTE) : cursor;
        const attempt = this.buildAttempt(stage, n, attemptSpec, spec, start);
        stage.attempts.push(attempt);
        cursor = plus(attempt.finishedAt ?? attempt.startedAt ?? start, 20 * SECOND);
      }
      build.stages.push(stage);
    });

    const latest = build.stages.map((s) => s.latest);
    const starts = build.stages.flatMap((s) => s.attempts.map((a) => a.startedAt));
    const finishes = build.stages.flatMap((s) => s.attempts.map((a) => a.finishedAt));
    const pending = latest.some((a) => a.state !== 'completed');
    build.status = options.status ?? (pending ? 'inProgress' : 'completed');
    build.startedAt = plus(starts.find((d) => d !== null) ?? cursor, -3 * SECOND);
    build.finishedAt = build.status === 'completed' ? plus(maxDate(finishes) ?? cursor, 2 * SECOND) : null;
    build.result = options.result ?? (build.status === 'completed' ? deriveBuildResult(latest) : null);
    build.consumed = options.consumes ?? [];
    build.triggeredBy =
      options.triggeredBy !== undefined
        ? options.triggeredBy
        : build.reason === 'resourceTrigger' || build.reason === 'buildCompletion'
          ? (build.consumed[0]?.build ?? null)
          : null;

    this.builds.push(build);
    org.touch();
    return build;
  }

  /**
   * Runs a stage of an existing run again, later (a new attempt): e.g. re-running an older run's Production stage to
   * roll back. The build's finish time moves to the new attempt's end.
   */
  rerunStage(build: FakeBuild, stageName: string, options: StageAttemptOptions & { start: DateInput }): FakeStageAttempt {
    const stage = build.stage(stageName);
    const spec: StageOptions = { ...(stage.spec ?? { name: stage.name, environment: stage.environment ?? undefined }), ...options };
    const attempt = this.buildAttempt(stage, stage.attempts.length + 1, spec, spec, toDate(options.start));
    stage.attempts.push(attempt);
    const end = attempt.finishedAt ?? attempt.startedAt;
    if (build.finishedAt && end && end > build.finishedAt) build.finishedAt = plus(end, 2 * SECOND);
    this.org.touch();
    return attempt;
  }

  private buildAttempt(
    stage: FakeStage,
    n: number,
    spec: StageAttemptOptions,
    stageSpec: StageOptions,
    start: Date,
  ): FakeStageAttempt {
    const org = this.org;
    const requested = spec.result === 'partiallySucceeded' ? 'succeededWithIssues' : spec.result;
    if (requested === 'skipped') {
      const skipped = new FakeStageAttempt(stage, n, 'completed', 'skipped', null, null);
      skipped.jobs = this.jobs(skipped, stageSpec, 'skipped', null, 0);
      return skipped;
    }

    // The approvals (checkpoint) come first; the jobs run once they are all approved.
    const approvalSpec = spec.approval ?? null;
    let jobsStart = plus(start, 5 * SECOND);
    const decide = (a: ApprovalOptions) => {
      const createdOn = a.createdAt ? toDate(a.createdAt) : plus(start, 2 * SECOND);
      const steps = a.steps.map((s, i) => {
        const acted = s.actedBy ?? null;
        const status = s.status ?? (acted ? 'approved' : 'pending');
        const decidedAt = acted || status !== 'pending' ? plus(createdOn, (9 + 4 * i) * MINUTE) : createdOn;
        const at = s.at ? toDate(s.at) : decidedAt;
        return new FakeApprovalStep(s.assignedTo, acted, status, s.comment ?? null, createdOn, at, s.order ?? 1);
      });
      const minRequired = a.minRequiredApprovers ?? 1;
      const approvedCount = steps.filter((s) => s.status === 'approved').length;
      const status: PipelineApprovalStatus =
        a.status ??
        (steps.some((s) => s.status === 'rejected')
          ? 'rejected'
          : approvedCount >= Math.min(minRequired, Math.max(steps.length, 1))
            ? 'approved'
            : 'pending');
      const decided = maxDate(steps.filter((s) => s.status !== 'pending').map((s) => s.lastModifiedOn)) ?? createdOn;
      return { status, steps, minRequired, createdOn, decided, spec: a };
    };
    const approval = approvalSpec ? decide(approvalSpec) : null;
    const others = (spec.otherApprovals ?? []).map(decide);
    const all = [...(approval ? [approval] : []), ...others];
    if (all.length) jobsStart = plus(maxDate(all.map((a) => a.decided)) ?? start, 5 * SECOND);
    const combined: PipelineApprovalStatus | null = !all.length
      ? null
      : (['rejected', 'timedOut', 'canceled', 'failed', 'pending', 'uninitiated'] as PipelineApprovalStatus[]).find((st) =>
          all.some((a) => a.status === st),
        ) ?? 'approved';

    const approvalStatus = combined;
    const jobsRun = approvalStatus === null || approvalStatus === 'approved';
    const waiting = approvalStatus === 'pending' || approvalStatus === 'uninitiated';
    const result: TaskResult | null = waiting
      ? null
      : (requested ?? (jobsRun ? 'succeeded' : approvalStatus === 'rejected' ? 'failed' : 'canceled'));
    const attempt = new FakeStageAttempt(stage, n, waiting ? 'inProgress' : 'completed', result, start, null);
    const minutes = stageSpec.jobMinutes ?? (stage.environment ? 3 : 6);
    attempt.jobs = this.jobs(
      attempt,
      stageSpec,
      jobsRun ? result : waiting ? null : 'skipped',
      jobsRun && !waiting ? jobsStart : null,
      minutes,
    );
    const make = (a: NonNullable<typeof approval>, id: string) =>
      new FakeApproval(
        id,
        attempt,
        a.status,
        a.steps,
        a.minRequired,
        a.spec.executionOrder ?? 'anyOrder',
        a.spec.instructions ?? '',
        a.createdOn,
        a.decided,
        a.spec.timeoutMinutes ?? 43200,
        a.spec.resource ?? null,
      );
    if (approval) attempt.approval = make(approval, guidFrom(org.name, stage.build.id, 'approval', stage.name, n));
    attempt.otherApprovals = others.map((a, i) => make(a, guidFrom(org.name, stage.build.id, 'approval', stage.name, n, 'other', i)));
    if (!waiting) {
      const lastJob = maxDate(attempt.jobs.map((j) => j.finishedAt));
      attempt.finishedAt = spec.finish ? toDate(spec.finish) : plus(lastJob ?? jobsStart, 3 * SECOND);
    }
    return attempt;
  }

  private jobs(
    attempt: FakeStageAttempt,
    stageSpec: StageOptions,
    result: TaskResult | null,
    start: Date | null,
    minutes: number,
  ): FakeJob[] {
    const specs = (stageSpec.jobs ?? [stageSpec.environment ? 'Deploy' : 'Build']).map((j) =>
      typeof j === 'string' ? { name: j } : j,
    );
    return specs.map((j, i) => {
      const deployment = j.deployment ?? Boolean(stageSpec.environment);
      const ran = start !== null && result !== 'skipped' && result !== null;
      const queuedAt = ran ? plus(start, i * SECOND) : null;
      const startedAt = ran ? plus(start, i * SECOND + 4 * SECOND) : null;
      const finishedAt = ran ? plus(start, i * SECOND + 4 * SECOND + minutes * MINUTE + i * 20 * SECOND) : null;
      const jobResult = ran ? (j.result ?? result) : result === null ? null : 'skipped';
      const state: RecordState = ran || result !== null ? 'completed' : 'pending';
      return new FakeJob(
        attempt,
        j.name,
        j.displayName ?? (deployment && j.name === 'Deploy' ? `Deploy to ${stageSpec.environment?.name ?? stageSpec.name}` : j.name),
        deployment,
        state,
        jobResult,
        queuedAt,
        startedAt,
        finishedAt,
      );
    });
  }

  /** A classic release (Release Management) and its deployments, one per environment and attempt. */
  classicRelease(options: ClassicReleaseOptions): FakeRelease {
    const org = this.org;
    const id = org.next('release');
    const definition = { id: options.definition.id, name: options.definition.name, path: options.definition.path ?? '\\' };
    const count = this.releases.filter((r) => r.definition.id === definition.id).length;
    const artifactBuilds: Array<{ build: FakeBuild; alias?: string }> = [
      ...(options.artifactBuild ? [{ build: options.artifactBuild }] : []),
      ...(options.artifacts ?? []).map((a) => (a instanceof FakeBuild ? { build: a } : a)),
    ];
    const artifacts: FakeArtifact[] = artifactBuilds.map((a, i) => ({
      build: a.build,
      alias: a.alias ?? `_${a.build.pipeline.name}`,
      isPrimary: i === 0,
    }));
    const firstStart = options.environments.find((e) => e.startedOn ?? e.previousAttempts?.[0]?.startedOn);
    const createdOn = toDate(
      options.createdOn ??
        (firstStart
          ? plus(toDate((firstStart.previousAttempts?.[0]?.startedOn ?? firstStart.startedOn) as DateInput), -2 * MINUTE)
          : artifacts[0]?.build.finishedAt
            ? plus(artifacts[0].build.finishedAt, 5 * MINUTE)
            : '2024-01-01T10:00:00Z'),
    );
    const release = new FakeRelease(
      org,
      this,
      id,
      options.name ?? `Release-${count + 1}`,
      definition,
      artifacts,
      options.requestedBy,
      createdOn,
      options.reason ?? 'manual',
      options.description ?? '',
      options.deleted ?? false,
    );

    let cursor = plus(createdOn, 10 * SECOND);
    options.environments.forEach((envSpec, index) => {
      const attempts = Math.max(1, envSpec.attempt ?? 1);
      const waitingAs: Record<string, ReleaseEnvironmentStatus> = {
        queued: 'queued',
        queuedforpipeline: 'queued',
        queuedforagent: 'queued',
        scheduled: 'scheduled',
        deferred: 'scheduled',
        evaluatinggates: 'inProgress',
        pending: 'inProgress',
      };
      const status: ReleaseEnvironmentStatus = envSpec.notStarted
        ? 'notStarted'
        : (envSpec.status === 'notDeployed' || envSpec.status === 'inProgress') && waitingAs[(envSpec.operationStatus ?? '').toLowerCase()]
          ? waitingAs[(envSpec.operationStatus ?? '').toLowerCase()]
          : CLASSIC_ENV_STATUS[envSpec.status ?? 'succeeded'];
      const env = new FakeReleaseEnvironment(
        release,
        org.next('releaseEnvironment'),
        envSpec.name,
        index + 1,
        org.definitionEnvironmentId(definition.id, envSpec.name),
        status,
        envSpec.owner ?? options.requestedBy,
      );
      if (!envSpec.notStarted) {
        for (let n = 1; n <= attempts; n++) {
          const spec: ReleaseDeploymentAttemptOptions =
            n === attempts
              ? envSpec
              : { status: 'failed', preDeployApprovals: envSpec.preDeployApprovals, ...(envSpec.previousAttempts?.[n - 1] ?? {}) };
          const start = spec.startedOn ? toDate(spec.startedOn) : n > 1 ? plus(cursor, 30 * MINUTE) : cursor;
          const deployment = this.classicDeployment(env, n, spec, options, start);
          env.deployments.push(deployment);
          cursor = plus(deployment.completedOn ?? deployment.startedOn, 30 * SECOND);
        }
      }
      release.environments.push(env);
    });

    this.releases.push(release);
    org.touch();
    return release;
  }

  private classicDeployment(
    env: FakeReleaseEnvironment,
    attempt: number,
    spec: ReleaseDeploymentAttemptOptions,
    options: ClassicReleaseOptions,
    startedOn: Date,
  ): FakeClassicDeployment {
    const org = this.org;
    const approvals = (list: ReleaseApprovalOptions[] | undefined, type: 'preDeploy' | 'postDeploy', at: Date) => {
      if (!list || list.length === 0) {
        return [
          new FakeReleaseApproval(org.next('releaseApproval'), type, null, null, 'approved', true, '', at, plus(at, 50), type === 'preDeploy' ? 1 : 3, attempt),
        ];
      }
      return list.map((a, i) => {
        const status = a.status ?? 'approved';
        const createdOn = a.createdOn ? toDate(a.createdOn) : at;
        const acted = status === 'approved' || status === 'rejected';
        const modifiedOn = a.modifiedOn ? toDate(a.modifiedOn) : acted ? plus(createdOn, (14 + 3 * i) * MINUTE) : createdOn;
        const approvedBy = a.approvedBy === undefined ? (acted && !a.approver.isContainer ? a.approver : null) : a.approvedBy;
        return new FakeReleaseApproval(
          org.next('releaseApproval'),
          type,
          a.isAutomated ? null : a.approver,
          a.isAutomated ? null : approvedBy,
          status,
          a.isAutomated ?? false,
          a.comments ?? '',
          createdOn,
          modifiedOn,
          a.rank ?? 1,
          attempt,
        );
      });
    };

    const pre = approvals(spec.preDeployApprovals, 'preDeploy', plus(startedOn, SECOND));
    const rejected = pre.some((a) => a.status === 'rejected');
    const pendingApproval = pre.some((a) => a.status === 'pending');
    const status: ClassicDeploymentStatus =
      spec.status ?? (rejected ? 'notDeployed' : pendingApproval ? 'inProgress' : 'succeeded');
    const decided = maxDate(pre.map((a) => a.modifiedOn)) ?? startedOn;
    const waitingOperation = ['queued', 'scheduled', 'deferred', 'queuedforpipeline', 'queuedforagent', 'evaluatinggates', 'pending'].includes(
      (spec.operationStatus ?? '').toLowerCase(),
    );
    const completedOn =
      status === 'inProgress' || (status === 'notDeployed' && waitingOperation)
        ? null
        : spec.completedOn
          ? toDate(spec.completedOn)
          : status === 'notDeployed'
            ? plus(decided, SECOND)
            : plus(decided, 4 * MINUTE);
    const post =
      status === 'succeeded' || status === 'partiallySucceeded'
        ? approvals(spec.postDeployApprovals, 'postDeploy', plus(completedOn ?? decided, -SECOND))
        : [];
    const operationStatus =
      spec.operationStatus ??
      {
        succeeded: 'Approved',
        partiallySucceeded: 'PhasePartiallySucceeded',
        failed: 'PhaseFailed',
        notDeployed: rejected ? 'Rejected' : 'PhaseFailed',
        inProgress: pendingApproval ? 'Pending' : 'PhaseInProgress',
      }[status];
    return new FakeClassicDeployment(
      env,
      attempt,
      status,
      operationStatus,
      spec.reason ?? (env.rank === 1 && attempt === 1 ? 'automated' : 'manual'),
      spec.requestedBy ?? options.requestedBy,
      spec.requestedFor ?? options.requestedFor ?? spec.requestedBy ?? options.requestedBy,
      spec.queuedOn ? toDate(spec.queuedOn) : startedOn,
      startedOn,
      completedOn,
      pre,
      post,
      org.next('deploymentSequence'),
    );
  }
}

function deriveBuildResult(latest: FakeStageAttempt[]): BuildResult {
  const results = latest.map((a) => a.result);
  if (results.includes('failed') || results.includes('abandoned')) return 'failed';
  if (results.includes('canceled')) return 'canceled';
  if (results.includes('succeededWithIssues')) return 'partiallySucceeded';
  return 'succeeded';
}

// ---------------------------------------------------------------------------------------------------------------
// Organization

export interface OrganizationOptions {
  /** First build id (default 1000). */
  firstBuildId?: number;
  /** First release id (default 1). */
  firstReleaseId?: number;
  /** First pull request id (default 1). */
  firstPullRequestId?: number;
}

type Counter =
  | 'build'
  | 'release'
  | 'releaseEnvironment'
  | 'releaseApproval'
  | 'environment'
  | 'pullRequest'
  | 'policyConfiguration'
  | 'checkConfiguration'
  | 'deploymentSequence'
  | 'definitionEnvironment';

export class FakeOrganization {
  readonly id: string;
  readonly identities: FakeIdentity[] = [];
  readonly tokens = new Map<string, TokenGrant>();
  readonly projects: FakeProject[] = [];
  /** Service identities as the real service names them. */
  readonly system: {
    releaseManagement: FakeIdentity;
    tfs: FakeIdentity;
    projectAdministrator: FakeIdentity;
  };

  private readonly counters: Record<Counter, number>;
  private readonly definitionEnvironments = new Map<string, number>();
  private version = 0;
  private numbered: {
    version: number;
    records: FakeDeploymentRecord[];
    byEnvironment: Map<number, FakeDeploymentRecord[]>;
    classic: FakeClassicDeployment[];
    approvals: Map<string, FakeApproval>;
    builds: Map<number, FakeBuild>;
    pullRequestsByMergeCommit: Map<string, FakePullRequest[]>;
  } | null = null;

  constructor(
    readonly name: string,
    options: OrganizationOptions = {},
  ) {
    this.id = guidFrom('organization', name.toLowerCase());
    this.counters = {
      build: options.firstBuildId ?? 1000,
      release: options.firstReleaseId ?? 1,
      releaseEnvironment: 1,
      releaseApproval: 1,
      environment: 1,
      pullRequest: options.firstPullRequestId ?? 1,
      policyConfiguration: 1,
      checkConfiguration: 1,
      deploymentSequence: 1,
      definitionEnvironment: 1,
    };
    this.system = {
      releaseManagement: {
        id: '0000000d-0000-8888-8000-000000000000',
        displayName: 'Microsoft.VisualStudio.Services.ReleaseManagement',
        uniqueName: `0000000d-0000-8888-8000-000000000000@${this.id}`,
        descriptor: 's2s.MDAwMDAwMGQtMDAwMC04ODg4LTgwMDAtMDAwMDAwMDAwMDAw',
        isContainer: false,
      },
      tfs: {
        id: '00000002-0000-8888-8000-000000000000',
        displayName: 'Microsoft.VisualStudio.Services.TFS',
        uniqueName: `00000002-0000-8888-8000-000000000000@${this.id}`,
        descriptor: 's2s.MDAwMDAwMDItMDAwMC04ODg4LTgwMDAtMDAwMDAwMDAwMDAw',
        isContainer: false,
      },
      projectAdministrator: {
        id: guidFrom(name.toLowerCase(), 'identity', 'project-administrator'),
        displayName: 'Project Administrator',
        uniqueName: `admin@${name.toLowerCase()}.com`,
        descriptor: descriptorFor(guidFrom(name.toLowerCase(), 'identity', 'project-administrator'), false),
        isContainer: false,
      },
    };
  }

  /** A person. uniqueName defaults to first.last@{org}.com. */
  person(displayName: string, uniqueName?: string): FakeIdentity {
    const unique =
      uniqueName ?? `${displayName.toLowerCase().replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')}@${this.name.toLowerCase()}.com`;
    const id = guidFrom(this.name.toLowerCase(), 'identity', unique.toLowerCase());
    const identity: FakeIdentity = { id, displayName, uniqueName: unique, descriptor: descriptorFor(id, false), isContainer: false };
    this.identities.push(identity);
    return identity;
  }

  /** A group, named as Azure DevOps shows them: "[Project]\Group name". */
  group(displayName: string, options: { uniqueName?: string } = {}): FakeIdentity {
    const m = /^\[(.+?)\]\\(.+)$/.exec(displayName);
    const scope = m ? guidFrom(this.name, 'project', m[1].toLowerCase()) : this.id;
    const unique = options.uniqueName ?? `vstfs:///Classification/TeamProject/${scope}\\${m ? m[2] : displayName}`;
    const id = guidFrom(this.name.toLowerCase(), 'group', displayName.toLowerCase());
    const identity: FakeIdentity = { id, displayName, uniqueName: unique, descriptor: descriptorFor(id, true), isContainer: true };
    this.identities.push(identity);
    return identity;
  }

  /** Project Collection Administrators: every permission everywhere (Security's has-permission answers true). */
  readonly administrators = new Set<string>();

  /** Makes a person an administrator of the organization (and so of every project). */
  administrator(identity: FakeIdentity): this {
    this.administrators.add(identity.id);
    return this;
  }

  /** Registers a personal access token (or bearer token) for an identity. */
  token(token: string, options: TokenOptions): this {
    const deny = new Set<ApiArea>(options.deny ?? []);
    if (options.role === 'reader') {
      deny.add('approvals');
      deny.add('hierarchyQuery');
    }
    this.tokens.set(token, { token, user: options.user, role: options.role ?? 'member', deny });
    return this;
  }

  project(name: string, options: { description?: string } = {}): FakeProject {
    const existing = this.findProject(name);
    if (existing) return existing;
    const project = new FakeProject(this, name, options.description ?? '');
    this.projects.push(project);
    this.touch();
    return project;
  }

  /** A project by name (any casing) or id. */
  findProject(nameOrId: string): FakeProject | undefined {
    const key = nameOrId.toLowerCase();
    return this.projects.find((p) => p.name.toLowerCase() === key || p.id === key);
  }

  findIdentity(id: string): FakeIdentity | undefined {
    return this.identities.find((i) => i.id === id);
  }

  /** All environment deployment records of an environment, newest (highest id) first. */
  deploymentRecords(environment?: FakeEnvironment): FakeDeploymentRecord[] {
    const n = this.ensureNumbered();
    const list = environment ? (n.byEnvironment.get(environment.id) ?? []) : n.records;
    return [...list].sort((a, b) => b.id - a.id);
  }

  /** All classic deployments of the organization (or of one project), newest (highest id) first. */
  classicDeployments(project?: FakeProject): FakeClassicDeployment[] {
    const n = this.ensureNumbered();
    return n.classic.filter((d) => !project || d.release.project === project).sort((a, b) => b.numberedId - a.numberedId);
  }

  builds(): FakeBuild[] {
    return this.projects.flatMap((p) => p.builds);
  }

  /** A build by id (deleted ones included). */
  findBuild(id: number | string): FakeBuild | undefined {
    return this.ensureNumbered().builds.get(Number(id));
  }

  /** A pipelines approval by id. */
  findApproval(id: string): FakeApproval | undefined {
    return this.ensureNumbered().approvals.get(id.toLowerCase());
  }

  /** Pull requests whose last merge commit is this commit. */
  pullRequestsByMergeCommit(commit: string): FakePullRequest[] {
    return this.ensureNumbered().pullRequestsByMergeCommit.get(commit.toLowerCase()) ?? [];
  }

  /** @internal */
  next(counter: Counter): number {
    return this.counters[counter]++;
  }

  /** @internal */
  definitionEnvironmentId(definitionId: number, name: string): number {
    const key = `${definitionId}\u0000${name.toLowerCase()}`;
    let id = this.definitionEnvironments.get(key);
    if (id === undefined) {
      id = this.next('definitionEnvironment');
      this.definitionEnvironments.set(key, id);
    }
    return id;
  }

  /** @internal marks the organization changed (ids are renumbered on next read). */
  touch(): void {
    this.version++;
  }

  /** @internal numbers deployment records and classic deployments in chronological order. */
  ensureNumbered(): NonNullable<FakeOrganization['numbered']> {
    if (this.numbered && this.numbered.version === this.version) return this.numbered;
    const jobs: Array<{ job: FakeJob; environment: FakeEnvironment; seq: number }> = [];
    let seq = 0;
    for (const build of this.builds()) {
      for (const stage of build.stages) {
        if (!stage.environment) continue;
        for (const attempt of stage.attempts) {
          for (const job of attempt.jobs) {
            if (job.ran) jobs.push({ job, environment: stage.environment, seq: seq++ });
          }
        }
      }
    }
    jobs.sort((a, b) => (a.job.queuedAt as Date).getTime() - (b.job.queuedAt as Date).getTime() || a.seq - b.seq);
    const records = jobs.map((j, i) => new FakeDeploymentRecord(i + 1, j.environment, j.job));
    const byEnvironment = new Map<number, FakeDeploymentRecord[]>();
    for (const r of records) {
      const list = byEnvironment.get(r.environment.id) ?? [];
      list.push(r);
      byEnvironment.set(r.environment.id, list);
    }
    const classic = this.projects
      .flatMap((p) => p.releases.flatMap((r) => r.environments.flatMap((e) => e.deployments)))
      .sort((a, b) => a.queuedOn.getTime() - b.queuedOn.getTime() || a.sequence - b.sequence);
    classic.forEach((d, i) => (d.numberedId = i + 1));
    const approvals = new Map<string, FakeApproval>();
    const builds = new Map<number, FakeBuild>();
    for (const build of this.builds()) {
      builds.set(build.id, build);
      for (const approval of build.approvals) approvals.set(approval.id, approval);
    }
    const pullRequestsByMergeCommit = new Map<string, FakePullRequest[]>();
    for (const pr of this.projects.flatMap((p) => p.pullRequests)) {
      pullRequestsByMergeCommit.set(pr.mergeCommit, [...(pullRequestsByMergeCommit.get(pr.mergeCommit) ?? []), pr]);
    }
    this.numbered = { version: this.version, records, byEnvironment, classic, approvals, builds, pullRequestsByMergeCommit };
    return this.numbered;
  }
}
