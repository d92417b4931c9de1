/**
 * A realistic audit report for the exporters' tests: four production deployments of the fabrikam
 * "Fabrikam-Fiber" project (people and ids borrowed from the Azure DevOps samples in ado-api-reference),
 * YAML and classic, with every status, unreadable evidence, and data that tries to break the formats:
 * a pull request titled like a spreadsheet formula, a requester whose name starts with "+", an HTML tag in a
 * title, a javascript: link. The policy disables work-item-linked, so no deployment carries that control.
 */
import type { Identity } from '../model';
import type { AuditReport, DeploymentReport } from '../report';

const BASE = 'https://dev.azure.com/fabrikam/Fabrikam-Fiber';
const REPO = '3411ebc1-d5aa-464f-9615-0b527bc66719';

export const people = {
  normal: { id: 'd6245f20-2af8-44f4-9451-8107cb2767db', displayName: 'Normal Paulk', uniqueName: 'fabrikamfiber16@hotmail.com' },
  chuck: { id: '8c8c7d32-6b1b-47f4-b2e9-30b477b5ab3d', displayName: 'Chuck Reinhart', uniqueName: 'fabfiber@outlook.com' },
  leon: {
    id: '7fe7d6cf-6971-4dd1-8722-2abd1f88714f',
    displayName: 'Pruyssenaere de la Woestijne de, L (Leon)',
    uniqueName: 'Leon.de.Pruyssenaere.de.la.Woestijne@rabobank.nl',
  },
  /** A display name that a spreadsheet would read as a formula. */
  bot: { id: '61111e88-4ba0-4a4a-98d4-474232ffb10b', displayName: '+Deploy Bot', uniqueName: 'deploybot@fabrikam.com' },
  marc: { id: 'a60b02bf-13d1-605f-b6e6-e19ec16eccb5', displayName: 'Marc Duiker', uniqueName: 'marcduiker@gmail.com' },
} satisfies Record<string, Identity>;

export const HOSTILE_FORMULA_TITLE = '=HYPERLINK("http://evil")';
export const HOSTILE_HTML_TITLE = '<img src=x onerror=alert(1)>';
export const JAVASCRIPT_URL = 'javascript:alert(document.cookie)';

/** YAML, everything passes; its pull request's title is a formula. */
const yamlPassing: DeploymentReport = {
  key: 'yaml:42:1204:deploy_production',
  capturedAt: '2024-06-01T06:29:00.000Z',
  source: 'yaml',
  environment: 'production',
  pipeline: { id: 42, name: 'fiber-web' },
  runId: 1204,
  runName: '20240514.3',
  stage: 'Deploy production',
  startedAt: '2024-05-14T09:12:31.553Z',
  finishedAt: '2024-05-14T09:24:36.102Z',
  result: 'succeeded',
  requestedBy: people.normal,
  url: `${BASE}/_build/results?buildId=1204&view=results`,
  approvals: [
    { approver: people.chuck, status: 'approved', decidedAt: '2024-05-14T09:15:02.000Z', comment: 'Change CHG0031337 approved in CAB' },
    { approver: people.leon, status: 'approved', decidedAt: '2024-05-14T09:18:47.000Z', comment: null },
  ],
  builds: [
    {
      id: 1204,
      number: '20240514.3',
      result: 'succeeded',
      sourceBranch: 'refs/heads/main',
      sourceVersion: '6a3f0c2e9d1b4f5a8c7e2d1b0a9f8e7d6c5b4a39',
      repositoryId: REPO,
      url: `${BASE}/_build/results?buildId=1204`,
    },
  ],
  pullRequests: [
    {
      id: 22,
      repositoryId: REPO,
      title: HOSTILE_FORMULA_TITLE,
      createdBy: people.normal,
      closedBy: people.normal,
      reviewers: [
        { identity: people.chuck, vote: 10 },
        { identity: people.marc, vote: 5 },
      ],
      bypassPolicy: false,
      url: `${BASE}/_git/fiber-web/pullrequest/22`,
    },
  ],
  tests: { total: 120, passed: 120, failed: 0, other: 0 },
  workItems: [4711, 4712],
  controls: {
    'approval-count': {
      status: 'pass',
      reason: '2 approvals, 2 required',
      evidence: [`${BASE}/_build/results?buildId=1204&view=results`],
    },
    'approval-independence': {
      status: 'pass',
      reason: 'Neither approver requested the deployment or wrote the change',
      evidence: [`${BASE}/_build/results?buildId=1204&view=results`],
    },
    'code-review': {
      status: 'pass',
      reason: 'Pull request !22 approved by Chuck Reinhart and Marc Duiker',
      evidence: [`${BASE}/_git/fiber-web/pullrequest/22`],
    },
    'branch-policy': { status: 'pass', reason: 'All blocking policies approved on !22', evidence: [`${BASE}/_git/fiber-web/pullrequest/22`] },
    'source-branch': { status: 'pass', reason: 'Built from refs/heads/main', evidence: [`${BASE}/_build/results?buildId=1204`] },
    'build-succeeded': { status: 'pass', reason: 'Build 20240514.3 succeeded', evidence: [`${BASE}/_build/results?buildId=1204`] },
    'tests-passed': {
      status: 'pass',
      reason: '120 of 120 tests passed',
      evidence: [`${BASE}/_build/results?buildId=1204&view=ms.vss-test-web.build-test-results-tab`],
    },
  },
  errors: [],
};

