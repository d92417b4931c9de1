/**
 * Test fixtures for the controls: a production deployment that passes every control of the default policy,
 * built from the real samples in ado-api-reference/captured (organization raboweb-test, project SOx-compliant-demo,
 * pipeline 312 "MultiStageExample CI", run 20200421.4, pull request 156 into dotnetcoresample).
 * Tests start from it and change the one thing they are about.
 */
import type {
  ApprovalEvidence,
  BuildEvidence,
  ChangeEvidence,
  ChangeSetEvidence,
  DeploymentEvidence,
  EvidenceError,
  EvidenceSource,
  Identity,
  PolicyEvaluation,
  PullRequestEvidence,
  ReviewerVote,
} from '../../src/core/model';
import { type Policy, type PolicyInput, parsePolicy } from '../../src/core/policy';

const ORGANIZATION = 'https://dev.azure.com/raboweb-test';
const PROJECT_ID = '53410703-e2e5-4238-9025-233bd7c811b3';
const PROJECT = `${ORGANIZATION}/SOx-compliant-demo`;
const REPOSITORY_ID = '97d7b870-a21b-461c-8085-208d84d1a1c1';
const RUN_ID = 33102;
export const COMMIT = '71c08469bae86b87883dd3b9d6b45f4ed84603f3';

/** People as the captured answers name them. */
const KNOWN_PEOPLE: Record<string, Identity> = {
  'Chung Lok Lam': { id: '36bca3d9-448e-654e-a009-af83d334c70e', displayName: 'Chung Lok Lam', uniqueName: 'Chung.Lok.Lam@rabobank.nl' },
  'Rik Brouwer': { id: '7f50e539-be67-6754-bbd8-0bcc6f6b38e1', displayName: 'Rik Brouwer', uniqueName: 'Rik.Brouwer@rabobank.com' },
  'Peter Dol': { id: '2dbe73bd-5f5c-6152-b980-1b9e87449195', displayName: 'Peter Dol', uniqueName: 'Peter.Dol@rabobank.nl' },
  'Marc Duiker': { id: '7fe7d6cf-6971-4dd1-8722-2abd1f88714f', displayName: 'Marc Duiker', uniqueName: 'marcduiker@gmail.com' },
  'William Chan': { id: '52e8de35-29a7-6568-bff9-1c8ec725982f', displayName: 'Chan, W (William)', uniqueName: 'William.Chan@rabobank.com' },
};

