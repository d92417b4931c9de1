/**
 * Kept evidence is checked, not trusted: what a cache file or the browser's store gives back is validated like an
 * answer from Azure DevOps before any control reads it. An entry that fails is dropped and collected again.
 */
import { z } from 'zod';
import type { DeploymentEvidence } from '../model';

const text = z.string();
const nullableText = z.string().nullable();
const count = z.number().int().nonnegative();

const identity = z.object({ id: text, displayName: text, uniqueName: text });
const resource = z.object({ type: text, id: text, name: text });

const approval = z.object({
  approver: identity,
  assignedTo: identity.nullable(),
  status: z.enum(['approved', 'rejected', 'pending', 'skipped', 'canceled', 'timedOut', 'failed', 'reassigned', 'undefined']),
  decidedAt: nullableText,
  comment: nullableText,
  automated: z.boolean(),
  url: nullableText,
  resource: resource.nullable().optional(),
});

const build = z.object({
  id: z.number().int(),
  number: text,
  definition: z.object({ id: z.number().int(), name: text }),
  role: z.enum(['run', 'consumed', 'artifact']),
  finishedAt: nullableText,
  result: text,
  status: text,
  sourceBranch: text,
  sourceVersion: text,
  repositoryId: text,
  repositoryType: text,
  requestedFor: identity.nullable(),
  url: text,
});

const pullRequest = z.object({
  id: z.number().int(),
  repositoryId: text,
  title: text,
  status: text,
  targetRefName: text,
  createdBy: identity,
  closedBy: identity.nullable(),
  reviewers: z.array(z.object({ identity, vote: z.number().int(), isGroup: z.boolean() })),
  bypassPolicy: z.boolean(),
  bypassReason: nullableText,
  mergeCommit: text,
  closedAt: nullableText,
  url: text,
  policyEvaluations: z
    .array(
      z.object({
        evaluationId: text,
        typeName: text,
        isBlocking: z.boolean(),
        isEnabled: z.boolean(),
        status: z.enum(['queued', 'running', 'approved', 'rejected', 'notApplicable', 'broken']),
      }),
    )
    .nullable(),
  branchPolicies: z.array(z.object({ id: z.number().int(), typeName: text })).nullable().optional(),
});

const change = z.object({
  commit: text,
  buildId: z.number().int(),
  author: text,
  date: nullableText,
  message: text,
  url: nullableText,
  pullRequestIds: z.array(z.number().int()),
  elsewhere: z.array(z.object({ id: z.number().int(), targetRefName: text, status: text })),
});

const changeSet = z.object({
  buildId: z.number().int(),
  basis: z.enum(['history', 'deployedCommitOnly', 'nothingNew']),
  since: z.object({ buildId: z.number().int(), number: text, commit: text }).nullable(),
  commits: z.array(text),
});

export const deploymentEvidenceSchema = z.object({
  key: text,
  source: z.enum(['yaml', 'classic']),
  environment: text,
  pipeline: z.object({ id: z.number().int(), name: text }),
  runId: z.number().int(),
  runName: text,
  stage: text,
  startedAt: text,
  finishedAt: nullableText,
  result: text,
  requestedBy: identity.nullable(),
  url: text,
  approvals: z.array(approval),
  builds: z.array(build),
  priorStagesResult: nullableText,
  pullRequests: z.array(pullRequest),
  previousDeployment: z.object({ key: text, startedAt: text, runId: z.number().int(), runName: text, url: text }).nullable().optional(),
  changeSets: z.array(changeSet).optional(),
  changes: z.array(change).optional(),
  otherApprovals: z.array(approval).optional(),
  testRetentionDays: z.number().int().nullable().optional(),
  tests: z.object({ total: count, passed: count, failed: count, other: count }).nullable(),
  testsUrl: nullableText,
  workItems: z.array(z.number().int()),
  errors: z.array(
    z.object({
      source: z.enum(['approvals', 'build', 'timeline', 'pullRequests', 'policyEvaluations', 'tests', 'workItems', 'changes']),
      status: z.number().int().nullable(),
      message: text,
    }),
  ),
  capturedAt: text.optional(),
});

/** Whether kept evidence has the shape the engine writes (checked as it is, not copied). */
export function isValidEvidence(value: unknown): value is DeploymentEvidence {
  return deploymentEvidenceSchema.safeParse(value).success;
}
