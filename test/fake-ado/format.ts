/**
 * How the fake writes its answers, as the real service does: the Accept header's options (noArrayWrap,
 * msDateFormat, enumsAsNumbers, excludeUrls), list wrapping and the JSON error bodies of the VSS services.
 */

/** Options a client may put in its Accept header: `application/json;api-version=7.1;noArrayWrap=true;…`. */
export interface AcceptOptions {
  apiVersion: string | null;
  noArrayWrap: boolean;
  msDateFormat: boolean;
  enumsAsNumbers: boolean;
  excludeUrls: boolean;
}

export function parseAccept(header: string | undefined): AcceptOptions {
  const params = new Map<string, string>();
  for (const part of (header ?? '').split(/[;,]/)) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const flag = (name: string): boolean => (params.get(name.toLowerCase()) ?? '').toLowerCase() === 'true';
  return {
    apiVersion: params.get('api-version') ?? null,
    noArrayWrap: flag('noArrayWrap'),
    msDateFormat: flag('msDateFormat'),
    enumsAsNumbers: flag('enumsAsNumbers'),
    excludeUrls: flag('excludeUrls'),
  };
}

/** A service enum: names as the JSON writes them, numbers as azure-devops-extension-api declares them. */
export class EnumTable {
  private readonly byLowerName = new Map<string, number>();
  private readonly byNumber = new Map<number, string>();

  constructor(
    readonly name: string,
    values: Record<string, number>,
  ) {
    for (const [key, value] of Object.entries(values)) {
      this.byLowerName.set(key.toLowerCase(), value);
      if (!this.byNumber.has(value)) this.byNumber.set(value, key);
    }
  }

  /** The number of a name (any casing); values that are not names are returned unchanged. */
  toNumber(value: unknown): unknown {
    if (typeof value !== 'string') return value;
    const n = this.byLowerName.get(value.toLowerCase());
    return n === undefined ? value : n;
  }

  /** A query parameter given as a name or a number, as the canonical (camelCase) name; undefined if unknown. */
  parse(input: string | null | undefined): string | undefined {
    if (input === null || input === undefined || input === '') return undefined;
    if (/^-?\d+$/.test(input)) return this.byNumber.get(Number(input));
    const n = this.byLowerName.get(input.toLowerCase());
    return n === undefined ? undefined : this.byNumber.get(n);
  }
}