/** Classic release: one approval where two are needed, self-approved, two artifacts, a bypassed policy, failing tests. */
const classicFailing: DeploymentReport = {
  key: 'classic:7:311:977',
  // Kept from an earlier audit: captured before the report was generated.
  capturedAt: '2024-05-20T06:30:00.000Z',
  source: 'classic',
  environment: 'Production',
  pipeline: { id: 7, name: 'Fiber API release' },
  runId: 311,
  runName: 'Release-311',
  stage: 'Production',
  startedAt: '2024-05-20T16:02:00.000Z',
  finishedAt: '2024-05-20T16:40:12.000Z',
  result: 'succeeded',
  requestedBy: people.bot,
  url: `${BASE}/_releaseProgress?releaseId=311&_a=release-environment-logs&environmentId=977`,
  approvals: [{ approver: people.bot, status: 'approved', decidedAt: '2024-05-20T16:01:12.000Z', comment: '-- urgent, approving myself' }],
  builds: [
    {
      id: 1188,
      number: '20240519.1',
      result: 'succeeded',
      sourceBranch: 'refs/heads/main',
      sourceVersion: '0d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a3928170',
      repositoryId: REPO,
      url: `${BASE}/_build/results?buildId=1188`,
    },
    {
      id: 1190,
      number: '20240519.2',
      result: 'partiallySucceeded',
      sourceBranch: 'refs/heads/feature/hotfix-login',
      sourceVersion: '9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6',
      repositoryId: REPO,
      url: `${BASE}/_build/results?buildId=1190`,
    },
  ],
  pullRequests: [
    {
      id: 31,
      repositoryId: REPO,
      title: 'Fix login timeout, again',
      createdBy: people.bot,
      closedBy: people.bot,
      reviewers: [{ identity: people.marc, vote: -10 }],
      bypassPolicy: true,
      url: `${BASE}/_git/fiber-api/pullrequest/31`,
    },
  ],
  tests: { total: 250, passed: 246, failed: 2, other: 2 },
  workItems: [],
  controls: {
    'approval-count': {
      status: 'fail',
      reason: '1 approval, 2 required',
      evidence: [`${BASE}/_releaseProgress?releaseId=311&_a=release-environment-logs&environmentId=977`],
    },
    'approval-independence': {
      status: 'fail',
      reason: '+Deploy Bot requested the deployment and approved it',
      evidence: [`${BASE}/_releaseProgress?releaseId=311&_a=release-environment-logs&environmentId=977`],
    },
    'code-review': {
      status: 'fail',
      reason: 'Pull request !31 was rejected by Marc Duiker and completed anyway',
      evidence: [`${BASE}/_git/fiber-api/pullrequest/31`],
    },
    'branch-policy': {
      status: 'fail',
      reason: 'Pull request !31 bypassed the branch policies',
      evidence: [`${BASE}/_git/fiber-api/pullrequest/31`],
    },
    'source-branch': {
      status: 'fail',
      reason: 'Build 20240519.2 came from refs/heads/feature/hotfix-login, not an allowed branch',
      evidence: [`${BASE}/_build/results?buildId=1190`],
    },
    'build-succeeded': { status: 'fail', reason: 'Build 20240519.2 partially succeeded', evidence: [`${BASE}/_build/results?buildId=1190`] },
    'tests-passed': {
      status: 'fail',
      reason: '2 of 250 tests failed',
      evidence: [`${BASE}/_build/results?buildId=1190&view=ms.vss-test-web.build-test-results-tab`],
    },
  },
  errors: [],
};

