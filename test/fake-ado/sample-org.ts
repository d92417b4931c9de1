/**
 * A small organization covering every kind of answer the fake gives: YAML runs with approvals (a group
 * approved by one of its members, a rejection, a re-run stage), a deleted build, a run without tests, a
 * plain CI build released by a classic release (approved and rejected), pull requests with policies.
 */
import { FakeOrganization, type FakeBuild, type FakeEnvironment, type FakeIdentity, type FakeProject, type FakePullRequest, type FakeRelease, type FakeRepository } from './model';

export interface SampleOrganization {
  org: FakeOrganization;
  shop: FakeProject;
  repo: FakeRepository;
  prod: FakeEnvironment;
  staging: FakeEnvironment;
  people: { alice: FakeIdentity; bob: FakeIdentity; carol: FakeIdentity; dave: FakeIdentity };
  approvers: FakeIdentity;
  pr: FakePullRequest;
  bypassedPr: FakePullRequest;
  /** Build → Staging → Production (approved by Alice for the approvers group), deploy + smoke jobs. */
  run: FakeBuild;
  /** Production re-run: attempt 2, attempt 1 failed. */
  rerun: FakeBuild;
  /** Removed by retention. */
  deleted: FakeBuild;
  /** Production approval rejected (no deployment record). */
  rejected: FakeBuild;
  /** No test run published. */
  untested: FakeBuild;
  /** Plain CI build, artifact of the classic release. */
  ci: FakeBuild;
  release: FakeRelease;
  rejectedRelease: FakeRelease;
  /** Extra runs to Production, for paging (each with two jobs: two records). */
  bulk: FakeBuild[];
}

export const TOKENS = { good: 'good-pat', reader: 'reader-pat', bearer: 'bearer-token' } as const;

