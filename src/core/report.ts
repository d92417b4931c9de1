/**
 * The audit report: the JSON contract of the command line (schemaVersion 1), which every export is made from.
 */
import type { ControlId } from './controls/ids';
import type { ControlStatus, DeploymentSource, EvidenceError, Identity, TestSummary, Verdict } from './model';
import type { Policy } from './policy';

export interface ReportApproval {
  approver: Identity;
  status: string;
  decidedAt: string | null;
  comment: string | null;
}

export interface ReportBuild {
  id: number;
  number: string;
  result: string;
  sourceBranch: string;
  sourceVersion: string;
  repositoryId: string;
  url: string;
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
  builds: ReportBuild[];
  pullRequests: ReportPullRequest[];
  tests: TestSummary | null;
  workItems: number[];
  /** Only the controls the policy enables, in checklist order. */
  controls: Partial<Record<ControlId, Verdict>>;
  errors: EvidenceError[];
  /** When the evidence was read from Azure DevOps; earlier than generatedAt when it was kept from an earlier audit. */
  capturedAt: string | null;
}

export type StatusCounts = Record<ControlStatus, number>;

export interface AuditReport {
  schemaVersion: 1;
  organization: string;
  project: string;
  window: { from: string; to: string };
  generatedAt: string;
  policy: Policy;
  deployments: DeploymentReport[];
  summary: {
    deployments: number;
    controls: Partial<Record<ControlId, StatusCounts>>;
  };
}