/** Enum values as azure-devops-extension-api / azure-devops-node-api declare them. */
export const Enums = {
  BuildStatus: new EnumTable('BuildStatus', {
    none: 0, inProgress: 1, completed: 2, cancelling: 4, postponed: 8, notStarted: 32, all: 47,
  }),
  BuildResult: new EnumTable('BuildResult', {
    none: 0, succeeded: 2, partiallySucceeded: 4, failed: 8, canceled: 32,
  }),
  BuildReason: new EnumTable('BuildReason', {
    none: 0, manual: 1, individualCI: 2, batchedCI: 4, schedule: 8, scheduleForced: 16, userCreated: 32,
    validateShelveset: 64, checkInShelveset: 128, pullRequest: 256, buildCompletion: 512, resourceTrigger: 1024,
    triggered: 1967, all: 2047,
  }),
  QueuePriority: new EnumTable('QueuePriority', { low: 5, belowNormal: 4, normal: 3, aboveNormal: 2, high: 1 }),
  TimelineRecordState: new EnumTable('TimelineRecordState', { pending: 0, inProgress: 1, completed: 2 }),
  TaskResult: new EnumTable('TaskResult', {
    succeeded: 0, succeededWithIssues: 1, failed: 2, canceled: 3, skipped: 4, abandoned: 5,
  }),
  /** Pipelines (YAML) approvals: Approval.status and ApprovalStep.status. */
  ApprovalStatus: new EnumTable('ApprovalStatus', {
    undefined: 0, uninitiated: 1, pending: 2, approved: 4, rejected: 8, skipped: 16, canceled: 32, timedOut: 64,
    failed: 128, completed: 253, all: 255,
  }),
  DeploymentStatus: new EnumTable('DeploymentStatus', {
    undefined: 0, notDeployed: 1, inProgress: 2, succeeded: 4, partiallySucceeded: 8, failed: 16, all: 31,
  }),
  DeploymentOperationStatus: new EnumTable('DeploymentOperationStatus', {
    Undefined: 0, Queued: 1, Scheduled: 2, Pending: 4, Approved: 8, Rejected: 16, Deferred: 32, QueuedForAgent: 64,
    PhaseInProgress: 128, PhaseSucceeded: 256, PhasePartiallySucceeded: 512, PhaseFailed: 1024, Canceled: 2048,
    PhaseCanceled: 4096, ManualInterventionPending: 8192, QueuedForPipeline: 16384, Cancelling: 32768,
    EvaluatingGates: 65536, GateFailed: 131072, All: 33554431,
  }),
  DeploymentReason: new EnumTable('DeploymentReason', {
    none: 0, manual: 1, automated: 2, scheduled: 4, redeployTrigger: 8,
  }),
  /** Classic release approvals. */
  ReleaseApprovalStatus: new EnumTable('ReleaseApprovalStatus', {
    undefined: 0, pending: 1, approved: 2, rejected: 4, reassigned: 6, canceled: 7, skipped: 8,
  }),
  ApprovalType: new EnumTable('ApprovalType', { undefined: 0, preDeploy: 1, postDeploy: 2, all: 3 }),
  ReleaseStatus: new EnumTable('ReleaseStatus', { undefined: 0, draft: 1, active: 2, abandoned: 4 }),
  ReleaseReason: new EnumTable('ReleaseReason', {
    none: 0, manual: 1, continuousIntegration: 2, schedule: 3, pullRequest: 4,
  }),
  EnvironmentStatus: new EnumTable('EnvironmentStatus', {
    undefined: 0, notStarted: 1, inProgress: 2, succeeded: 4, canceled: 8, rejected: 16, queued: 32, scheduled: 64,
    partiallySucceeded: 128,
  }),
  PullRequestStatus: new EnumTable('PullRequestStatus', {
    notSet: 0, active: 1, abandoned: 2, completed: 3, all: 4,
  }),
  PullRequestAsyncStatus: new EnumTable('PullRequestAsyncStatus', {
    notSet: 0, queued: 1, conflicts: 2, succeeded: 3, rejectedByPolicy: 4, failure: 5,
  }),
  GitPullRequestMergeStrategy: new EnumTable('GitPullRequestMergeStrategy', {
    noFastForward: 1, squash: 2, rebase: 3, rebaseMerge: 4,
  }),
  GitPullRequestQueryType: new EnumTable('GitPullRequestQueryType', { notSet: 0, lastMergeCommit: 1, commit: 2 }),
  PolicyEvaluationStatus: new EnumTable('PolicyEvaluationStatus', {
    queued: 0, running: 1, approved: 2, rejected: 3, notApplicable: 4, broken: 5,
  }),
  TestOutcome: new EnumTable('TestOutcome', {
    unspecified: 0, none: 1, passed: 2, failed: 3, inconclusive: 4, timeout: 5, aborted: 6, blocked: 7,
    notExecuted: 8, warning: 9, error: 10, notApplicable: 11, paused: 12, inProgress: 13, notImpacted: 14,
  }),
  ApprovalExpand: new EnumTable('ApprovalDetailsExpandParameter', { none: 0, steps: 1, permissions: 2 }),
  /** Flags: a number may combine them. */
  ReleaseExpands: new EnumTable('ReleaseExpands', {
    none: 0, environments: 2, artifacts: 4, approvals: 8, manualInterventions: 16, variables: 32, tags: 64,
  }),
  ReleaseQueryOrder: new EnumTable('ReleaseQueryOrder', { descending: 0, ascending: 1 }),
  RunState: new EnumTable('RunState', { unknown: 0, inProgress: 1, canceling: 2, completed: 4 }),
  RunResult: new EnumTable('RunResult', { unknown: 0, succeeded: 1, failed: 2, canceled: 4 }),
};

