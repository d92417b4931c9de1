/**
 * Every change a deployment ships: the fake's commit graph (pull requests, pushes, fast-forwards, builds at their
 * branch's tip) and the routes that read it — build changes, git commits, pull request query by commit — and the
 * other evidence of issue 9: run resources, approvals on other resources, check configurations, branch policy
 * configurations, test result retention, waiting classic deployments, and Azure DevOps Server 2022.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDemoArgs } from './cli';
import { FakeOrganization, type FakeBuild, type FakeIdentity, type FakeProject, type FakePullRequest, type FakeRepository } from './model';
import type { Json } from './samples';
import { referenceDir, specProperties } from './samples';
import { ROUTES, SERVER_2022_MISSING, startFakeAdo, type FakeAdo } from './server';

const PAT = 'history-pat';
const ACCEPT = 'application/json;api-version=7.1';
const TYPED = 'application/json;api-version=7.1;excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true';

async function call(url: string, options: { accept?: string; body?: unknown } = {}): Promise<{ status: number; body: Json; next: string | null; text: string }> {
  const res = await fetch(url, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: {
      Accept: options.accept ?? ACCEPT,
      Authorization: `Basic ${Buffer.from(`:${PAT}`).toString('base64')}`,
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: Json = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, next: res.headers.get('x-ms-continuationtoken'), text };
}

interface World {
  org: FakeOrganization;
  shop: FakeProject;
  repo: FakeRepository;
  alice: FakeIdentity;
  bob: FakeIdentity;
  carol: FakeIdentity;
  first: FakeBuild;
  pr1: FakePullRequest;
  pr2: FakePullRequest;
  pushed: string;
  second: FakeBuild;
  rollback: FakeBuild;
  ffPr: FakePullRequest;
  third: FakeBuild;
  ci: FakeBuild;
  cd: FakeBuild;
  hotfixPr: FakePullRequest;
}

function world(): World {
  const org = new FakeOrganization('history');
  const alice = org.person('Alice Director', 'alice@history.com');
  const bob = org.person('Bob Builder', 'bob@history.com');
  const carol = org.person('Carol Coder', 'carol@history.com');
  org.token(PAT, { user: alice });
  const shop = org.project('Shop');
  const repo = shop.repository('shop-web');
  const prod = shop.environment('Production');
  const stages = (approval = true) => [
    { name: 'Build' },
    {
      name: 'Production',
      environment: prod,
      approval: approval ? { minRequiredApprovers: 1, steps: [{ assignedTo: alice, actedBy: alice }] } : null,
    },
  ];
  const reviewed = (who: FakeIdentity) => [{ identity: who, vote: 10 }];
  const pipeline = { id: 12, name: 'shop-web' };
  shop.branchPolicy({ repository: repo, typeName: 'Minimum number of reviewers' });
  shop.branchPolicy({ repository: repo, typeName: 'Build', settings: { buildDefinitionId: 12 } });
  shop.branchPolicy({ repository: null, refName: 'refs/heads/release/', matchKind: 'Prefix', typeName: 'Comment requirements', isBlocking: false });

  const pr0 = shop.pullRequest({ repository: repo, createdBy: carol, reviewers: reviewed(bob), createdAt: '2026-10-01T08:00:00Z', completedAt: '2026-10-01T09:00:00Z' });
  const first = shop.yamlRun({ pipeline, requestedFor: carol, pullRequest: pr0, queuedAt: '2026-10-01T10:00:00Z', tests: { passed: 10, failed: 0 }, stages: stages() });
  // Since the first build: a squash-merged pull request, a push straight to main, a merge (no fast-forward).
  const pr1 = shop.pullRequest({ repository: repo, createdBy: bob, reviewers: reviewed(carol), createdAt: '2026-10-02T08:00:00Z', completedAt: '2026-10-02T09:00:00Z' });
  const [push] = shop.push({ repository: repo, author: bob, at: '2026-10-02T11:00:00Z', message: 'Hotfix: typo' });
  const pr2 = shop.pullRequest({
    repository: repo,
    createdBy: carol,
    reviewers: reviewed(bob),
    createdAt: '2026-10-02T12:00:00Z',
    completedAt: '2026-10-02T14:00:00Z',
    mergeStrategy: 'noFastForward',
    commits: ['c0ffee0000000000000000000000000000000001', 'c0ffee0000000000000000000000000000000002'],
  });
  const second = shop.yamlRun({ pipeline, requestedFor: carol, queuedAt: '2026-10-02T15:00:00Z', tests: { passed: 10, failed: 0 }, stages: stages() });
  // A later run built from the first run's commit: a rollback.
  const rollback = shop.yamlRun({ pipeline, requestedFor: alice, sourceVersion: first.sourceVersion, queuedAt: '2026-10-03T09:00:00Z', stages: stages() });
  // Merged into develop, then main fast-forwarded to it.
  shop.branch(repo, 'refs/heads/develop');
  const ffPr = shop.pullRequest({ repository: repo, createdBy: bob, reviewers: reviewed(carol), targetRefName: 'refs/heads/develop', createdAt: '2026-10-04T08:00:00Z', completedAt: '2026-10-04T09:00:00Z' });
  shop.fastForward({ repository: repo, branch: 'refs/heads/main', to: 'refs/heads/develop' });
  const third = shop.yamlRun({ pipeline, requestedFor: bob, queuedAt: '2026-10-04T10:00:00Z', stages: stages() });
  // A release branch without blocking policy.
  repo.git.setTip('refs/heads/release/2026-10', first.sourceVersion);
  const hotfixPr = shop.pullRequest({ repository: repo, createdBy: carol, reviewers: reviewed(bob), targetRefName: 'refs/heads/release/2026-10', createdAt: '2026-10-05T08:00:00Z' });

  // A CI pipeline's run consumed by a CD pipeline.
  const ci = shop.ciBuild({ pipeline: { id: 30, name: 'payments-ci', path: '\\payments' }, requestedFor: bob, queuedAt: '2026-10-06T08:00:00Z', tests: { passed: 40, failed: 1 } });
  const connection = shop.resource('endpoint', 'azure-prod');
  shop.approvalCheck(prod, { approvers: [alice, bob], minRequiredApprovers: 2, instructions: 'Two people' });
  shop.approvalCheck(connection, { approvers: [bob], minRequiredApprovers: 1 });
  const cd = shop.yamlRun({
    pipeline: { id: 31, name: 'payments-cd' },
    requestedFor: bob,
    reason: 'resourceTrigger',
    consumes: [{ alias: 'ci', build: ci }],
    queuedAt: '2026-10-06T09:00:00Z',
    stages: [
      {
        name: 'Production',
        environment: prod,
        approval: { minRequiredApprovers: 1, steps: [{ assignedTo: alice, actedBy: alice }] },
        otherApprovals: [{ resource: connection, steps: [{ assignedTo: bob, actedBy: bob, comment: 'ok' }] }],
      },
    ],
  });
  shop.testResultRetention({ automatedDays: 3, now: '2026-10-06T12:00:00Z' });
  return { org, shop, repo, alice, bob, carol, first, pr1, pr2, pushed: push.id, second, rollback, ffPr, third, ci, cd, hotfixPr };
}

describe('the commit graph', () => {
  const w = world();
  const git = w.repo.git;

  it('adds a squash merge on the branch tip and a merge commit whose second parent is the pull request', () => {
    const squash = git.get(w.pr1.mergeCommit)!;
    expect(squash.parents).toEqual([w.first.sourceVersion]);
    expect(squash.comment).toBe(`Merged PR ${w.pr1.id}: ${w.pr1.title}`);
    const merge = git.get(w.pr2.mergeCommit)!;
    expect(merge.parents).toEqual([w.pushed, 'c0ffee0000000000000000000000000000000002']);
    expect(git.get('c0ffee0000000000000000000000000000000002')!.parents).toEqual(['c0ffee0000000000000000000000000000000001']);
    expect(w.pr2.targetCommit).toBe(w.pushed);
  });

  it('builds the branch tip when queued, fast-forwards, and answers git log from..to', () => {
    expect(w.second.sourceVersion).toBe(w.pr2.mergeCommit);
    expect(w.third.sourceVersion).toBe(w.ffPr.mergeCommit);
    expect(git.tip('main')).toBe(git.tip('develop'));
    expect(git.range(w.first.sourceVersion, w.second.sourceVersion).map((c) => c.id)).toEqual([
      w.pr2.mergeCommit,
      'c0ffee0000000000000000000000000000000002',
      'c0ffee0000000000000000000000000000000001',
      w.pushed,
      w.pr1.mergeCommit,
    ]);
    expect(git.range(w.second.sourceVersion, w.first.sourceVersion)).toEqual([]);
    expect(git.range(w.second.sourceVersion, w.second.sourceVersion)).toEqual([]);
  });

  it('refuses a fast-forward that is not one', () => {
    const other = w.shop.repository('other');
    w.shop.push({ repository: other, author: w.bob, at: '2026-10-01T00:00:00Z' });
    w.shop.branch(other, 'refs/heads/topic');
    w.shop.push({ repository: other, author: w.bob, at: '2026-10-02T00:00:00Z', branch: 'refs/heads/topic' });
    w.shop.push({ repository: other, author: w.bob, at: '2026-10-03T00:00:00Z' });
    expect(() => w.shop.fastForward({ repository: other, branch: 'refs/heads/main', to: 'refs/heads/topic' })).toThrow(/cannot fast-forward/);
  });
});

describe('routes of issue 9', () => {
  let w: World;
  let ado: FakeAdo;
  let base: string;

  beforeAll(async () => {
    w = world();
    ado = await startFakeAdo(w.org, { maxPageSize: 100 });
    base = `${ado.orgUrl}/Shop`;
  });
  afterAll(async () => {
    await ado.close();
  });

  it('lists the changes between two builds newest first, as Change objects, with the pushed commit', async () => {
    const { status, body } = await call(`${base}/_apis/build/changes?fromBuildId=${w.first.id}&toBuildId=${w.second.id}`);
    expect(status).toBe(200);
    expect(body.count).toBe(5);
    expect(body.value.map((c: Json) => c.id)).toEqual(w.repo.git.range(w.first.sourceVersion, w.second.sourceVersion).map((c) => c.id));
    const pushed = body.value.find((c: Json) => c.id === w.pushed);
    expect(pushed).toMatchObject({ message: 'Hotfix: typo', type: 'TfsGit', messageTruncated: false, pusher: 'bob@history.com' });
    expect(pushed.author.uniqueName).toBe('bob@history.com');
    expect(pushed.location).toBe(`${ado.orgUrl}/${w.shop.id}/_apis/git/repositories/${w.repo.id}/commits/${w.pushed}`);
    expect(pushed.displayUri).toContain(`/_git/shop-web/commit/${w.pushed}`);
    expect(Object.keys(pushed).filter((k) => !specProperties('build_7.1_build.json', 'Change').includes(k))).toEqual([]);
    const top = await call(`${base}/_apis/build/changes?fromBuildId=${w.first.id}&toBuildId=${w.second.id}&$top=2`, { accept: TYPED });
    expect(top.body.map((c: Json) => c.id)).toEqual([w.pr2.mergeCommit, 'c0ffee0000000000000000000000000000000002']);
    expect(top.body[0].timestamp).toMatch(/^\/Date\(\d+\)\/$/);
  });

  it('answers an empty list for a rollback and for the same commit, 404 for an unknown build', async () => {
    expect((await call(`${base}/_apis/build/changes?fromBuildId=${w.second.id}&toBuildId=${w.rollback.id}`)).body).toEqual({ count: 0, value: [] });
    expect((await call(`${base}/_apis/build/changes?fromBuildId=${w.first.id}&toBuildId=${w.rollback.id}`)).body.count).toBe(0);
    const missing = await call(`${base}/_apis/build/changes?fromBuildId=99999&toBuildId=${w.second.id}`);
    expect(missing.status).toBe(404);
    expect(missing.body.typeKey).toBe('BuildNotFoundException');
  });

  it("lists a build's own changes since the previous build of its definition and branch", async () => {
    // The third build's previous build of definition 12 on main is the rollback (built from the first's commit).
    const { body } = await call(`${base}/_apis/build/builds/${w.third.id}/changes`);
    expect(body.value.map((c: Json) => c.id)).toEqual(w.repo.git.range(w.first.sourceVersion, w.third.sourceVersion).map((c) => c.id));
    expect(body.value[0].id).toBe(w.ffPr.mergeCommit);
    const firstOwn = await call(`${base}/_apis/build/builds/${w.first.id}/changes`);
    expect(firstOwn.body.value.map((c: Json) => c.id)).toEqual([w.first.sourceVersion]);
    const paged = await call(`${base}/_apis/build/builds/${w.second.id}/changes?$top=3`);
    expect(paged.body.count).toBe(3);
    expect(paged.next).toBe('3');
    const rest = await call(`${base}/_apis/build/builds/${w.second.id}/changes?$top=3&continuationToken=3`);
    expect(rest.body.count).toBe(2);
    expect(rest.next).toBeNull();
  });

  it('searches git commits between two versions, by branch or commit, with dates and paging', async () => {
    const q = `searchCriteria.itemVersion.version=${w.second.sourceVersion}&searchCriteria.itemVersion.versionType=commit&searchCriteria.compareVersion.version=${w.first.sourceVersion}&searchCriteria.compareVersion.versionType=commit`;
    const { status, body } = await call(`${base}/_apis/git/repositories/${w.repo.id}/commits?${q}`);
    expect(status).toBe(200);
    expect(body.value.map((c: Json) => c.commitId)).toHaveLength(5);
    expect(body.value[0]).toMatchObject({ commitId: w.pr2.mergeCommit, author: { email: 'carol@history.com' } });
    const byBranch = await call(`${base}/_apis/git/repositories/shop-web/commits?searchCriteria.itemVersion.version=main&searchCriteria.compareVersion.version=${w.second.sourceVersion}&searchCriteria.compareVersion.versionType=commit`);
    expect(byBranch.body.value.map((c: Json) => c.commitId)).toEqual([w.ffPr.mergeCommit]);
    const dated = await call(`${base}/_apis/git/repositories/shop-web/commits?searchCriteria.fromDate=2026-10-02T10:00:00Z&searchCriteria.toDate=2026-10-02T12:00:00Z&searchCriteria.$top=10`);
    expect(dated.body.value.map((c: Json) => c.commitId)).toContain(w.pushed);
    const paged = await call(`${base}/_apis/git/repositories/shop-web/commits?searchCriteria.$top=2&searchCriteria.$skip=1`);
    expect(paged.body.count).toBe(2);
    expect((await call(`${base}/_apis/git/repositories/shop-web/commits?searchCriteria.itemVersion.version=nope`)).status).toBe(404);
  });

  it('answers several pull request queries at once, by last merge commit and by commit, enum names or numbers', async () => {
    const { status, body } = await call(`${base}/_apis/git/repositories/${w.repo.id}/pullrequestquery`, {
      body: {
        queries: [
          { type: 'lastMergeCommit', items: [w.pr1.mergeCommit, w.pushed] },
          { type: 2, items: ['c0ffee0000000000000000000000000000000001', w.pushed, w.ffPr.mergeCommit] },
        ],
      },
    });
    expect(status).toBe(200);
    expect(body.results).toHaveLength(2);
    expect(Object.keys(body.results[0])).toEqual([w.pr1.mergeCommit]);
    expect(body.results[0][w.pr1.mergeCommit].map((p: Json) => p.pullRequestId)).toEqual([w.pr1.id]);
    expect(Object.keys(body.results[1])).toEqual(['c0ffee0000000000000000000000000000000001']);
    expect(body.results[1]['c0ffee0000000000000000000000000000000001'][0].pullRequestId).toBe(w.pr2.id);
    // The fast-forwarded commit's pull request targeted develop: found by its merge commit, any target branch.
    const ff = await call(`${base}/_apis/git/repositories/${w.repo.id}/pullrequestquery`, { body: { queries: [{ type: 1, items: [w.ffPr.mergeCommit] }] } });
    expect(ff.body.results[0][w.ffPr.mergeCommit][0].targetRefName).toBe('refs/heads/develop');
  });

  it('serves a run with its repository and the pipeline resources it consumed, and triggeredByBuild', async () => {
    const { status, body } = await call(`${base}/_apis/pipelines/31/runs/${w.cd.id}`);
    expect(status).toBe(200);
    expect(Object.keys(body).filter((k) => !specProperties('pipelines_7.1_pipelines.json', 'Run').concat('id', 'name', 'templateParameters').includes(k))).toEqual([]);
    expect(body.resources.repositories.self).toMatchObject({ refName: 'refs/heads/main', version: w.cd.sourceVersion, repository: { id: w.repo.id, type: 'azureReposGit' } });
    expect(body.resources.pipelines.ci).toEqual({
      pipeline: { url: expect.stringContaining('/_apis/pipelines/30'), id: 30, revision: 7, name: 'payments-ci', folder: '\\payments' },
      version: w.ci.buildNumber,
    });
    expect(body).toMatchObject({ state: 'completed', result: 'succeeded', id: w.cd.id, name: w.cd.buildNumber });
    const typed = await call(`${base}/_apis/pipelines/31/runs/${w.cd.id}`, { accept: TYPED });
    expect(typed.body.state).toBe(4);
    expect((await call(`${base}/_apis/pipelines/12/runs/${w.first.id}`)).body.resources.pipelines).toBeUndefined();
    expect((await call(`${base}/_apis/pipelines/12/runs/${w.cd.id}`)).status).toBe(404);
    const build = await call(`${base}/_apis/build/builds/${w.cd.id}`);
    expect(build.body.reason).toBe('resourceTrigger');
    expect(build.body.triggeredByBuild).toMatchObject({ id: w.ci.id, buildNumber: w.ci.buildNumber, definition: { id: 30, name: 'payments-ci' } });
    const found = await call(`${base}/_apis/build/builds?definitions=30&buildNumber=${encodeURIComponent(w.ci.buildNumber)}`);
    expect(found.body.value.map((b: Json) => b.id)).toEqual([w.ci.id]);
    expect((await call(`${base}/_apis/build/builds?definitions=12&buildNumber=${encodeURIComponent(w.ci.buildNumber)}`)).body.count).toBe(0);
  });

  it("names each approval's resource in the checks panel and keeps them all in the approvals API", async () => {
    const attempt = w.cd.stage('Production').latest;
    const { body } = await call(`${ado.orgUrl}/_apis/Contribution/HierarchyQuery/project/Shop`, {
      body: {
        contributionIds: ['ms.vss-build-web.checks-panel-data-provider'],
        dataProviderContext: { properties: { buildId: String(w.cd.id), stageIds: attempt.recordId, checkListItemType: 1 } },
      },
    });
    const entry = body.dataProviders['ms.vss-build-web.checks-panel-data-provider'][0];
    expect(entry.approvals.map((a: Json) => a.resource.type)).toEqual(['environment', 'endpoint']);
    expect(entry.approvals[1].resource).toMatchObject({ name: 'azure-prod', checkId: attempt.otherApprovals[0].id });
    expect(entry.approvals[1].steps[0].actualApprover.uniqueName).toBe('bob@history.com');
    const ids = [attempt.approval!.id, attempt.otherApprovals[0].id].join(',');
    const approvals = await call(`${base}/_apis/pipelines/approvals?approvalIds=${ids}&$expand=steps`);
    expect(approvals.body.value.map((a: Json) => a.steps[0].actualApprover.uniqueName)).toEqual(['alice@history.com', 'bob@history.com']);
    const timeline = await call(`${base}/_apis/build/builds/${w.cd.id}/timeline`);
    expect(timeline.body.records.filter((r: Json) => r.type === 'Checkpoint.Approval').map((r: Json) => r.id).sort()).toEqual(ids.split(',').sort());
  });

  it('lists the checks configured on a resource, with settings on request', async () => {
    const env = w.shop.environments[0];
    const plain = await call(`${base}/_apis/pipelines/checks/configurations?resourceType=environment&resourceId=${env.id}`);
    expect(plain.body.count).toBe(1);
    expect(plain.body.value[0]).toMatchObject({ type: { name: 'Approval' }, resource: { type: 'environment', id: String(env.id), name: 'Production' } });
    expect(plain.body.value[0].settings).toBeUndefined();
    const { body } = await call(`${base}/_apis/pipelines/checks/configurations?resourceType=environment&resourceId=${env.id}&$expand=settings`);
    expect(body.value[0].settings).toMatchObject({ minRequiredApprovers: 2, instructions: 'Two people' });
    expect(body.value[0].settings.approvers.map((a: Json) => a.uniqueName)).toEqual(['alice@history.com', 'bob@history.com']);
    const endpoint = w.shop.checkConfigurations[1].resource;
    expect((await call(`${base}/_apis/pipelines/checks/configurations?resourceType=endpoint&resourceId=${endpoint.id}`)).body.value[0].resource.name).toBe('azure-prod');
  });

  it('lists branch policy configurations with their scope, paged; a release branch has no blocking one', async () => {
    const first = await call(`${base}/_apis/policy/configurations?$top=2`);
    expect(first.body.count).toBe(2);
    expect(first.next).toBe(String(first.body.value[1].id + 1));
    expect(first.body.value[0].settings.scope).toEqual([{ refName: 'refs/heads/main', matchKind: 'Exact', repositoryId: w.repo.id }]);
    expect(first.body.value[0]).toMatchObject({ isBlocking: true, isEnabled: true, type: { displayName: 'Minimum number of reviewers' } });
    const rest = await call(`${base}/_apis/policy/configurations?$top=2&continuationToken=${first.next}`);
    expect(rest.body.value[0].settings.scope).toEqual([{ refName: 'refs/heads/release/', matchKind: 'Prefix', repositoryId: null }]);
    expect(rest.body.value[0].isBlocking).toBe(false);
    expect(rest.next).toBeNull();
    const hotfix = await call(`${base}/_apis/policy/evaluations?artifactId=${encodeURIComponent(w.hotfixPr.policyArtifactId)}`);
    expect(hotfix.body.count).toBe(0);
  });

  it('answers the test result retention and loses the results of older builds', async () => {
    const { body } = await call(`${base}/_apis/test/resultretentionsettings`);
    expect(body).toMatchObject({ automatedResultsRetentionDuration: 3, manualResultsRetentionDuration: 365 });
    expect(w.first.testsPurged).toBe(true);
    expect(w.ci.testsPurged).toBe(false);
    const old = await call(`${ado.vstmrUrl}/Shop/_apis/testresults/resultsummarybybuild?buildId=${w.first.id}`);
    expect(old.body.aggregatedResultsAnalysis.totalTests).toBe(0);
    const runs = await call(`${base}/_apis/test/runs?buildUri=vstfs:///Build/Build/${w.first.id}`);
    expect(runs.body.count).toBe(0);
    const recent = await call(`${ado.vstmrUrl}/Shop/_apis/testresults/resultsummarybybuild?buildId=${w.ci.id}`);
    expect(recent.body.aggregatedResultsAnalysis.totalTests).toBe(41);
  });
});

describe('approvals of every kind of protected resource', () => {
  it('names the resource of each approval a stage waited for, and approves the stage once all are approved', async () => {
    const org = new FakeOrganization('resources');
    const alice = org.person('Alice Director');
    const bob = org.person('Bob Builder');
    org.token(PAT, { user: alice });
    const shop = org.project('Shop');
    const prod = shop.environment('Production');
    const types = ['endpoint', 'queue', 'repository', 'variablegroup', 'securefiles'] as const;
    const resources = [...types.map((t) => shop.resource(t, `${t}-prod`)), shop.resource('environment', 'Shared-Infra', 77)];
    const run = shop.yamlRun({
      pipeline: { id: 1, name: 'app' },
      requestedFor: bob,
      queuedAt: '2026-11-01T08:00:00Z',
      stages: [
        {
          name: 'Production',
          environment: prod,
          approval: { steps: [{ assignedTo: alice, actedBy: alice }] },
          otherApprovals: resources.map((resource, i) => ({ resource, steps: [{ assignedTo: bob, actedBy: i === resources.length - 1 ? null : bob }] })),
        },
      ],
    });
    const attempt = run.stage('Production').latest;
    expect(attempt.state).toBe('inProgress'); // the last resource's approval is still pending
    expect(org.deploymentRecords()).toHaveLength(0);
    const ado = await startFakeAdo(org);
    try {
      const { body } = await call(`${ado.orgUrl}/_apis/Contribution/HierarchyQuery/project/Shop`, {
        body: {
          contributionIds: ['ms.vss-build-web.checks-panel-data-provider'],
          dataProviderContext: { properties: { buildId: String(run.id), stageIds: attempt.recordId } },
        },
      });
      const approvals = body.dataProviders['ms.vss-build-web.checks-panel-data-provider'][0].approvals;
      expect(approvals.map((a: Json) => [a.resource.type, a.resource.name, a.status])).toEqual([
        ['environment', 'Production', 4],
        ['endpoint', 'endpoint-prod', 4],
        ['queue', 'queue-prod', 4],
        ['repository', 'repository-prod', 4],
        ['variablegroup', 'variablegroup-prod', 4],
        ['securefiles', 'securefiles-prod', 4],
        ['environment', 'Shared-Infra', 2],
      ]);
      expect(approvals[6].resource.id).toBe('77');
    } finally {
      await ado.close();
    }
  });
});

describe('classic releases: several artifacts, waiting deployments, status filters', () => {
  let ado: FakeAdo;
  let org: FakeOrganization;
  beforeAll(async () => {
    org = new FakeOrganization('classic');
    const alice = org.person('Alice Director');
    const bob = org.person('Bob Builder');
    org.token(PAT, { user: alice });
    const shop = org.project('Shop');
    const ci = shop.ciBuild({ pipeline: { id: 5, name: 'app-ci' }, requestedFor: bob, queuedAt: '2026-11-01T08:00:00Z' });
    const config = shop.ciBuild({ pipeline: { id: 6, name: 'config-ci' }, requestedFor: bob, sourceBranch: 'refs/heads/feature/x', queuedAt: '2026-11-01T08:10:00Z' });
    shop.classicRelease({
      definition: { id: 3, name: 'app' },
      artifactBuild: ci,
      artifacts: [{ build: config, alias: '_config' }],
      requestedBy: bob,
      environments: [{ name: 'QA', startedOn: '2026-11-01T09:00:00Z' }, { name: 'Prod', startedOn: '2026-11-01T10:00:00Z', preDeployApprovals: [{ approver: alice }] }],
    });
    for (const [i, wait] of [
      { status: 'inProgress', operationStatus: 'Pending', approvals: [{ approver: alice, status: 'pending' as const }] },
      { status: 'inProgress', operationStatus: 'EvaluatingGates', approvals: [{ approver: alice }] },
      { status: 'notDeployed', operationStatus: 'Queued', approvals: [{ approver: alice }] },
      { status: 'notDeployed', operationStatus: 'Deferred', approvals: [{ approver: alice }] },
    ].entries()) {
      shop.classicRelease({
        definition: { id: 3, name: 'app' },
        artifactBuild: ci,
        requestedBy: bob,
        environments: [
          {
            name: 'Prod',
            startedOn: `2026-11-0${2 + i}T10:00:00Z`,
            status: wait.status as 'inProgress' | 'notDeployed',
            operationStatus: wait.operationStatus,
            preDeployApprovals: wait.approvals,
          },
        ],
      });
    }
    ado = await startFakeAdo(org);
  });
  afterAll(async () => {
    await ado.close();
  });

  it('serves a release with two Build artifacts, the primary first', async () => {
    const release = await call(`${ado.vsrmUrl}/Shop/_apis/release/releases/1`);
    expect(release.body.artifacts.map((a: Json) => [a.alias, a.isPrimary, a.definitionReference.definition.name, a.definitionReference.branch.id])).toEqual([
      ['_app-ci', true, 'app-ci', 'refs/heads/main'],
      ['_config', false, 'config-ci', 'refs/heads/feature/x'],
    ]);
    expect(release.body.artifacts[1].definitionReference.version).toEqual({ id: String(org.builds()[1].id), name: org.builds()[1].buildNumber });
  });

  it('reports waiting deployments as the service does and filters deployment status by names, lists or numbers', async () => {
    const all = await call(`${ado.vsrmUrl}/Shop/_apis/release/deployments?definitionId=3&queryOrder=ascending`);
    const prod = all.body.value.filter((d: Json) => d.releaseEnvironment.name === 'Prod');
    expect(prod.map((d: Json) => [d.deploymentStatus, d.operationStatus, 'completedOn' in d])).toEqual([
      ['succeeded', 'Approved', true],
      ['inProgress', 'Pending', false],
      ['inProgress', 'EvaluatingGates', false],
      ['notDeployed', 'Queued', false],
      ['notDeployed', 'Deferred', false],
    ]);
    const waiting = await call(`${ado.vsrmUrl}/Shop/_apis/release/deployments?deploymentStatus=notDeployed,inProgress`);
    expect(waiting.body.count).toBe(4);
    expect((await call(`${ado.vsrmUrl}/Shop/_apis/release/deployments?deploymentStatus=3`)).body.count).toBe(4);
    expect((await call(`${ado.vsrmUrl}/Shop/_apis/release/deployments?deploymentStatus=all`)).body.count).toBe(6);
    const gates = await call(`${ado.vsrmUrl}/Shop/_apis/release/deployments?operationStatus=evaluatingGates`, { accept: TYPED });
    expect(gates.body.map((d: Json) => [d.deploymentStatus, d.operationStatus])).toEqual([[2, 65536]]);
    const envId = prod[0].definitionEnvironmentId;
    const byStage = await call(`${ado.vsrmUrl}/Shop/_apis/release/deployments?definitionEnvironmentId=${envId}&deploymentStatus=succeeded&minStartedTime=2026-11-01T00:00:00Z&maxStartedTime=2026-11-02T00:00:00Z&$top=1`);
    expect(byStage.body.value.map((d: Json) => d.id)).toEqual([prod[0].id]);
    const release = await call(`${ado.vsrmUrl}/Shop/_apis/release/releases/4`);
    expect(release.body.environments[0].status).toBe('queued');
  });
});

describe('Azure DevOps Server 2022', () => {
  let ado: FakeAdo;
  let w: World;
  beforeAll(async () => {
    w = world();
    ado = await startFakeAdo(w.org, { server2022: true });
  });
  afterAll(async () => {
    await ado.close();
  });

  it('answers an api-version above 7.0 with 400 VssVersionOutOfRangeException', async () => {
    for (const version of ['7.1', '7.1-preview.1', '7.2-preview.1']) {
      const { status, body } = await call(`${ado.orgUrl}/Shop/_apis/build/builds/${w.first.id}?api-version=${version}`, { accept: 'application/json' });
      expect(status).toBe(400);
      expect(body).toEqual({
        $id: '1',
        innerException: null,
        message: `The requested REST API version of ${version.slice(0, 3)} is out of range for this server. The latest REST API version this server supports is 7.0.`,
        typeName: 'Microsoft.VisualStudio.Services.WebApi.VssVersionOutOfRangeException, Microsoft.VisualStudio.Services.WebApi',
        typeKey: 'VssVersionOutOfRangeException',
        errorCode: 0,
        eventId: 3000,
      });
    }
    const inAccept = await call(`${ado.orgUrl}/Shop/_apis/build/builds/${w.first.id}`);
    expect(inAccept.status).toBe(400);
    const ok = await call(`${ado.orgUrl}/Shop/_apis/build/builds/${w.first.id}?api-version=7.0`, { accept: 'application/json' });
    expect(ok.status).toBe(200);
    const older = await call(`${ado.orgUrl}/Shop/_apis/build/changes?fromBuildId=${w.first.id}&toBuildId=${w.second.id}`, { accept: 'application/json;api-version=6.0' });
    expect(older.body.count).toBe(5);
  });

  it('has one host and lacks the routes Server 2022 does not have', async () => {
    const areas = await call(`${ado.orgUrl}/_apis/resourceAreas`, { accept: 'application/json;api-version=7.0' });
    const release = areas.body.value.find((a: Json) => a.name === 'release');
    expect(release.locationUrl).toBe(`${ado.orgUrl}/`);
    expect(ado.vsrmUrl).toBe(ado.orgUrl);
    const v70 = 'application/json;api-version=7.0';
    expect((await call(`${ado.orgUrl}/Shop/_apis/release/deployments`, { accept: v70 })).status).toBe(200);
    expect((await call(`${ado.baseUrl}/_vsrm/history/Shop/_apis/release/deployments`, { accept: v70 })).status).toBe(404);
    const env = w.shop.environments[0].id;
    expect((await call(`${ado.orgUrl}/Shop/_apis/distributedtask/environments/${env}/environmentdeploymentrecords`, { accept: v70 })).status).toBe(200);
    expect((await call(`${ado.orgUrl}/Shop/_apis/pipelines/environments/${env}/environmentdeploymentrecords`, { accept: v70 })).status).toBe(404);
    expect((await call(`${ado.orgUrl}/Shop/_apis/testresults/resultsummarybybuild?buildId=${w.first.id}`, { accept: v70 })).status).toBe(404);
    expect((await call(`${ado.orgUrl}/Shop/_apis/pipelines/checks/configurations?resourceType=environment&resourceId=${env}`, { accept: v70 })).status).toBe(200);
  });

  it("lacks exactly the served routes that Microsoft's Server 2022 definitions do not have", () => {
    const specs = path.join(referenceDir(), 'specs');
    // Work item tracking is on every Azure DevOps Server (artifacturiquery since REST 3.2), but its Server 2022
    // definitions are not among the reference files: its routes are not judged here.
    const unpublished = (file: string) => file.toLowerCase().startsWith('wit_');
    const paths = (dir: string) =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json') && !unpublished(f))
        .flatMap((f) => {
          const spec = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8').replace(/^\uFEFF/, ''));
          return Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([p, methods]) =>
            Object.keys(methods).map((m) => ({ path: p, method: m.toUpperCase() })),
          );
        });
    const shape = (p: string) => p.replace(/^\/\{(organization|collection)\}/, '').toLowerCase().replace(/\{[^}]+\}/g, '{}');
    const onPremises = new Set(paths(path.join(specs, 'server-2022')).map((p) => `${p.method} ${shape(p.path)}`));
    const guid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const verdicts = new Map<string, boolean>();
    for (const p of paths(specs)) {
      const sample = p.path
        .replace(/^\/\{organization\}/, '')
        .replace('{project}', 'Shop')
        .replace(/\{(approvalId|timelineId|checkSuiteId)\}/g, guid)
        .replace(/\{[^}]+\}/g, '1');
      const route = ROUTES.find((r) => r.method === p.method && r.pattern.test(sample));
      if (!route) continue;
      const id = route.id.startsWith('environments.') && /\/_apis\/pipelines\/environments/i.test(sample) ? `${route.id}@pipelines` : route.id;
      verdicts.set(id, (verdicts.get(id) ?? false) || onPremises.has(`${p.method} ${shape(p.path)}`));
    }
    expect(verdicts.size).toBeGreaterThan(15);
    const missing = [...verdicts].filter(([, onServer]) => !onServer).map(([id]) => id).sort();
    expect(missing).toEqual([...SERVER_2022_MISSING].sort());
  });

  it('is an option of the demo server command line', () => {
    expect(parseDemoArgs(['--server-2022', '--port', '8085'])).toEqual({ server2022: true, port: 8085 });
    expect(parseDemoArgs(['--server-2022=false'])).toEqual({ server2022: false });
  });
});
