/**
 * zod schemas of the Azure DevOps answers the engine reads, from Microsoft's 7.1 specs. They keep only the fields
 * we use and accept both forms the service speaks: enums as names or numbers, dates as ISO or "/Date(ms)/".
 */
import { z } from 'zod';

/** 0001-01-01T00:00:00Z, .NET's DateTime.MinValue. */
const NO_DATE_MS = -62135596800000;

/** ISO string, "/Date(ms)/", or the .NET "no date" (0001-01-01) → ISO string or null. */
export const adoDate = z
  .string()
  .nullish()
  .transform((value): string | null => {
    if (!value || value.startsWith('0001-01-01')) return null;
    const ms = /^\/Date\((-?\d+)\)\/$/.exec(value);
    const date = ms ? new Date(Number(ms[1])) : new Date(value);
    // .NET's DateTime.MinValue is "no date" in either form: "/Date(-62135596800000)/" is 0001-01-01 too.
    return Number.isNaN(date.getTime()) || date.getTime() <= NO_DATE_MS ? null : date.toISOString();
  });

/** An enum the service sends as a camelCase name, or as a number when asked for enumsAsNumbers. */
export const adoEnum = (numbers: Record<number, string>) =>
  z.union([z.string(), z.number()]).nullish().transform((value): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return numbers[value] ?? String(value);
    return value.charAt(0).toLowerCase() + value.slice(1);
  });

const text = z.string().nullish().transform((value) => value ?? '');
const optionalText = z.string().nullish().transform((value) => value ?? null);
const numericId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(Number);

export const identitySchema = z.object({
  id: z.string(),
  displayName: text,
  uniqueName: text,
  isContainer: z.boolean().optional(),
  descriptor: z.string().optional(),
});
export type AdoIdentity = z.infer<typeof identitySchema>;

const link = z.object({ href: z.string() }).optional();
const links = z.object({ web: link, self: link }).partial().optional();

/** Wrapped lists `{count, value}`, or bare arrays when the caller asked for noArrayWrap. */
export const list = <T extends z.ZodType>(item: T) =>
  z.union([z.object({ value: z.array(item) }).transform((wrapped) => wrapped.value), z.array(item)]);

// ---- distributedtask: environments and their deployment records ----

export const environmentSchema = z.object({ id: z.number().int(), name: z.string() });

const taskResult = adoEnum({ 0: 'succeeded', 1: 'succeededWithIssues', 2: 'failed', 3: 'canceled', 4: 'skipped', 5: 'abandoned', 6: 'manuallyQueued', 7: 'dependentOnManualQueue' });

export const deploymentRecordSchema = z.object({
  id: z.number().int(),
  environmentId: z.number().int(),
  planType: text,
  stageName: z.string(),
  jobName: text,
  stageAttempt: z.number().int().default(1),
  jobAttempt: z.number().int().default(1),
  definition: z.object({ id: z.number().int(), name: text, _links: links }),
  owner: z.object({ id: z.number().int(), name: text, _links: links }),
  result: taskResult,
  queueTime: adoDate,
  startTime: adoDate,
  finishTime: adoDate,
  scopeId: text,
});
export type DeploymentRecord = z.infer<typeof deploymentRecordSchema>;

// ---- build ----

const buildResult = adoEnum({ 0: 'none', 2: 'succeeded', 4: 'partiallySucceeded', 8: 'failed', 32: 'canceled' });
const buildStatus = adoEnum({ 0: 'none', 1: 'inProgress', 2: 'completed', 4: 'cancelling', 8: 'postponed', 32: 'notStarted' });

export const buildSchema = z.object({
  id: z.number().int(),
  buildNumber: text,
  status: buildStatus,
  result: buildResult,
  sourceBranch: text,
  sourceVersion: text,
  repository: z.object({ id: text, type: text, name: text }).nullish(),
  definition: z.object({ id: z.number().int(), name: text }).nullish(),
  project: z.object({ id: z.string(), name: text }).nullish(),
  requestedFor: identitySchema.nullish(),
  requestedBy: identitySchema.nullish(),
  queueTime: adoDate,
  startTime: adoDate,
  finishTime: adoDate,
  _links: links,
  deleted: z.boolean().optional(),
});
export type AdoBuild = z.infer<typeof buildSchema>;