/** A stable GUID-shaped id for a name, so that the same name is the same identity in every test. */
function idFor(name: string): string {
  let hex = '';
  for (let seed = 0; hex.length < 32; seed++) {
    let hash = 0x811c9dc5 ^ seed;
    for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    hex += hash.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A person: one of the captured people by name, or a new one with an id and an e-mail address made from the name. */
export const person = (name: string, overrides: Partial<Identity> = {}): Identity => ({
  ...(KNOWN_PEOPLE[name] ?? { id: idFor(name), displayName: name, uniqueName: `${name.replace(/\s+/g, '.')}@rabobank.nl` }),
  ...overrides,
});

/** A project group as Azure DevOps names it: "[SOx-compliant-demo]\Release Approvers". */
export const group = (name: string): Identity => ({
  id: idFor(`group:${name}`),
  displayName: `[SOx-compliant-demo]\\${name}`,
  uniqueName: `vstfs:///Classification/TeamProject/${PROJECT_ID}\\${name}`,
});

export const RUN_URL = `${PROJECT}/_build/results?buildId=${RUN_ID}`;
/** Every step of the run's approval opens the same checks view. */
export const APPROVAL_URL = `${RUN_URL}&view=checks`;
export const PULL_REQUEST_URL = `${PROJECT}/_git/dotnetcoresample/pullrequest/156`;

/** An approved, non-automated approval by this person, assigned to them. */
export const approval = (approver: Identity, overrides: Partial<ApprovalEvidence> = {}): ApprovalEvidence => ({
  approver,
  assignedTo: approver,
  status: 'approved',
  decidedAt: '2020-04-21T14:21:20.345Z',
  comment: null,
  automated: false,
  url: APPROVAL_URL,
  ...overrides,
});

export const build = (overrides: Partial<BuildEvidence> = {}): BuildEvidence => ({
  id: RUN_ID,
  number: '20200421.4',
  definition: { id: 12, name: 'dotnetcoresample' },
  role: 'run',
  finishedAt: '2020-04-21T14:30:00.000Z',
  result: 'succeeded',
  status: 'completed',
  sourceBranch: 'refs/heads/master',
  sourceVersion: COMMIT,
  repositoryId: REPOSITORY_ID,
  repositoryType: 'TfsGit',
  requestedFor: person('Chung Lok Lam'),
  url: RUN_URL,
  ...overrides,
});

export const vote = (identity: Identity, value: number, isGroup = false): ReviewerVote => ({ identity, vote: value, isGroup });

export const policyEvaluation = (typeName: string, overrides: Partial<PolicyEvaluation> = {}): PolicyEvaluation => ({
  evaluationId: idFor(`evaluation:${typeName}`),
  typeName,
  isBlocking: true,
  isEnabled: true,
  status: 'approved',
  ...overrides,
});

/** Pull request 156, written by Chung Lok Lam, approved by Harmen de Rooij and the Rocca-Reviewers group. */
export const pullRequest = (overrides: Partial<PullRequestEvidence> = {}): PullRequestEvidence => ({
  id: 156,
  repositoryId: REPOSITORY_ID,
  title: 'Updated Readme.MD',
  status: 'completed',
  targetRefName: 'refs/heads/master',
  createdBy: person('Chung Lok Lam'),
  closedBy: person('Chung Lok Lam'),
  reviewers: [vote(person('Harmen de Rooij'), 10), vote(group('Rocca-Reviewers'), 10, true)],
  bypassPolicy: false,
  bypassReason: null,
  mergeCommit: COMMIT,
  closedAt: '2020-04-21T13:00:00.000Z',
  url: PULL_REQUEST_URL,
  // As the engine reads them: the required policies in force on the target branch when it completed, no evaluations.
  policyEvaluations: null,
  branchPolicies: [
    { id: 11, typeName: 'Minimum number of reviewers' },
    { id: 12, typeName: 'Build' },
  ],
  ...overrides,
});

/** A commit of the change set of build 33102, brought by pull request 156 unless said otherwise. */
export const change = (commit: string, overrides: Partial<ChangeEvidence> = {}): ChangeEvidence => ({
  commit,
  buildId: RUN_ID,
  author: 'Chung Lok Lam',
  date: '2020-04-21T12:00:00.000Z',
  message: `Change ${commit.slice(0, 4)}`,
  url: `${PROJECT}/_git/dotnetcoresample/commit/${commit}`,
  pullRequestIds: [156],
  elsewhere: [],
  ...overrides,
});

/** Build 33102's change set since run 20200420.2 (build 33090), holding these commits. */
export const changeSet = (commits: string[], overrides: Partial<ChangeSetEvidence> = {}): ChangeSetEvidence => ({
  buildId: RUN_ID,
  basis: 'history',
  since: { buildId: 33090, number: '20200420.2', commit: '5bd1b6f4d57b1ee1cf6a9e3ab7a8bfe62cf0a7f1' },
  commits,
  ...overrides,
});

export const PREVIOUS_RUN_URL = `${PROJECT}/_build/results?buildId=33090&view=results`;

/** "build 33102 is gone" and the like: what a source records when it cannot read part of the evidence. */
export const evidenceError = (source: EvidenceSource, status: number | null, message: string): EvidenceError => ({
  source,
  status,
  message,
});

/**
 * Run 20200421.4 of MultiStageExample CI deployed to production: requested by Chung Lok Lam, who wrote pull request 156;
 * approved by Rik Brouwer and Peter Dol; built from master; 124 tests passed; work item 4711 linked.
 */
export const evidence = (overrides: Partial<DeploymentEvidence> = {}): DeploymentEvidence => ({
  key: `yaml/312/${RUN_ID}/Production`,
  source: 'yaml',
  environment: 'production',
  pipeline: { id: 312, name: 'MultiStageExample CI' },
  runId: RUN_ID,
  runName: '20200421.4',
  stage: 'Production',
  startedAt: '2020-04-21T12:59:00.837Z',
  finishedAt: '2020-04-21T14:23:02.101Z',
  result: 'succeeded',
  requestedBy: person('Chung Lok Lam'),
  url: `${RUN_URL}&view=results`,
  approvals: [approval(person('Rik Brouwer')), approval(person('Peter Dol'))],
  builds: [build()],
  priorStagesResult: 'succeeded',
  pullRequests: [pullRequest()],
  previousDeployment: { key: 'yaml/312/33090/Production', startedAt: '2020-04-20T10:00:00.000Z', runId: 33090, runName: '20200420.2', url: PREVIOUS_RUN_URL },
  changeSets: [changeSet([COMMIT])],
  changes: [change(COMMIT)],
  otherApprovals: [],
  tests: { total: 124, passed: 124, failed: 0, other: 0 },
  testsUrl: `${RUN_URL}&view=ms.vss-test-web.build-test-results-tab`,
  workItems: [4711],
  errors: [],
  ...overrides,
});

export const RELEASE_URL = `${ORGANIZATION}/SOx%20compliant%20demo/_releaseProgress?releaseId=398&_a=release-environment-logs&environmentId=1325`;

/** The same deployment as a classic release (Release-137, stage Production), approved by Marc Duiker and Peter Dol. */
export const classicEvidence = (overrides: Partial<DeploymentEvidence> = {}): DeploymentEvidence =>
  evidence({
    key: 'classic/12/398/1325',
    source: 'classic',
    pipeline: { id: 12, name: 'dotnetcoresample-CD' },
    runId: 398,
    runName: 'Release-137',
    url: RELEASE_URL,
    approvals: [approval(person('Marc Duiker'), { url: RELEASE_URL }), approval(person('Peter Dol'), { url: RELEASE_URL })],
    priorStagesResult: null,
    builds: [build({ id: 70609, number: '0.0.0.624', url: `${PROJECT}/_build/results?buildId=70609` })],
    testsUrl: `${PROJECT}/_build/results?buildId=70609&view=ms.vss-test-web.build-test-results-tab`,
    ...overrides,
  });

/** The default policy with these settings. */
export const policy = (input: PolicyInput = {}): Policy => parsePolicy(input);