/** Which fields of an answer hold which enum; nested objects and arrays are walked; '*' applies to every field. */
export interface EnumSpec {
  [field: string]: EnumTable | EnumSpec;
}

export function applyEnums(value: unknown, spec: EnumSpec): unknown {
  if (Array.isArray(value)) return value.map((item) => applyEnums(item, spec));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const every = spec['*'];
  if (every) {
    for (const key of Object.keys(out)) {
      out[key] = every instanceof EnumTable ? mapEnum(out[key], every) : applyEnums(out[key], every);
    }
  }
  for (const [field, rule] of Object.entries(spec)) {
    if (field === '*') continue;
    if (!(field in out)) continue;
    out[field] = rule instanceof EnumTable ? mapEnum(out[field], rule) : applyEnums(out[field], rule);
  }
  return out;
}

function mapEnum(value: unknown, table: EnumTable): unknown {
  return Array.isArray(value) ? value.map((v) => table.toNumber(v)) : table.toNumber(value);
}

const ISO_DATE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** Milliseconds since the epoch of an ISO date as the service writes them (7 fraction digits, maybe no zone). */
export function isoToMs(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const fraction = m[2] ? m[2].slice(0, 4).padEnd(4, '0') : '';
  return Date.parse(`${m[1]}${fraction}${m[3] ?? 'Z'}`);
}

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out;
  }
  return value;
}

function dropUrls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUrls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'url') out[k] = dropUrls(v);
    return out;
  }
  return value;
}

/** Writes an answer as the service would for these Accept options. `list` wraps in {count, value}. */
export function serialize(
  value: unknown,
  options: AcceptOptions,
  shape: { list?: boolean; enums?: EnumSpec; numericEnumsAlways?: boolean } = {},
): string {
  let body = value;
  if (shape.enums && options.enumsAsNumbers) body = applyEnums(body, shape.enums);
  if (options.excludeUrls) body = dropUrls(body);
  if (options.msDateFormat) {
    body = mapStrings(body, (s) => {
      const ms = isoToMs(s);
      return ms === null ? s : `/Date(${ms})/`;
    });
  }
  if (shape.list && !options.noArrayWrap) {
    const items = body as unknown[];
    body = { count: items.length, value: items };
  }
  const json = JSON.stringify(body);
  return options.msDateFormat ? json.replace(/"\/Date\((-?\d+)\)\/"/g, '"\\/Date($1)\\/"') : json;
}

/** The JSON error body of the VSS services ({"$id":"1","innerException":null,"message":…,"typeKey":…}). */
export function vssError(typeKey: string, typeName: string, message: string): Record<string, unknown> {
  return { $id: '1', innerException: null, message, typeName, typeKey, errorCode: 0, eventId: 3000 };
}