/** YAML, still running, with evidence Azure DevOps would not give: approvals forbidden, the build retained away. */
const yamlUnknown: DeploymentReport = {
  key: 'yaml:42:1215:deploy_production',
  capturedAt: '2024-06-01T06:29:00.000Z',
  source: 'yaml',
  environment: 'production',
  pipeline: { id: 42, name: 'fiber-web' },
  runId: 1215,
  runName: '20240528.1',
  stage: 'Deploy production',
  startedAt: '2024-05-28T07:45:00.000Z',
  finishedAt: null,
  result: 'inProgress',
  requestedBy: null,
  url: `${BASE}/_build/results?buildId=1215&view=results`,
  approvals: [],
  builds: [],
  pullRequests: [],
  tests: null,
  workItems: [],
  controls: {
    'approval-count': { status: 'unknown', reason: 'The approvals could not be read: Access denied (HTTP 403)', evidence: [] },
    'approval-independence': { status: 'unknown', reason: 'The approvals could not be read: Access denied (HTTP 403)', evidence: [] },
    'code-review': { status: 'notApplicable', reason: 'No pull request led to this build', evidence: [] },
    'branch-policy': { status: 'notApplicable', reason: 'No pull request led to this build', evidence: [] },
    'source-branch': { status: 'unknown', reason: 'The build could not be read: Build 1215 not found (HTTP 404)', evidence: [] },
    'build-succeeded': { status: 'unknown', reason: 'The build could not be read: Build 1215 not found (HTTP 404)', evidence: [] },
    'tests-passed': { status: 'notApplicable', reason: 'The build published no test results', evidence: [] },
  },
  errors: [
    { source: 'approvals', status: 403, message: 'Access denied: the token lacks vso.build scope' },
    { source: 'build', status: 404, message: 'Build 1215 not found' },
  ],
};

