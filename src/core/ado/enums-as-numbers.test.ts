/**
 * Answers as the service writes them for the typed clients' Accept options (enums as numbers, "\/Date(ms)\/" dates,
 * bare arrays), read through the real path: transport, client and schemas. The numbers are those of
 * azure-devops-extension-api (Release.ApprovalStatus, Release.DeploymentOperationStatus, Pipelines approvals).
 */
import { fakeFetch } from '../../../test/support/fake-fetch';
import { patAuth } from '../transport/auth';
import { AdoHttp } from '../transport/http';
import { AdoClient } from './client';
import { approvalSchema, list, releaseDeploymentSchema } from './schemas';

const ORG = 'https://dev.azure.com/contoso';
const alice = { id: 'a1', displayName: 'Alice Director', uniqueName: 'alice@contoso.com' };

/** JSON as the service writes it with msDateFormat: the slashes of /Date(ms)/ escaped. */
const serviceJson = (value: unknown) => JSON.stringify(value).replace(/"\/Date\((-?\d+)\)\/"/g, '"\\/Date($1)\\/"');

async function typedClient(path: RegExp, answer: unknown) {
  const fake = fakeFetch([
    [/_apis\/resourceAreas/, { body: [] }],
    [path, { text: serviceJson(answer), headers: { 'Content-Type': 'application/json; charset=utf-8' } }],
  ]);
  const http = new AdoHttp({ auth: patAuth('pat'), fetch: fake.fetch, sleep: async () => undefined, acceptOptions: 'typed' });
  return { client: await AdoClient.connect(http, ORG, 'Shop'), calls: fake.calls };
}

const approval = (id: number, status: number) => ({
  id,
  approver: alice,
  approvedBy: status === 2 ? alice : null,
  status,
  isAutomated: false,
  comments: null,
  modifiedOn: '/Date(1793865600000)/',
  approvalType: 1,
  attempt: 1,
});

describe('classic release deployments with enumsAsNumbers and msDateFormat', () => {
  it('reads every approval status, the deployment and operation status, and the dates', async () => {
    const deployment = {
      id: 64,
      release: { id: 32, name: 'Release-32', artifacts: [] },
      releaseDefinition: { id: 7, name: 'shop-api' },
      releaseEnvironment: { id: 64, name: 'Prod' },
      attempt: 1,
      deploymentStatus: 4,
      operationStatus: 1024,
      requestedBy: alice,
      queuedOn: '/Date(1793865600000)/',
      startedOn: '/Date(1793869200000)/',
      completedOn: '/Date(-62135596800000)/',
      preDeployApprovals: [approval(1, 0), approval(2, 1), approval(3, 2), approval(4, 4), approval(5, 6), approval(6, 7), approval(7, 8)],
    };
    const { client, calls } = await typedClient(/release\/deployments/, [deployment]);
    const [read] = await client.get(client.url('release', 'release/deployments', '7.1'), list(releaseDeploymentSchema));
    expect(calls.at(-1)!.headers.Accept).toContain('enumsAsNumbers=true');
    expect(read.preDeployApprovals.map((a) => a.status)).toEqual(['undefined', 'pending', 'approved', 'rejected', 'reassigned', 'canceled', 'skipped']);
    expect(read.preDeployApprovals.map((a) => a.approvalType)).toEqual(Array(7).fill('preDeploy'));
    expect(read.deploymentStatus).toBe('succeeded');
    expect(read.operationStatus).toBe('phaseFailed');
    expect(read.queuedOn).toBe('2026-11-05T08:00:00.000Z');
    expect(read.startedOn).toBe('2026-11-05T09:00:00.000Z');
    expect(read.completedOn).toBeNull(); // 0001-01-01: no date
    expect(read.preDeployApprovals[2].modifiedOn).toBe('2026-11-05T08:00:00.000Z');
  });

  it.each([
    [0, 'undefined'],
    [1, 'notDeployed'],
    [2, 'inProgress'],
    [4, 'succeeded'],
    [8, 'partiallySucceeded'],
    [16, 'failed'],
  ])('reads deployment status %i as %s', async (number, name) => {
    const { client } = await typedClient(/release\/deployments/, [
      { id: 1, release: { id: 1 }, releaseDefinition: { id: 1 }, releaseEnvironment: { id: 1, name: 'Prod' }, deploymentStatus: number, operationStatus: 0 },
    ]);
    const [read] = await client.get(client.url('release', 'release/deployments', '7.1'), list(releaseDeploymentSchema));
    expect(read.deploymentStatus).toBe(name);
  });
});

describe('pipeline approvals with enumsAsNumbers', () => {
  it('reads every approval status of the approval and its steps', async () => {
    const statuses = [[1, 'uninitiated'], [2, 'pending'], [4, 'approved'], [8, 'rejected'], [16, 'skipped'], [32, 'canceled'], [64, 'timedOut'], [128, 'failed'], [253, 'completed']] as const;
    const answer = statuses.map(([number], i) => ({
      id: `approval-${i}`,
      status: number,
      steps: [{ assignedApprover: alice, actualApprover: alice, status: number, comment: 'ok', lastModifiedOn: '/Date(1793865600000)/' }],
      lastModifiedOn: '/Date(1793865600000)/',
    }));
    const { client } = await typedClient(/pipelines\/approvals/, answer);
    const read = await client.get(client.url('core', 'pipelines/approvals', '7.1'), list(approvalSchema));
    expect(read.map((a) => a.status)).toEqual(statuses.map(([, name]) => name));
    expect(read.map((a) => a.steps[0].status)).toEqual(statuses.map(([, name]) => name));
    expect(read[0].steps[0].lastModifiedOn).toBe('2026-11-05T08:00:00.000Z');
  });
});
