/**
 * The real Azure DevOps samples the fake's answers are built from (`ado-api-reference`: Microsoft's examples and
 * responses captured from a real organization). Each template is a fresh deep copy, so callers may override freely.
 *
 * The reference folder is `$ADO_API_REFERENCE` when set, else the copy vendored in `test/fixtures/ado-api-reference`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export function referenceDir(): string {
  const candidates = [
    process.env.ADO_API_REFERENCE,
    path.resolve(__dirname, '../fixtures/ado-api-reference'),
    // From the bundle in dist/ (npm start).
    path.resolve(__dirname, '../test/fixtures/ado-api-reference'),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => fs.existsSync(path.join(p, 'examples')));
  if (!found) {
    throw new Error(`ado-api-reference not found (tried ${candidates.join(', ')}); set ADO_API_REFERENCE`);
  }
  return found;
}

const cache = new Map<string, Json>();

/** Reads a sample file (a UTF-8 BOM is stripped) and returns a deep copy of it. */
export function loadSample(relativePath: string): Json {
  let parsed = cache.get(relativePath);
  if (parsed === undefined) {
    const text = fs.readFileSync(path.join(referenceDir(), relativePath), 'utf8').replace(/^\uFEFF/, '');
    parsed = JSON.parse(text);
    cache.set(relativePath, parsed);
  }
  return structuredClone(parsed);
}

const EXAMPLES = 'examples/';
const CAPTURED = 'captured/';

/** The response body of a Microsoft example file (`responses.200.body`). */
export function exampleBody(name: string): Json {
  return loadSample(`${EXAMPLES}${name}`).responses['200'].body;
}

/**
 * A template: the part of a sample it names, picked once, then a fresh deep copy on every call (copying the whole
 * example file each time made listing thousands of deployments slow).
 */
function template(pick: () => Json): () => Json {
  let picked: Json;
  return () => structuredClone((picked ??= pick()));
}

/** Templates: one real object of each kind the fake serves. */
export const templates = {
  /** A classic Deployment from the deployments list (release.artifacts is [] there). */
  deployment: template(() => exampleBody('release__deployments__GET__ListDeployments.json').value[0]),
  /** A manual pre-deploy ReleaseApproval (approver and approvedBy set). */
  releaseApprovalManual: template(() =>
    exampleBody('release__deployments__GET__ListDeployments.json').value[0].preDeployApprovals[0]),
  /** An automated ReleaseApproval (no approver, no approvedBy). */
  releaseApprovalAutomated: template(() =>
    exampleBody('release__deployments__GET__ListDeployments.json').value[1].preDeployApprovals[0]),
  /** A full Release (captured) with a Build artifact and two environments. */
  release: template(() => loadSample(`${CAPTURED}Infra__AzdoClient.Tests__Assets__Approved.json`)),
  /** A completed YAML build timeline with Stage, Phase, Job, Task, Checkpoint and Checkpoint.Approval records. */
  yamlTimeline: template(() => loadSample(`${CAPTURED}Functions__AuditLogging.Tests__Assets__YamlBuildTimeline.json`)),
  /** A YAML timeline with a re-run stage (attempt 2, previousAttempts). */
  yamlTimelineRerun: template(() =>
    loadSample(`${CAPTURED}Functions__AuditLogging.Tests__Assets__YamlBuildTimelineWithoutDecorator.json`)),
  /** GitPullRequest as returned by GET …/pullRequests/{id}. */
  pullRequest: template(() =>
    exampleBody('git__pullRequests__GET__git_repositories__repositoryId__pullRequests__pullRequestId_.json')),
  /** A completed GitPullRequest from the pull request list. */
  pullRequestListItem: template(() =>
    exampleBody('git__pullRequests__GET__git_repositories__repositoryId__pullRequests_status-completed.json').value[0]),
  /** A merged pull request as captured from a real organization (closedBy, completionOptions). */
  pullRequestMerged: template(() =>
    loadSample(`${CAPTURED}Functions__AuditLogging.Tests__Assets__PullRequestMergedEvent.json`).resource),
  /** A pipelines Approval from GET _apis/pipelines/approvals (steps empty: no $expand). */
  pipelineApproval: template(() => exampleBody('approvalsAndChecks__approvals__GET__QueryApproval.json').value[0]),
  /** HierarchyQuery answer of ms.vss-build-web.checks-panel-data-provider with approvers. */
  checksPanel: template(() => loadSample(`${CAPTURED}Core__Approvals.Tests__Assets__GetStageApproversWithApprovers.json`)),
  /** HierarchyQuery answer when the stage has no approvals. */
  checksPanelEmpty: template(() => loadSample(`${CAPTURED}Core__Approvals.Tests__Assets__GetStageApproversEmpty.json`)),
  /** A branch policy configuration (Minimum number of reviewers). */
  policyConfiguration: template(() =>
    loadSample(`${CAPTURED}Core__Rules.Tests__Assets__BranchPolicies__validPolicy.json`).value[0]),
  /** A test run with details. */
  testRun: template(() => exampleBody('test__runs__GET__test__projectName__runs_includeRunDetails-true.json').value[0]),
};

/** The property names of a definition in one of the OpenAPI specs (for shape tests). */
export function specProperties(specFile: string, definition: string): string[] {
  const spec = loadSample(`specs/${specFile}`);
  const def = spec.definitions[definition];
  if (!def) throw new Error(`${definition} not in ${specFile}`);
  const props: Record<string, unknown> = { ...(def.properties ?? {}) };
  for (const part of def.allOf ?? []) {
    if (part.$ref) {
      const ref = String(part.$ref).split('/').pop() as string;
      for (const p of specProperties(specFile, ref)) props[p] = true;
    }
    Object.assign(props, part.properties ?? {});
  }
  return Object.keys(props);
}
