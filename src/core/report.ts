/**
 * The audit report: the JSON contract of the command line (schemaVersion 1), which every export is made from.
 */
import type { ControlId } from './controls/ids';
import type { ApprovalResource, ChangeSetEvidence, ControlStatus, DeploymentSource, EvidenceError, Identity, TestSummary, Verdict } from './model';
import type { Policy } from './policy';
import type { DeploymentEvidence } from './model';

export interface ReportApproval {
  approver: Identity;
  status: string;
  decidedAt: string | null;
  comment: string | null;
}

/** An approval the stage waited for on another resource than its environment (a service connection, an agent pool, …). */
export interface ReportOtherApproval extends ReportApproval {
  /** The resource whose check asked for it; null when Azure DevOps did not say. */
  resource: { type: string; id: string; name: string } | null;
}

/** How a deployed build's change set was found (ChangeSetEvidence without its commits, which are in `changes`). */
export interface ReportChangeSet {
  basis: ChangeSetEvidence['basis'];
  /** The previous production deployment's build of the same definition, for basis `history` and `nothingNew`. */
  since: { buildId: number; number: string; commit: string } | null;
}

export interface ReportBuild {
  id: number;
  number: string;
  /** The build (pipeline) definition; null when the evidence was kept by an engine that did not read it. */
  definition: { id: number; name: string } | null;
  /** Why it is deployed: the run itself (YAML), a pipeline resource the run consumed, a classic release's artifact. */
  role: 'run' | 'consumed' | 'artifact' | null;
  /** Null when its change set was not read (see the errors, or evidence kept by an older engine). */
  changeSet: ReportChangeSet | null;
  result: string;
  sourceBranch: string;
  sourceVersion: string;
  repositoryId: string;
  url: string;
}

/** The previous successful production deployment to the same environment, from which the change set is counted. */
export interface ReportPreviousDeployment {
  key: string;
  startedAt: string;
  runName: string;
  url: string;
}

/** One commit the deployment shipped. */
export interface ReportChange {
  commit: string;
  author: string;
  date: string | null;
  /** The completed pull request into the build's branch that brought it (the first, when several did); null: none. */
  pullRequestId: number | null;
  /** Whether a completed pull request into the deployed build's branch brought it (controls/change-set.ts). */
  covered: boolean;
  /** The deployed build whose change set holds it. */
  buildId: number;
  /** The commit message's first line. */
  message: string;
  url: string | null;
  /** Pull requests holding it that were not completed into the build's branch: why an uncovered commit is uncovered. */
  elsewhere: { id: number; targetRefName: string; status: string }[];
}

export interface ReportPullRequest {
  id: number;
  repositoryId: string;
  title: string;
  createdBy: Identity;
  closedBy: Identity | null;
  reviewers: { identity: Identity; vote: number }[];
  bypassPolicy: boolean;
  url: string;
}

export interface DeploymentReport {
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
  approvals: ReportApproval[];
  /**
   * Approvals on other resources than the environment: shown, never counted. Absent (like `previousDeployment` and
   * `changes`) when the evidence was kept by an engine that did not read them: not known, which is not empty.
   */
  otherApprovals?: ReportOtherApproval[];
  builds: ReportBuild[];
  pullRequests: ReportPullRequest[];
  /** Null: none within the look-back, so each build's change set is its deployed commit alone. */
  previousDeployment?: ReportPreviousDeployment | null;
  /** The change set: every commit of every deployed build, newest first per build. */
  changes?: ReportChange[];
  tests: TestSummary | null;
  workItems: number[];
  /** Only the controls the policy enables, in checklist order. */
  controls: Partial<Record<ControlId, Verdict>>;
  errors: EvidenceError[];
  /** When the evidence was read from Azure DevOps; earlier than generatedAt when it was kept from an earlier audit. */
  capturedAt: string | null;
  /**
   * The evidence the verdicts were reached from, as collected (keys in sorted order in the JSON), so that anyone can
   * re-perform the controls from the report alone (`deploy-audit verify`). Absent in reports of older engines.
   */
  evidence?: DeploymentEvidence;
}

export type StatusCounts = Record<ControlStatus, number>;

/** How the list of deployments was made: what each production pattern matched, and what was left out. */
export interface ReportPopulation {
  /** Each production pattern with the YAML environments and release stages it matched. */
  patterns: { pattern: string; matched: string[] }[];
  /** Classic deployments in the window still waiting for approval, gates or a schedule: not production deployments yet. */
  waiting: number;
}

export interface AuditReport {
  schemaVersion: 1;
  organization: string;
  project: string;
  window: { from: string; to: string };
  generatedAt: string;
  policy: Policy;
  /** Absent from a report of deployments judged elsewhere (a view's filtered export) or by an older engine. */
  population?: ReportPopulation;
  /** What the report is: who made it, with what, from which policy, and how much of the audit it holds. Absent from older reports. */
  manifest?: ReportManifest;
  deployments: DeploymentReport[];
  summary: {
    deployments: number;
    controls: Partial<Record<ControlId, StatusCounts>>;
  };
  /** Only in a sample of another report (`deploy-audit sample`): how the deployments were chosen. */
  sample?: ReportSample;
  /** Written by the JSON export, last: the SHA-256 of the report without this block, canonicalized (RFC 8785). */
  integrity?: ReportIntegrity;
}

/**
 * Evidence captured longer than this before a report was generated was kept from an earlier audit: the manifest counts
 * it (`fromKeptEvidence`), and a deployment shows "Evidence captured on …".
 */