export const timelineRecordSchema = z.object({
  id: z.string(),
  parentId: z.string().nullish(),
  type: text,
  name: text,
  identifier: z.string().nullish(),
  state: adoEnum({ 0: 'pending', 1: 'inProgress', 2: 'completed' }),
  result: taskResult,
  startTime: adoDate,
  finishTime: adoDate,
  order: z.number().nullish(),
  attempt: z.number().int().nullish(),
  previousAttempts: z
    .array(z.object({ attempt: z.number().int(), timelineId: z.string().nullish(), recordId: z.string().nullish() }))
    .nullish(),
});
export type TimelineRecord = z.infer<typeof timelineRecordSchema>;

export const timelineSchema = z.object({
  id: z.string().nullish(),
  records: z.array(timelineRecordSchema).nullish().transform((records) => records ?? []),
});
export type Timeline = z.infer<typeof timelineSchema>;

/** `_apis/build/builds/{id}/workitems` and the pull request's work items: ResourceRef {id, url}. */
export const resourceRefSchema = z.object({ id: numericId, url: z.string().nullish() });

/** `_apis/build/changes?fromBuildId=&toBuildId=`: the commits between two builds, newest first. */
export const buildChangeSchema = z.object({
  id: z.string(),
  message: text,
  type: text,
  author: z.object({ displayName: text, uniqueName: text }).partial().nullish(),
  timestamp: adoDate,
  displayUri: z.string().nullish(),
  location: z.string().nullish(),
});
export type BuildChange = z.infer<typeof buildChangeSchema>;

// ---- pipelines runs ----

