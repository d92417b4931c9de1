import { exampleBody, sample } from '../../../test/support/samples';
import { scriptedClient } from '../../../test/support/client';
import { ApprovalSource } from './approvals';

const run = (approvalIds: string[]) => ({ runId: 395666, projectId: 'p-1', stageRecordId: 'stage-1', approvalIds, url: 'https://run' });

const person = (name: string) => ({ id: `id-${name}`, displayName: name, uniqueName: `${name}@contoso.com` });
const group = { id: 'id-group', displayName: '[Shop]\\Release Approvers', uniqueName: 'vstfs:///Classification/TeamProject/x\\Release Approvers', isContainer: true };

function approval(id: string, steps: object[]) {
  const template = exampleBody('approvalsAndChecks__approvals__GET__Approval.json');
  return { ...template, id, status: 'approved', steps };
}

describe('ApprovalSource', () => {
  it('asks the Approvals API for all approvals at once, with $expand=steps', async () => {
    const { client, calls } = await scriptedClient([
      [
        /pipelines\/approvals\?/,
        {
          body: {
            count: 2,
            value: [
              approval('a1', [{ assignedApprover: group, actualApprover: person('Alice'), status: 'approved', comment: 'ok', lastModifiedOn: '2026-11-02T10:00:00Z' }]),
              approval('a2', [{ assignedApprover: person('Bob'), actualApprover: person('Bob'), status: 'approved', lastModifiedOn: '2026-11-02T11:00:00Z' }]),
            ],
          },
        },
      ],
    ]);
    const approvals = new ApprovalSource(client);
    approvals.prefetch(['a1', 'a2']);
    const first = await approvals.forStage(run(['a1']));
    const second = await approvals.forStage(run(['a2']));
    expect(calls.filter((call) => call.url.includes('pipelines/approvals'))).toHaveLength(1);
    expect(calls[1].url).toContain('approvalIds=a1,a2');
    expect(calls[1].url).toContain('$expand=steps');
    expect(first).toEqual([
      { approver: person('Alice'), assignedTo: { id: group.id, displayName: group.displayName, uniqueName: group.uniqueName }, status: 'approved', decidedAt: '2026-11-02T10:00:00.000Z', comment: 'ok', automated: false, url: 'https://run' },
    ]);
    expect(second[0].approver.displayName).toBe('Bob');
  });

  it('falls back to the checks panel when the Approvals API is not available', async () => {
    const panel = sample('captured/Core__Approvals.Tests__Assets__GetStageApproversWithApprovers.json');
    const stage = panel.dataProviders['ms.vss-build-web.checks-panel-data-provider'][0];
    const stageId = stage.stageId;
    const approvalId = stage.approvals[0].id;
    const { client, calls } = await scriptedClient([
      [/pipelines\/approvals\?/, { status: 404, body: { message: 'not found', typeKey: 'RouteNotFound' } }],
      [/Contribution\/HierarchyQuery\/project\/p-1\?/, { body: panel }],
    ]);
    const approvals = await new ApprovalSource(client).forStage({ ...run([approvalId]), stageRecordId: stageId });
    const post = calls.find((call) => call.method === 'POST')!;
    expect(JSON.parse(post.body!)).toMatchObject({
      contributionIds: ['ms.vss-build-web.checks-panel-data-provider'],
      dataProviderContext: { properties: { buildId: '395666', stageIds: stageId } },
    });
    const approved = approvals.filter((a) => a.status === 'approved').map((a) => a.approver.displayName);
    expect(approved).toEqual(['Peter Dol']);
    // A step somebody touched but did not approve never counts as an approval.
    expect(approvals.find((a) => a.approver.displayName === 'Brouwer, R (Rik)')?.status).toBe('pending');
  });

  it('does not take an empty checks panel for "nobody approved": the approvals stay unreadable', async () => {
    const denied = { status: 403, body: { message: 'Access denied', typeKey: 'UnauthorizedRequestException' } };
    const { client } = await scriptedClient([
      [/pipelines\/approvals\?/, denied],
      [/HierarchyQuery/, { body: sample('captured/Core__Approvals.Tests__Assets__GetStageApproversEmpty.json') }],
    ]);
    await expect(new ApprovalSource(client).forStage(run(['a1', 'a2']))).rejects.toMatchObject({ status: 403 });
  });

  it('does not take a decided approval without its steps for "nobody approved"', async () => {
    const { client } = await scriptedClient([
      [/pipelines\/approvals\?/, { body: { count: 1, value: [approval('a1', [])] } }],
      [/HierarchyQuery/, { status: 500, body: { message: 'boom' } }],
    ]);
    await expect(new ApprovalSource(client).forStage(run(['a1']))).rejects.toThrow('without the steps that decided it');
  });

  it('reports the Approvals API error when the fallback fails too (a reader gets 403 on both)', async () => {
    const denied = { status: 403, body: { message: 'Access denied', typeKey: 'UnauthorizedRequestException' } };
    const { client } = await scriptedClient([
      [/pipelines\/approvals\?/, denied],
      [/HierarchyQuery/, denied],
    ]);
    await expect(new ApprovalSource(client).forStage(run(['a1']))).rejects.toMatchObject({ status: 403 });
  });

  it('asks nothing for a stage without approvals', async () => {
    const { client, calls } = await scriptedClient([]);
    expect(await new ApprovalSource(client).forStage(run([]))).toEqual([]);
    expect(calls).toHaveLength(1); // the resource-area lookup only
  });

  it('splits a batch refused for one approval until that one is isolated: the others keep a batched answer', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `a${i}`);
    const { client, calls } = await scriptedClient([
      [
        /pipelines\/approvals\?/,
        (url: string) => {
          const asked = new URL(url).searchParams.get('approvalIds')!.split(',');
          if (asked.includes('a5')) return { status: 403, body: { message: 'Access denied', typeKey: 'AccessDeniedException' } };
          const step = { assignedApprover: person('Bob'), actualApprover: person('Bob'), status: 'approved', lastModifiedOn: '2026-11-02T11:00:00Z' };
          return { body: { count: asked.length, value: asked.map((id) => approval(id, [step])) } };
        },
      ],
    ]);
    const approvals = new ApprovalSource(client);
    approvals.prefetch(ids);
    const results = await Promise.allSettled(ids.map((id) => approvals.forStage(run([id]))));
    expect(results.map((result) => result.status)).toEqual(ids.map((id) => (id === 'a5' ? 'rejected' : 'fulfilled')));
    // Halves of the refused batch only, down to the refused approval: not one request per approval.
    const asked = calls.filter((call) => call.url.includes('pipelines/approvals')).map((call) => new URL(call.url).searchParams.get('approvalIds'));
    expect(asked.sort()).toEqual(['a0,a1,a2,a3', 'a0,a1,a2,a3,a4,a5,a6,a7', 'a4', 'a4,a5', 'a4,a5,a6,a7', 'a5', 'a6,a7']);
  });
});