/** Classic release with hostile HTML in a pull request title and a javascript: link among the evidence. */
const classicHostile: DeploymentReport = {
  key: 'classic:9:318:1002',
  capturedAt: '2024-06-01T06:29:00.000Z',
  source: 'classic',
  environment: 'prod-westeurope',
  pipeline: { id: 9, name: 'Fiber <Admin> & Billing' },
  runId: 318,
  runName: 'Release-318',
  stage: 'prod-westeurope',
  startedAt: '2024-05-30T22:10:00.000Z',
  finishedAt: '2024-05-30T22:11:30.000Z',
  result: 'succeeded',
  requestedBy: people.marc,
  url: `${BASE}/_releaseProgress?releaseId=318&_a=release-environment-logs&environmentId=1002`,
  approvals: [
    { approver: people.normal, status: 'approved', decidedAt: '2024-05-30T22:05:00.000Z', comment: '<script>alert("approve")</script>' },
    { approver: people.chuck, status: 'approved', decidedAt: '2024-05-30T22:06:00.000Z', comment: null },
    { approver: people.leon, status: 'rejected', decidedAt: '2024-05-30T22:07:00.000Z', comment: 'Not during the freeze' },
  ],
  builds: [
    {
      id: 1220,
      number: '20240530.4',
      result: 'succeeded',
      sourceBranch: 'refs/heads/release/2024.05',
      sourceVersion: '5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b',
      repositoryId: REPO,
      url: `${BASE}/_build/results?buildId=1220`,
    },
  ],
  pullRequests: [
    {
      id: 40,
      repositoryId: REPO,
      title: HOSTILE_HTML_TITLE,
      createdBy: people.marc,
      closedBy: people.marc,
      reviewers: [
        { identity: people.normal, vote: 10 },
        { identity: people.chuck, vote: 0 },
      ],
      bypassPolicy: false,
      url: JAVASCRIPT_URL,
    },
  ],
  tests: { total: 64, passed: 64, failed: 0, other: 0 },
  workItems: [5003],
  controls: {
    'approval-count': { status: 'pass', reason: '2 approvals, 2 required (1 rejection)', evidence: [`${BASE}/_releaseProgress?releaseId=318`] },
    'approval-independence': { status: 'pass', reason: 'No approver requested the deployment', evidence: [] },
    'code-review': {
      status: 'pass',
      reason: `Pull request !40 "${HOSTILE_HTML_TITLE}" approved by Normal Paulk`,
      evidence: [JAVASCRIPT_URL, `${BASE}/_git/fiber-billing/pullrequest/40`],
    },
    'branch-policy': { status: 'unknown', reason: 'Policy evaluations could not be read (HTTP 500)', evidence: [] },
    'source-branch': { status: 'pass', reason: 'Built from refs/heads/release/2024.05', evidence: [`${BASE}/_build/results?buildId=1220`] },
    'build-succeeded': { status: 'pass', reason: 'Build 20240530.4 succeeded', evidence: [`${BASE}/_build/results?buildId=1220`] },
    'tests-passed': { status: 'pass', reason: '64 of 64 tests passed', evidence: ['data:text/html,<script>alert(1)</script>'] },
  },
  errors: [{ source: 'policyEvaluations', status: 500, message: 'Internal server error after 3 retries' }],
};

/** A fresh copy each call, so a test that changes it cannot affect another. */
export function sampleReport(): AuditReport {
  const deployments = [yamlPassing, classicFailing, yamlUnknown, classicHostile];
  return structuredClone({
    schemaVersion: 1,
    organization: 'fabrikam',
    project: 'Fabrikam-Fiber',
    window: { from: '2024-05-01T00:00:00.000Z', to: '2024-06-01T00:00:00.000Z' },
    generatedAt: '2024-06-01T06:30:00.000Z',
    policy: {
      requiredApprovals: 2,
      approvers: ['[Fabrikam-Fiber]\\Release Managers'],
      allowedBranches: ['refs/heads/main', 'refs/heads/release/*'],
      productionEnvironments: ['production', 'prod-*', 'Production'],
      controls: {
        'approval-count': { enabled: true },
        'approval-independence': { enabled: true },
        'code-review': { enabled: true },
        'branch-policy': { enabled: true },
        'source-branch': { enabled: true },
        'build-succeeded': { enabled: true },
        'tests-passed': { enabled: true },
        'work-item-linked': { enabled: false },
      },
    },
    deployments,
    // Counted by hand from the deployments above; the tests assert these numbers appear in the exports.
    summary: {
      deployments: 4,
      controls: {
        'approval-count': { pass: 2, fail: 1, unknown: 1, notApplicable: 0 },
        'approval-independence': { pass: 2, fail: 1, unknown: 1, notApplicable: 0 },
        'code-review': { pass: 2, fail: 1, unknown: 0, notApplicable: 1 },
        'branch-policy': { pass: 1, fail: 1, unknown: 1, notApplicable: 1 },
        'source-branch': { pass: 2, fail: 1, unknown: 1, notApplicable: 0 },
        'build-succeeded': { pass: 2, fail: 1, unknown: 1, notApplicable: 0 },
        'tests-passed': { pass: 2, fail: 1, unknown: 0, notApplicable: 1 },
      },
    },
  });
}