/** `_apis/pipelines/{id}/runs/{runId}`: the pipeline runs a YAML run consumed, each named by its build number. */
export const pipelineRunSchema = z.object({
  id: z.number().int(),
  resources: z
    .object({
      pipelines: z
        .record(
          z.string(),
          z.object({
            pipeline: z.object({ id: z.number().int(), name: text, url: z.string().nullish() }).nullish(),
            version: z.string().nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

// ---- pipelines approvals (approvalsAndChecks) ----

const approvalStatus = adoEnum({ 0: 'undefined', 1: 'uninitiated', 2: 'pending', 4: 'approved', 8: 'rejected', 16: 'skipped', 32: 'canceled', 64: 'timedOut', 128: 'failed', 253: 'completed' });

export const approvalStepSchema = z.object({
  assignedApprover: identitySchema.nullish(),
  actualApprover: identitySchema.nullish(),
  status: approvalStatus,
  comment: optionalText,
  lastModifiedOn: adoDate,
  initiatedOn: adoDate,
  order: z.number().nullish(),
});

export const approvalSchema = z.object({
  id: z.string(),
  status: approvalStatus,
  minRequiredApprovers: z.number().int().nullish(),
  steps: z.array(approvalStepSchema).nullish().transform((steps) => steps ?? []),
  lastModifiedOn: adoDate,
});
export type PipelineApproval = z.infer<typeof approvalSchema>;

/** The undocumented checks panel of the run page (HierarchyQuery), used when the Approvals API is not available. */
export const checksPanelSchema = z.object({
  dataProviders: z.object({
    'ms.vss-build-web.checks-panel-data-provider': z
      .array(
        z.object({
          stageId: z.string().nullish(),
          stageName: z.string().nullish(),
          approvals: z
            .array(
              approvalSchema.omit({ lastModifiedOn: true }).extend({
                createdDate: adoDate,
                /** The resource whose check asked for the approval: environment, endpoint, queue, repository … */
                resource: z.object({ type: text, id: z.union([z.string(), z.number()]).transform(String), name: text }).nullish(),
              }),
            )
            .nullish(),
        }),
      )
      .nullish(),
  }),
});

/** `_apis/pipelines/checks/configurations?resourceType=&resourceId=`: the checks configured on a resource. */
export const checkConfigurationSchema = z.object({
  id: z.number().int(),
  type: z.object({ id: z.string(), name: text }).nullish(),
  createdOn: adoDate,
  resource: z.object({ type: text, id: z.union([z.string(), z.number()]).transform(String), name: text }).nullish(),
});

// ---- release (classic) ----

const deploymentStatus = adoEnum({ 0: 'undefined', 1: 'notDeployed', 2: 'inProgress', 4: 'succeeded', 8: 'partiallySucceeded', 16: 'failed' });
/** DeploymentOperationStatus: a name, or a number when asked for enumsAsNumbers (as the typed clients ask). */
const deploymentOperationStatus = adoEnum({
  0: 'undefined',
  1: 'queued',
  2: 'scheduled',
  4: 'pending',
  8: 'approved',
  16: 'rejected',
  32: 'deferred',
  64: 'queuedForAgent',
  128: 'phaseInProgress',
  256: 'phaseSucceeded',
  512: 'phasePartiallySucceeded',
  1024: 'phaseFailed',
  2048: 'canceled',
  4096: 'phaseCanceled',
  8192: 'manualInterventionPending',
  16384: 'queuedForPipeline',
  32768: 'cancelling',
});
const releaseApprovalStatus = adoEnum({ 0: 'undefined', 1: 'pending', 2: 'approved', 4: 'rejected', 6: 'reassigned', 7: 'canceled', 8: 'skipped' });

const releaseArtifactSchema = z.object({
  type: text,
  alias: text,
  isPrimary: z.boolean().nullish(),
  definitionReference: z.record(z.string(), z.object({ id: z.string().nullish(), name: z.string().nullish() }).nullish()),
});
export type ReleaseArtifact = z.infer<typeof releaseArtifactSchema>;
const releaseArtifacts = z
  .array(releaseArtifactSchema)
  .nullish()
  .transform((artifacts) => artifacts ?? []);

export const releaseApprovalSchema = z.object({
  id: z.number().int(),
  approver: identitySchema.nullish(),
  approvedBy: identitySchema.nullish(),
  status: releaseApprovalStatus,
  isAutomated: z.boolean().default(false),
  comments: optionalText,
  modifiedOn: adoDate,
  approvalType: adoEnum({ 0: 'undefined', 1: 'preDeploy', 2: 'postDeploy', 3: 'all' }),
  attempt: z.number().int().nullish(),
});

export const releaseDeploymentSchema = z.object({
  id: z.number().int(),
  release: z.object({
    id: z.number().int(),
    name: text,
    webAccessUri: z.string().nullish(),
    _links: links,
    // Often empty; when it names the build it spares fetching the release. An odd one must not fail the whole list.
    artifacts: releaseArtifacts.catch([]),
  }),
  releaseDefinition: z.object({ id: z.number().int(), name: text }),
  releaseEnvironment: z.object({ id: z.number().int(), name: z.string() }),
  /** The stage of the definition (the same across releases); releaseEnvironment is one release's instance of it. */
  definitionEnvironmentId: z.number().int().nullish(),
  attempt: z.number().int().default(1),
  deploymentStatus,
  operationStatus: deploymentOperationStatus,
  requestedBy: identitySchema.nullish(),
  requestedFor: identitySchema.nullish(),
  queuedOn: adoDate,
  startedOn: adoDate,
  completedOn: adoDate,
  preDeployApprovals: z.array(releaseApprovalSchema).nullish().transform((approvals) => approvals ?? []),
});
export type ReleaseDeployment = z.infer<typeof releaseDeploymentSchema>;

const releaseEnvironmentStatus = adoEnum({
  0: 'undefined',
  1: 'notStarted',
  2: 'inProgress',
  4: 'succeeded',
  8: 'canceled',
  16: 'rejected',
  32: 'queued',
  64: 'scheduled',
  128: 'partiallySucceeded',
});

export const releaseSchema = z.object({
  id: z.number().int(),
  name: text,
  createdOn: adoDate,
  modifiedOn: adoDate,
  releaseDefinition: z.object({ id: z.number().int(), name: text }).nullish(),
  artifacts: releaseArtifacts,
  environments: z
    .array(z.object({ name: text, status: releaseEnvironmentStatus, modifiedOn: adoDate }))
    .nullish()
    .transform((environments) => environments ?? []),
});
export type Release = z.infer<typeof releaseSchema>;

/** A release of the list: without `$expand=artifacts` its `artifacts` are absent, which does not mean none. */
export const listedReleaseSchema = releaseSchema.extend({ artifacts: z.array(releaseArtifactSchema).nullish() });

// ---- git ----

const pullRequestStatus = adoEnum({ 0: 'notSet', 1: 'active', 2: 'abandoned', 3: 'completed', 4: 'all' });

export const pullRequestSchema = z.object({
  pullRequestId: z.number().int(),
  repository: z.object({ id: z.string(), name: text, project: z.object({ id: z.string(), name: text }).nullish() }),
  status: pullRequestStatus,
  title: text,
  createdBy: identitySchema,
  closedBy: identitySchema.nullish(),
  closedDate: adoDate,
  targetRefName: text,
  lastMergeCommit: z.object({ commitId: z.string() }).nullish(),
  reviewers: z
    .array(identitySchema.extend({ vote: z.number().int().default(0) }))
    .nullish()
    .transform((reviewers) => reviewers ?? []),
  completionOptions: z.object({ bypassPolicy: z.boolean().nullish(), bypassReason: z.string().nullish() }).nullish(),
  _links: links,
});
export type AdoPullRequest = z.infer<typeof pullRequestSchema>;

export const pullRequestQuerySchema = z.object({
  results: z.array(z.record(z.string(), z.array(pullRequestSchema))).nullish().transform((results) => results ?? []),
});

// ---- policy ----


/** `_apis/policy/configurations`: the project's branch policies and the branches they cover. */
export const policyConfigurationSchema = z.object({
  id: z.number().int(),
  isEnabled: z.boolean().default(false),
  isBlocking: z.boolean().default(false),
  isDeleted: z.boolean().nullish(),
  createdDate: adoDate,
  type: z.object({ id: z.string().nullish(), displayName: text }).nullish(),
  settings: z
    .object({
      scope: z
        .array(z.object({ repositoryId: z.string().nullish(), refName: z.string().nullish(), matchKind: z.union([z.string(), z.number()]).nullish() }))
        .nullish(),
    })
    .passthrough()
    .nullish(),
});
export type PolicyConfiguration = z.infer<typeof policyConfigurationSchema>;

// ---- test results ----

/** `_apis/test/runs?buildUri=&includeRunDetails=true`: a build's test runs, with their counts by outcome. */
export const testRunSchema = z.object({
  id: z.number().int(),
  totalTests: z.number().int().nullish().transform((value) => value ?? 0),
  passedTests: z.number().int().nullish().transform((value) => value ?? 0),
  unanalyzedTests: z.number().int().nullish().transform((value) => value ?? 0),
  runStatistics: z
    .array(z.object({ outcome: z.union([z.string(), z.number()]).transform(String), count: z.number().int().default(0) }))
    .nullish()
    .transform((statistics) => statistics ?? []),
});

/**
 * A run of "Runs - Query" (`_apis/test/runs?minLastUpdatedDate=&maxLastUpdatedDate=`): its build and counts, when the
 * service says them (missing counts are kept missing: they prove nothing).
 */
export const queriedTestRunSchema = z.object({
  id: z.number().int(),
  isAutomated: z.boolean().nullish(),
  build: z.object({ id: z.union([z.string(), z.number()]).nullish() }).nullish(),
  totalTests: z.number().int().nullish(),
  passedTests: z.number().int().nullish(),
  notApplicableTests: z.number().int().nullish(),
  lastUpdatedDate: adoDate,
});

/** `_apis/test/resultretentionsettings`: how long test results are kept. */
export const resultRetentionSchema = z.object({ automatedResultsRetentionDuration: z.number().int().nullish() });

export const testResultSummarySchema = z.object({
  aggregatedResultsAnalysis: z
    .object({
      totalTests: z.number().int().default(0),
      resultsByOutcome: z.record(z.string(), z.object({ count: z.number().int().default(0) }).nullish()).nullish(),
    })
    .nullish(),
});

// ---- organization ----

export const resourceAreaSchema = z.object({ id: z.string(), name: text, locationUrl: z.string() });
