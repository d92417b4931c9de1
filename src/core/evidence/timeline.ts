/**
 * A YAML run's timeline: which stage record is the production stage attempt, its approvals (Checkpoint.Approval
 * records, whose id is the approval id), and how the stages before it ended.
 */
import type { AdoClient } from '../ado/client';
import { timelineSchema, type Timeline, type TimelineRecord } from '../ado/schemas';
import { normaliseResult } from '../sources/candidate';
import { Memo } from './memo';

export interface StageFacts {
  /** The stage's record id in the timeline of that attempt (the checks panel's stage id). */
  stageRecordId: string;
  approvalIds: string[];
  /** Worst result of the completed stages that ran before this one; null when none ran. */
  priorStagesResult: string | null;
}

export class StageNotFoundError extends Error {
  override name = 'StageNotFoundError';
}

const WORST_FIRST = ['failed', 'abandoned', 'canceled', 'partiallySucceeded', 'succeeded'];

export class TimelineSource {
  private readonly timelines = new Memo<string, Timeline>();

  constructor(private readonly client: AdoClient) {}

  private timeline(runId: number, timelineId?: string): Promise<Timeline> {
    const path = timelineId ? `build/builds/${runId}/timeline/${timelineId}` : `build/builds/${runId}/timeline`;
    return this.timelines.get(`${runId}/${timelineId ?? ''}`, () => this.client.get(this.client.url('core', path, '7.1'), timelineSchema));
  }

  async stage(runId: number, stageName: string, attempt: number): Promise<StageFacts> {
    const latest = await this.timeline(runId);
    const stage = latest.records.find((record) => record.type === 'Stage' && sameName(record, stageName));
    if (!stage) throw new StageNotFoundError(`stage "${stageName}" is not in the timeline of run ${runId}`);

    let records = latest.records;
    let stageRecordId = stage.id;
    if ((stage.attempt ?? 1) !== attempt) {
      // An earlier attempt of a re-run stage lives in a timeline of its own.
      const previous = stage.previousAttempts?.find((candidate) => candidate.attempt === attempt);
      if (!previous?.timelineId) throw new StageNotFoundError(`attempt ${attempt} of stage "${stageName}" is not in the timeline of run ${runId}`);
      records = (await this.timeline(runId, previous.timelineId)).records;
      stageRecordId = previous.recordId ?? stageRecordId;
    }

    return {
      stageRecordId,
      approvalIds: approvalIdsOf(records, stageRecordId),
      priorStagesResult: priorStagesResult(latest.records, stage),
    };
  }
}

function sameName(record: TimelineRecord, stageName: string): boolean {
  const wanted = stageName.toLowerCase();
  return (record.identifier ?? record.name).toLowerCase() === wanted || record.name.toLowerCase() === wanted;
}

function approvalIdsOf(records: TimelineRecord[], stageRecordId: string): string[] {
  const checkpoints = new Set(
    records.filter((record) => record.type === 'Checkpoint' && record.parentId === stageRecordId).map((record) => record.id),
  );
  return records
    .filter((record) => record.type === 'Checkpoint.Approval' && !!record.parentId && checkpoints.has(record.parentId))
    .map((record) => record.id);
}

function priorStagesResult(records: TimelineRecord[], stage: TimelineRecord): string | null {
  const order = stage.order ?? Number.POSITIVE_INFINITY;
  const results = records
    .filter((record) => record.type === 'Stage' && record.id !== stage.id && (record.order ?? 0) < order)
    .filter((record) => record.state === 'completed' && record.result !== 'skipped')
    .map((record) => normaliseResult(record.result));
  if (results.length === 0) return null;
  return WORST_FIRST.find((result) => results.includes(result)) ?? results[0];
}
