import { sample } from '../../../test/support/samples';
import { scriptedClient } from '../../../test/support/client';
import { StageNotFoundError, TimelineSource } from './timeline';

const YAML_TIMELINE = 'captured/Functions__AuditLogging.Tests__Assets__YamlBuildTimeline.json';

describe('TimelineSource on a captured YAML timeline', () => {
  it('finds the approval records under the production stage and judges the stages before it', async () => {
    const { client, calls } = await scriptedClient([[/\/build\/builds\/395666\/timeline\?/, { body: sample(YAML_TIMELINE) }]]);
    const timelines = new TimelineSource(client);
    const stage = await timelines.stage(395666, 'Resources2', 1);
    expect(stage).toEqual({
      stageRecordId: 'a608b4c4-e9f5-53ec-7f73-a56ecda00300',
      approvalIds: ['f523708d-8bbb-4157-9d6a-e3e2dcc5df2e'],
      priorStagesResult: 'succeeded',
    });
    // One timeline per run, however many stages are asked about.
    await timelines.stage(395666, 'Resources', 1);
    expect(calls.filter((call) => call.url.includes('/timeline'))).toHaveLength(1);
  });

  it('matches the stage name case-insensitively and has no prior stages for the first stage', async () => {
    const { client } = await scriptedClient([[/\/timeline\?/, { body: sample(YAML_TIMELINE) }]]);
    const stage = await new TimelineSource(client).stage(395666, 'resources', 1);
    expect(stage.priorStagesResult).toBeNull();
    expect(stage.approvalIds).toEqual([]);
  });

  it('says so when the stage is not in the run', async () => {
    const { client } = await scriptedClient([[/\/timeline\?/, { body: sample(YAML_TIMELINE) }]]);
    await expect(new TimelineSource(client).stage(395666, 'Production', 1)).rejects.toBeInstanceOf(StageNotFoundError);
  });

  it('reads an earlier attempt of a re-run stage from its own timeline', async () => {
    const timeline = sample(YAML_TIMELINE);
    const stage = timeline.records.find((r: any) => r.identifier === 'Resources2');
    stage.attempt = 2;
    stage.previousAttempts = [{ attempt: 1, timelineId: 'attempt-1-timeline', recordId: 'old-stage' }];
    const earlier = {
      id: 'attempt-1-timeline',
      records: [
        { id: 'old-stage', type: 'Stage', name: 'Resources2', identifier: 'Resources2', state: 'completed', result: 'failed', attempt: 1 },
        { id: 'old-checkpoint', parentId: 'old-stage', type: 'Checkpoint', name: 'Checkpoint', state: 'completed', result: 'succeeded' },
        { id: 'old-approval', parentId: 'old-checkpoint', type: 'Checkpoint.Approval', name: 'Checkpoint.Approval', state: 'completed', result: 'succeeded' },
      ],
    };
    const { client } = await scriptedClient([
      [/\/timeline\/attempt-1-timeline\?/, { body: earlier }],
      [/\/timeline\?/, { body: timeline }],
    ]);
    const attempt1 = await new TimelineSource(client).stage(395666, 'Resources2', 1);
    expect(attempt1).toMatchObject({ stageRecordId: 'old-stage', approvalIds: ['old-approval'] });
  });

  it('counts a partially succeeded or failed earlier stage against the build', async () => {
    const timeline = sample(YAML_TIMELINE);
    timeline.records.find((r: any) => r.identifier === 'Resources').result = 'succeededWithIssues';
    const { client } = await scriptedClient([[/\/timeline\?/, { body: timeline }]]);
    expect((await new TimelineSource(client).stage(395666, 'Resources2', 1)).priorStagesResult).toBe('partiallySucceeded');
  });
});
