/**
 * A YAML run's timeline: which stage record is the production stage attempt, its approvals (Checkpoint.Approval
 * records, whose id is the approval id), and how the stages before it ended. A timeline holds every task of the
 * run; only its stages and checkpoints are kept, so thousands of runs stay small in memory.
 */
import { z } from 'zod';
import type { AdoClient } from '../ado/client';
import { timelineRecordSchema, type TimelineRecord } from '../ado/schemas';
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

/** What the audit needs of one timeline: its stages, and the approval ids under each stage. */
interface RunStages {
  stages: TimelineRecord[];
  approvalsByStage: Map<string, string[]>;
}

const KEPT = new Set(['Stage', 'Checkpoint', 'Checkpoint.Approval']);
/** Tasks, jobs and phases are dropped before they are validated: they are most of a timeline and never read. */
const timelineStagesSchema = z
  .object({ records: z.array(z.object({ type: z.string().nullish() }).passthrough()).nullish() })
  .transform((timeline) => (timeline.records ?? []).filter((record) => KEPT.has(record.type ?? '')))
  .pipe(z.array(timelineRecordSchema))
  .transform(toRunStages);

const WORST_FIRST = ['failed', 'abandoned', 'canceled', 'partiallySucceeded', 'succeeded'];

export class TimelineSource {
  private readonly timelines = new Memo<string, RunStages>();

  constructor(private readonly client: AdoClient) {}

  private timeline(runId: number, timelineId?: string): Promise<RunStages> {
    const path = timelineId ? `build/builds/${runId}/timeline/${timelineId}` : `build/builds/${runId}/timeline`;
    return this.timelines.get(`${runId}/${timelineId ?? ''}`, () => this.client.get(this.client.url('core', path, '7.1'), timelineStagesSchema));
  }

  async stage(runId: number, stageName: string, attempt: number): Promise<StageFacts> {
    const latest = await this.timeline(runId);
    const stage = findStage(latest.stages, stageName);
    if (!stage) throw new StageNotFoundError(`stage "${stageName}" is not in the timeline of run ${runId}`);

    let run = latest;
    let stageRecordId = stage.id;
    if ((stage.attempt ?? 1) !== attempt) {
      // An earlier attempt of a re-run stage lives in a timeline of its own.
      const previous = stage.previousAttempts?.find((candidate) => candidate.attempt === attempt);
      if (!previous?.timelineId) throw new StageNotFoundError(`attempt ${attempt} of stage "${stageName}" is not in the timeline of run ${runId}`);
      run = await this.timeline(runId, previous.timelineId);
      stageRecordId = previous.recordId ?? stageRecordId;
    }

    return {
      stageRecordId,
      approvalIds: run.approvalsByStage.get(stageRecordId) ?? [],
      priorStagesResult: priorStagesResult(latest.stages, stage),
    };
  }
}

function toRunStages(records: TimelineRecord[]): RunStages {
  const stageOfCheckpoint = new Map(
    records.filter((record) => record.type === 'Checkpoint' && record.parentId).map((record) => [record.id, record.parentId!]),
  );
  const approvalsByStage = new Map<string, string[]>();
  for (const record of records) {
    const stageId = record.type === 'Checkpoint.Approval' && record.parentId ? stageOfCheckpoint.get(record.parentId) : undefined;
    if (stageId) approvalsByStage.set(stageId, [...(approvalsByStage.get(stageId) ?? []), record.id]);
  }
  return { stages: records.filter((record) => record.type === 'Stage'), approvalsByStage };
}

/**
 * The stage a deployment record names (by the stage's name, the timeline's `identifier`); only when no stage has that
 * name, the one displayed so: another stage may be displayed under this stage's name.
 */
function findStage(stages: TimelineRecord[], stageName: string): TimelineRecord | undefined {
  const wanted = stageName.toLowerCase();
  return (
    stages.find((record) => (record.identifier ?? '').toLowerCase() === wanted) ??
    stages.find((record) => !record.identifier && record.name.toLowerCase() === wanted) ??
    stages.find((record) => record.name.toLowerCase() === wanted)
  );
}

function priorStagesResult(stages: TimelineRecord[], stage: TimelineRecord): string | null {
  // Without an order nothing can be said to come before the stage.
  if (stage.order === null || stage.order === undefined) return null;
  const order = stage.order;
  const results = stages
    .filter((record) => record.id !== stage.id && (record.order ?? 0) < order)
    .filter((record) => record.state === 'completed' && record.result !== 'skipped')
    .map((record) => normaliseResult(record.result));
  if (results.length === 0) return null;
  return WORST_FIRST.find((result) => results.includes(result)) ?? results[0];
}