export const KEPT_EVIDENCE_AFTER_MS = 3_600_000;

/** Who made the report and with what: `command line` (deploy-audit collect or sample) or `hub` (an export of the hub). */
export type ReportGenerator = 'command line' | 'hub';

/** Where the effective policy came from. */
export type ReportPolicySource =
  /** `--config FILE`: its path as given and the SHA-256 (hex) of its bytes. */
  | { kind: 'file'; path: string; sha256: string }
  /** The project's settings document kept by the extension: its schema version, when and by whom it was last saved. */
  | { kind: 'settings'; version: number | null; updatedAt: string | null; updatedBy: Identity | null }
  /** A sample's: the policy recorded in the report it was drawn from (that report's integrity hash). */
  | { kind: 'report'; sha256: string }
  /** A policy file in one of the project's Git repositories (policy-source/git-policy.ts), at the commit cited. */
  | ReportGitPolicySource
  /** Nothing set: the engine's defaults. */
  | { kind: 'defaults' };

/** The Git file the policy was read from: the latest commit on the branch that touched it, and its content's SHA-256. */
export interface ReportGitPolicySource {
  kind: 'git';
  repository: { id: string; name: string };
  branch: string;
  path: string;
  commitId: string;
  author: { name: string; email: string };
  /** The commit's author date; null when the service did not say. */
  date: string | null;
  /** SHA-256 (hex) of the file's content as read (UTF-8). */
  sha256: string;
  /** The file at that commit in the web UI. */
  url: string;
}

/** The report describes itself (issue 10): enough to know, from the file alone, what it is and what it is not. */
/** The published snapshot an export was made from. */
export interface ReportSnapshotSource {
  id: string;
  publishedAt: string;
  publishedBy: Identity | null;
  /** When the audit in the snapshot ran (its report's generatedAt). */
  capturedAt: string;
  /** The snapshot's report integrity hash (RFC 8785 SHA-256), as its head records it. */
  reportSha256: string | null;
  /** Whether every part, the whole and the report's integrity matched when it was opened. */
  verified: boolean;
}

export interface ReportManifest {
  engine: { name: 'deploy-audit'; version: string };
  generator: ReportGenerator;
  /** The authenticated user who ran the audit or made the export; null when Azure DevOps did not say. */
  ranBy: Identity | null;
  generatedAt: string;
  organization: { name: string; id: string | null; url: string };
  project: { name: string; id: string | null };
  window: { from: string; to: string };
  deployments: {
    /** Deployments in this report. */
    inReport: number;
    /** Of them, deployments whose evidence was kept from an earlier audit (captured more than an hour before generatedAt). */
    fromKeptEvidence: number;
    /** The earliest capturedAt of the report's deployments; null when none says. */
    oldestCapture: string | null;
  };
  /** An audit that stopped before every deployment found was collected (cancelled, or still running); null when complete. */
  collection: { state: 'cancelled' | 'incomplete'; collected: number; total: number } | null;
  /** An export of a filtered view: the deployments shown of the audit's total, and the filters; null when unfiltered. */
  filtered: ReportFiltered | null;
  /** A hub export of results that no longer matched the window, environments or settings on screen (absent otherwise). */
  stale?: { text: string };
  /** An export of a published snapshot (absent otherwise): which one, who published it and whether every hash matched. */
  snapshot?: ReportSnapshotSource;
  policy: {
    source: ReportPolicySource;
    /** Production environments named for this audit (--environment, the hub's field) instead of the policy's. */
    environmentsOverridden: boolean;
    /** Every setting weaker than the defaults (policy-relaxations.ts); empty when none. */
    relaxed: string[];
  };
  /** For a sample: the manifest essentials of the report it was drawn from. */
  source?: ReportManifestSource;
}

export interface ReportFiltered {
  shown: number;
  total: number;
  /** The filters in words, e.g. `environment is prod-eu; approval-count is fail`. */
  text: string;
  /** Each filter: what it filters on and the values any of which a deployment must match. */
  filters: { field: string; values: string[] }[];
}

/** A sample's population report, as its manifest described it. */
export interface ReportManifestSource {
  engine: { name: string; version: string } | null;
  generator: string | null;
  ranBy: Identity | null;
  generatedAt: string;
  policy: ReportManifest['policy'] | null;
  filtered: ReportFiltered | null;
  collection: ReportManifest['collection'];
}

export interface ReportIntegrity {
  algorithm: 'sha256';
  canonicalization: 'RFC 8785';
  /** Hex SHA-256 of the UTF-8 RFC 8785 form of the report without its `integrity` member. */
  sha256: string;
}

/** How a sample's deployments were chosen from a population report: enough to choose them again. */
export interface ReportSample {
  seed: number;
  /** The size asked for; fewer when the population is smaller, more when more deployments must be included. */
  size: number;
  options: {
    stratify: SampleStratum | null;
    /** Deployments with a control in one of these statuses are all included before the rest is sampled. */
    include: ControlStatus[];
  };
  /** The population report's integrity hash (its sha256). */
  populationSha256: string;
  /** Deployments in the population and in the sample. */
  population: number;
  selected: number;
  /** Why this size, and how the deployments were chosen. */
  rule: string;
  /** Per stratum (or the whole population): its size, the deployments included for their status, the ones drawn. */
  strata: { name: string; population: number; included: number; drawn: number }[];
}

export type SampleStratum = 'environment' | 'month' | 'source';