export function sampleOrganization(bulkRuns = 0): SampleOrganization {
  const org = new FakeOrganization('contoso');
  const alice = org.person('Alice Director', 'alice@contoso.com');
  const bob = org.person('Bob Auditor', 'bob@contoso.com');
  const carol = org.person('Carol Developer', 'carol@contoso.com');
  const dave = org.person('Dave Developer', 'dave@contoso.com');
  const approvers = org.group('[Shop]\\Release Approvers');
  org.token(TOKENS.good, { user: alice });
  org.token(TOKENS.reader, { user: bob, role: 'reader' });
  org.token(TOKENS.bearer, { user: carol });

  const shop = org.project('Shop');
  const repo = shop.repository('shop-web');
  const staging = shop.environment('Staging');
  const prod = shop.environment('Production');

  const pr = shop.pullRequest({
    repository: repo,
    title: 'Add basket discounts',
    createdBy: carol,
    createdAt: '2026-10-30T10:00:00Z',
    completedAt: '2026-10-31T15:00:00Z',
    reviewers: [
      { identity: alice, vote: 10, votedFor: [approvers] },
      { identity: approvers, vote: 10, isRequired: true },
    ],
    policyEvaluations: [
      { typeName: 'Minimum number of reviewers', status: 'approved' },
      { typeName: 'Build', status: 'approved' },
      { typeName: 'Work item linking', status: 'notApplicable', isBlocking: false },
    ],
    workItems: [101, 102],
  });
  const bypassedPr = shop.pullRequest({
    repository: repo,
    title: 'Hotfix checkout',
    createdBy: dave,
    closedBy: dave,
    createdAt: '2026-11-02T08:00:00Z',
    completedAt: '2026-11-02T08:20:00Z',
    reviewers: [{ identity: dave, vote: 10 }],
    bypassPolicy: true,
    bypassReason: 'Production is down',
    mergeStrategy: 'noFastForward',
    policyEvaluations: [{ typeName: 'Minimum number of reviewers', status: 'rejected' }],
  });

  const pipeline = { id: 12, name: 'shop-web' };
  const approval = (actedBy: FakeIdentity) => ({
    steps: [{ assignedTo: approvers, actedBy, comment: 'Looks good' }],
  });

  const run = shop.yamlRun({
    pipeline,
    requestedFor: carol,
    pullRequest: pr,
    queuedAt: '2026-11-01T09:00:00Z',
    tests: { passed: 120, failed: 0, other: 3 },
    workItems: [101, 102],
    stages: [
      { name: 'Build' },
      { name: 'Staging', environment: staging },
      { name: 'Production', environment: prod, jobs: ['Deploy', 'Smoke'], approval: approval(alice) },
    ],
  });
  const rerun = shop.yamlRun({
    pipeline,
    requestedFor: dave,
    pullRequest: bypassedPr,
    queuedAt: '2026-11-02T09:00:00Z',
    tests: { passed: 80, failed: 2 },
    stages: [
      { name: 'Build', result: 'partiallySucceeded' },
      { name: 'Production', environment: prod, attempt: 2, approval: approval(alice) },
    ],
  });
  const deleted = shop.yamlRun({
    pipeline,
    requestedFor: carol,
    queuedAt: '2026-11-03T09:00:00Z',
    deleted: true,
    tests: { passed: 10, failed: 0 },
    stages: [{ name: 'Build' }, { name: 'Production', environment: prod, approval: approval(alice) }],
  });
  const rejected = shop.yamlRun({
    pipeline,
    requestedFor: carol,
    queuedAt: '2026-11-04T09:00:00Z',
    tests: { passed: 10, failed: 0 },
    stages: [
      { name: 'Build' },
      {
        name: 'Production',
        environment: prod,
        approval: { steps: [{ assignedTo: approvers, actedBy: bob, status: 'rejected', comment: 'Not today' }] },
      },
    ],
  });
  const untested = shop.yamlRun({
    pipeline,
    requestedFor: carol,
    requestedBy: carol,
    queuedAt: '2026-11-05T09:00:00Z',
    sourceBranch: 'refs/heads/feature/experiment',
    stages: [{ name: 'Build' }, { name: 'Production', environment: prod, approval: approval(carol) }],
  });

  const ci = shop.ciBuild({
    pipeline: { id: 3, name: 'shop-api-ci' },
    requestedFor: dave,
    queuedAt: '2026-11-06T08:00:00Z',
    tests: { passed: 40, failed: 0 },
    workItems: [103],
  });
  const release = shop.classicRelease({
    definition: { id: 5, name: 'shop-api' },
    artifactBuild: ci,
    requestedBy: dave,
    environments: [
      { name: 'Test' },
      { name: 'Prod', preDeployApprovals: [{ approver: approvers, approvedBy: alice, comments: 'Go' }] },
    ],
  });
  const rejectedRelease = shop.classicRelease({
    definition: { id: 5, name: 'shop-api' },
    artifactBuild: ci,
    requestedBy: dave,
    createdOn: '2026-11-07T10:00:00Z',
    environments: [
      { name: 'Test' },
      { name: 'Prod', preDeployApprovals: [{ approver: alice, status: 'rejected', comments: 'No' }] },
    ],
  });

  const bulk: FakeBuild[] = [];
  for (let i = 0; i < bulkRuns; i++) {
    bulk.push(
      shop.yamlRun({
        pipeline,
        requestedFor: i % 2 ? carol : dave,
        queuedAt: new Date(Date.UTC(2026, 9, 1 + (i % 28), 6 + Math.floor(i / 28))),
        tests: { passed: 50, failed: 0 },
        stages: [{ name: 'Build' }, { name: 'Production', environment: prod, jobs: ['Deploy', 'Smoke'], approval: approval(alice) }],
      }),
    );
  }

  return {
    org,
    shop,
    repo,
    prod,
    staging,
    people: { alice, bob, carol, dave },
    approvers,
    pr,
    bypassedPr,
    run,
    rerun,
    deleted,
    rejected,
    untested,
    ci,
    release,
    rejectedRelease,
    bulk,
  };
}
