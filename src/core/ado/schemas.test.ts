/** Contract tests: the parsers read Microsoft's examples and captured real answers as they are. */
import { exampleBody, sample } from '../../../test/support/samples';
import {
  adoDate,
  adoEnum,
  approvalSchema,
  buildSchema,
  checksPanelSchema,
  list,
  listedReleaseSchema,
  pullRequestSchema,
  releaseDeploymentSchema,
  releaseSchema,
  timelineSchema,
} from './schemas';

describe('schemas on real samples', () => {
  it('reads the example list of release deployments with their pre-deployment approvals', () => {
    const deployments = list(releaseDeploymentSchema).parse(exampleBody('release__deployments__GET__ListDeployments.json'));
    expect(deployments).toHaveLength(17);
    const first = deployments[0];
    expect(first.releaseEnvironment.name).toBeTruthy();
    expect(first.startedOn).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const approval = first.preDeployApprovals[0];
    expect(approval).toMatchObject({ status: 'approved', isAutomated: false, approvalType: 'preDeploy', comments: 'Good to go!' });
    expect(approval.approvedBy?.displayName).toBe('Chuck Reinhart');
  });

  it('reads captured release deployments, approved by a person and automatically approved', () => {
    const approved = releaseDeploymentSchema.parse(sample('captured/Core__Rules.Tests__Assets__ReleaseDeployment__Completed__Approved.json').resource.deployment);
    expect(approved.preDeployApprovals.map((a) => [a.status, a.isAutomated, a.approvedBy?.displayName])).toEqual([['approved', false, 'Marc Duiker']]);
    const automated = releaseDeploymentSchema.parse(sample('captured/Core__Rules.Tests__Assets__ReleaseDeployment__Completed__NotApproved.json').resource.deployment);
    expect(automated.preDeployApprovals.map((a) => a.isAutomated)).toEqual([true]);
    expect(automated.deploymentStatus).toBe('failed');
  });

  it("reads the release's artifacts a deployment sometimes carries, empty or in another project", () => {
    const deployments = list(releaseDeploymentSchema).parse(exampleBody('release__deployments__GET__ListDeployments.json'));
    const byRelease = new Map(deployments.map((d) => [d.release.id, d.release.artifacts]));
    expect(byRelease.get(55)).toEqual([]);
    for (const id of [20, 15]) {
      expect(byRelease.get(id)).toMatchObject([{ type: 'Build', isPrimary: true, definitionReference: { version: { id: '2' } } }]);
    }
    const captured = releaseDeploymentSchema.parse(sample('captured/Core__Rules.Tests__Assets__ReleaseDeployment__Completed__Approved.json').resource.deployment);
    expect(captured.release.artifacts[0].definitionReference).toMatchObject({ version: { id: '119755' }, project: { name: 'TAS' } });
  });

  it('reads a deployment whose artifacts have an unexpected shape, as if it had none', () => {
    const body = exampleBody('release__deployments__GET__ListDeployments.json');
    body.value[1].release.artifacts[0].definitionReference = 'unexpected';
    expect(list(releaseDeploymentSchema).parse(body)[1].release.artifacts).toEqual([]);
  });

  it('reads the example releases list, whose releases leave out artifacts when not expanded', () => {
    const releases = list(listedReleaseSchema).parse(exampleBody('release__releases__GET__ListAllReleasesForAReleaseDefinition.json'));
    expect(releases.map((release) => release.id)).toEqual([18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 7, 6, 5, 4, 3, 2, 1]);
    expect(releases.every((release) => release.artifacts === undefined)).toBe(true);
    expect(listedReleaseSchema.parse(exampleBody('release__releases__GET__GetARelease.json')).artifacts?.length).toBeGreaterThan(0);
  });

  it("finds a release's primary build artifact", () => {
    const release = releaseSchema.parse(sample('captured/Infra__AzdoClient.Tests__Assets__Approved.json'));
    const build = release.artifacts.find((artifact) => artifact.type === 'Build');
    expect(build?.definitionReference.version?.id).toMatch(/^\d+$/);
    const example = releaseSchema.parse(exampleBody('release__releases__GET__GetARelease.json'));
    expect(example.id).toBeGreaterThan(0);
    // Its stages and when it last changed bound the search for its deployments (the release tab).
    expect(example.environments.map((environment) => [environment.name, environment.status])).toEqual([
      ['Dev', 'notStarted'],
      ['QA', 'notStarted'],
      ['PPE', 'notStarted'],
      ['PROD', 'notStarted'],
    ]);
    expect(example.modifiedOn).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const captured = releaseSchema.parse(sample('captured/Infra__AzdoClient.Tests__Assets__Approved.json'));
    expect(captured.environments.length).toBeGreaterThan(0);
    expect(captured.environments.every((environment) => environment.status !== '')).toBe(true);
  });

  it('reads YAML timelines with stages, checkpoints and approval records', () => {
    const timeline = timelineSchema.parse(sample('captured/Functions__AuditLogging.Tests__Assets__YamlBuildTimeline.json'));
    const types = new Set(timeline.records.map((record) => record.type));
    expect([...types]).toEqual(expect.arrayContaining(['Stage', 'Checkpoint', 'Checkpoint.Approval', 'Phase', 'Job', 'Task']));
    expect(timeline.records.find((record) => record.type === 'Checkpoint.Approval')).toMatchObject({ state: 'completed', result: 'succeeded' });
  });

  it('reads the Approvals API example (steps empty without $expand=steps)', () => {
    const approvals = list(approvalSchema).parse(exampleBody('approvalsAndChecks__approvals__GET__QueryApproval.json'));
    expect(approvals.map((a) => [a.status, a.steps.length])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    const single = approvalSchema.parse(exampleBody('approvalsAndChecks__approvals__GET__Approval.json'));
    expect(single.id).toBeTruthy();
  });

  it('reads the captured checks panel, enums as numbers', () => {
    const panel = checksPanelSchema.parse(sample('captured/Core__Approvals.Tests__Assets__GetStageApproversWithApprovers.json'));
    const stage = panel.dataProviders['ms.vss-build-web.checks-panel-data-provider']![0];
    const steps = stage.approvals![0].steps;
    expect(stage.approvals![0].status).toBe('approved');
    expect(steps.filter((step) => step.status === 'approved').map((step) => step.actualApprover?.displayName)).toEqual(['Peter Dol']);
    const empty = checksPanelSchema.parse(sample('captured/Core__Approvals.Tests__Assets__GetStageApproversEmpty.json'));
    expect(empty.dataProviders['ms.vss-build-web.checks-panel-data-provider'] ?? []).toHaveLength(0);
  });

  it('reads pull requests with reviewers and votes', () => {
    const pullRequest = pullRequestSchema.parse(exampleBody('git__pullRequests__GET__git_repositories__repositoryId__pullRequests__pullRequestId_.json'));
    expect(pullRequest.pullRequestId).toBeGreaterThan(0);
    expect(pullRequest.reviewers.length).toBeGreaterThan(0);
    expect(typeof pullRequest.reviewers[0].vote).toBe('number');
    const completed = list(pullRequestSchema).parse(exampleBody('git__pullRequests__GET__git_repositories__repositoryId__pullRequests_status-completed.json'));
    expect(completed.every((pr) => pr.status === 'completed')).toBe(true);
  });

  it('reads a build as the typed clients receive it: enums as numbers, /Date(ms)/ dates', () => {
    const build = buildSchema.parse({
      id: 7,
      buildNumber: '20261101.1',
      status: 2,
      result: 4,
      sourceBranch: 'refs/heads/main',
      sourceVersion: 'abc',
      startTime: '/Date(1700000000000)/',
    });
    expect(build).toMatchObject({ status: 'completed', result: 'partiallySucceeded', startTime: '2023-11-14T22:13:20.000Z' });
  });
});

describe('adoDate and adoEnum', () => {
  it('treats the .NET empty date as no date', () => {
    expect(adoDate.parse('0001-01-01T00:00:00')).toBeNull();
    expect(adoDate.parse(null)).toBeNull();
  });

  it('lower-cases the first letter of PascalCase enum names', () => {
    expect(adoEnum({}).parse('Succeeded')).toBe('succeeded');
    expect(adoEnum({ 4: 'approved' }).parse(4)).toBe('approved');
  });
});