export const Errors = {
  projectNotFound: (project: string) =>
    vssError(
      'ProjectDoesNotExistWithNameException',
      'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
      `TF200016: The following project does not exist: ${project}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    ),
  buildNotFound: (buildId: string | number) =>
    vssError(
      'BuildNotFoundException',
      'Microsoft.TeamFoundation.Build.WebApi.BuildNotFoundException, Microsoft.TeamFoundation.Build2.WebApi',
      `The requested build ${buildId} could not be found.`,
    ),
  timelineNotFound: (buildId: string | number, timelineId: string) =>
    vssError(
      'TimelineNotFoundException',
      'Microsoft.TeamFoundation.DistributedTask.WebApi.TimelineNotFoundException, Microsoft.TeamFoundation.DistributedTask.WebApi',
      `Timeline ${timelineId} for build ${buildId} was not found.`,
    ),
  releaseNotFound: (releaseId: string | number) =>
    vssError(
      'ReleaseNotFoundException',
      'Microsoft.VisualStudio.Services.ReleaseManagement.Data.Exceptions.ReleaseNotFoundException, Microsoft.VisualStudio.Services.ReleaseManagement2.Data',
      `VS402864: Release with id ${releaseId} does not exist.`,
    ),
  pullRequestNotFound: (pullRequestId: string | number) =>
    vssError(
      'GitPullRequestNotFoundException',
      'Microsoft.TeamFoundation.Git.Server.GitPullRequestNotFoundException, Microsoft.TeamFoundation.Git.Server',
      `TF401180: The requested pull request was not found.`,
    ),
  repositoryNotFound: (repositoryId: string) =>
    vssError(
      'GitRepositoryNotFoundException',
      'Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server',
      `TF401019: The Git repository with name or identifier ${repositoryId} does not exist or you do not have permissions for the operation you are attempting.`,
    ),
  environmentNotFound: (environmentId: string | number) =>
    vssError(
      'EnvironmentNotFoundException',
      'Microsoft.TeamFoundation.DistributedTask.WebApi.EnvironmentNotFoundException, Microsoft.TeamFoundation.DistributedTask.WebApi',
      `Environment ${environmentId} not found.`,
    ),
  accessDenied: (displayName: string, permission: string) =>
    vssError(
      'AccessCheckException',
      'Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.WebApi',
      `VS403403: Access denied. ${displayName} needs ${permission} permissions to perform the action. For more information, contact the Azure DevOps Server administrator.`,
    ),
  throttled: () =>
    vssError(
      'RequestBlockedException',
      'Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server',
      'TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource \'ATCPU\' in namespace \'User\'. For more information on why your request was blocked, see the topic "Rate limits" on the Microsoft Web site (https://go.microsoft.com/fwlink/?LinkId=823950).',
    ),
  internal: () =>
    vssError(
      'VssServiceException',
      'Microsoft.VisualStudio.Services.Common.VssServiceException, Microsoft.VisualStudio.Services.Common',
      'VS30063: An unexpected error occurred. Please try again later.',
    ),
  unavailable: () =>
    vssError(
      'ServiceUnavailableException',
      'Microsoft.VisualStudio.Services.WebApi.ServiceUnavailableException, Microsoft.VisualStudio.Services.WebApi',
      'TF400898: The service is temporarily unavailable. Please try again later.',
    ),
  badRequest: (message: string) =>
    vssError(
      'ArgumentException',
      'System.ArgumentException, mscorlib',
      message,
    ),
  /** An on-premises server asked for a REST version it does not have (HTTP 400). */
  versionOutOfRange: (asked: string, latest: string) =>
    vssError(
      'VssVersionOutOfRangeException',
      'Microsoft.VisualStudio.Services.WebApi.VssVersionOutOfRangeException, Microsoft.VisualStudio.Services.WebApi',
      `The requested REST API version of ${asked} is out of range for this server. The latest REST API version this server supports is ${latest}.`,
    ),
};

/** The HTML sign-in page the service answers (HTTP 203) to a request without valid credentials. */
export const SIGN_IN_PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="utf-8"><title>Azure DevOps Services | Sign In</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><div class="signin-container"><h1>Sign in to Azure DevOps</h1>
<p>You need to sign in to continue to Azure DevOps.</p>
<a href="https://app.vssps.visualstudio.com/_signin?realm=dev.azure.com">Sign in</a></div></body>
</html>`;

/** The 401 page the service answers when sign-in redirects are suppressed (X-TFS-FedAuthRedirect: Suppress). */
export const UNAUTHORIZED_PAGE = `<!DOCTYPE html>
<html><head><title>Access Denied</title></head>
<body><h1>401 - Uh-oh, you do not have access.</h1>
<p>The resource you are looking for requires authentication: the Personal Access Token used is not valid or has expired.</p></body></html>`;

export const NOT_FOUND_PAGE = `<!DOCTYPE html>
<html><head><title>The controller for path was not found</title></head>
<body><h1>404 - Page not found</h1><p>The page you are looking for doesn't exist or an error occurred.</p></body></html>`;
