/**
 * YAML stage approvals: the Approvals API by id list (`$expand=steps`, or the steps come back empty), and the run
 * page's checks panel (HierarchyQuery) when that API is not available.
 */
import type { AdoClient } from '../ado/client';
import { approvalSchema, checksPanelSchema, list, type PipelineApproval } from '../ado/schemas';
import type { ApprovalEvidence, ApprovalResource } from '../model';
import { identity } from '../ado/identity';
import { AdoHttpError } from '../transport/errors';
import { Memo } from './memo';

const BATCH = 50;
const CHECKS_PANEL = 'ms.vss-build-web.checks-panel-data-provider';

type Step = PipelineApproval['steps'][number];
type PanelApproval = PipelineApproval & { resource?: ApprovalResource | null };

export interface StageRun {
  runId: number;
  projectId: string;
  stageRecordId: string;
  approvalIds: string[];
  url: string;
}

export class ApprovalSource {
  private readonly byId = new Memo<string, PipelineApproval | undefined>();
  private readonly panels = new Memo<string, PanelApproval[]>();

  constructor(private readonly client: AdoClient) {}

  /** Asks for many approvals at once, so that the stages of a batch of deployments share a few requests. */
  prefetch(ids: string[]): void {
    for (const pending of this.query(ids).values()) pending.catch(() => undefined);
  }

  /** The decisions on one stage attempt. Throws when neither the Approvals API nor the checks panel answered. */
  async forStage(run: StageRun): Promise<ApprovalEvidence[]> {
    return [...(await this.byApproval(run)).values()].flat();
  }

  /** The decisions on one stage attempt, per approval id (lower case). */
  async byApproval(run: StageRun): Promise<Map<string, ApprovalEvidence[]>> {
    if (run.approvalIds.length === 0) return new Map();
    let approvals: PipelineApproval[];
    try {
      const found = await Promise.all(this.query(run.approvalIds).values());
      approvals = found.filter((approval): approval is PipelineApproval => !!approval);
      assertComplete(approvals, run.approvalIds, 'the Approvals API');
    } catch (apiError) {
      try {
        approvals = await this.checksPanel(run.runId, run.projectId, run.stageRecordId);
        // The panel is trusted only when it accounts for every approval the timeline recorded.
        assertComplete(approvals, run.approvalIds, 'the checks panel');
      } catch {
        throw apiError;
      }
    }
    return new Map(approvals.map((approval) => [approval.id.toLowerCase(), toEvidence(approval, run.url)]));
  }

  /**
   * The resource whose check asked for each approval of the stage (by approval id, lower case), from the checks panel.
   * Throws when the panel cannot be read or does not name every approval's resource.
   */
  async resources(run: StageRun): Promise<Map<string, ApprovalResource>> {
    const approvals = await this.checksPanel(run.runId, run.projectId, run.stageRecordId);
    const found = new Map<string, ApprovalResource>();
    for (const approval of approvals) if (approval.resource) found.set(approval.id.toLowerCase(), approval.resource);
    const missing = run.approvalIds.filter((id) => !found.has(id.toLowerCase()));
    if (missing.length) throw new Error(`the checks panel does not say which resource asked for approval ${missing.join(', ')}`);
    return found;
  }

  private query(ids: string[]) {
    return this.byId.batch(
      ids,
      BATCH,
      async (chunk) => {
        const url = this.client.url('core', 'pipelines/approvals', '7.1', { approvalIds: chunk.join(','), $expand: 'steps' });
        const approvals = await this.client.get(url, list(approvalSchema));
        return new Map(approvals.map((approval) => [approval.id, approval]));
      },
      () => undefined,
      // One approval the token may not read, or that is gone, must not cost the others their batched answer.
      (error) => error instanceof AdoHttpError && [400, 403, 404].includes(error.status),
    );
  }

  private checksPanel(runId: number, projectId: string, stageRecordId: string): Promise<PanelApproval[]> {
    return this.panels.get(`${runId}/${stageRecordId}`, async () => {
      const project = projectId || this.client.project;
      const url = this.client.url('core', `Contribution/HierarchyQuery/project/${encodeURIComponent(project)}`, '7.1-preview', {}, false);
      const answer = await this.client.post(
        url,
        {
          contributionIds: [CHECKS_PANEL],
          dataProviderContext: {
            properties: {
              buildId: String(runId),
              stageIds: stageRecordId,
              checkListItemType: 1,
              sourcePage: {
                url: this.client.webUrl(`_build/results?buildId=${runId}&view=results`),
                routeId: 'ms.vss-build-web.ci-results-hub-route',
                routeValues: { project: this.client.project, viewname: 'build-results', controller: 'ContributedPage', action: 'Execute' },
              },
            },
          },
        },
        checksPanelSchema,
      );
      const stages = answer.dataProviders[CHECKS_PANEL];
      if (!stages) throw new Error('the checks panel returned no data');
      return stages
        .filter((stage) => !stage.stageId || stage.stageId === stageRecordId)
        .flatMap((stage) => stage.approvals ?? [])
        .map((approval) => ({ ...approval, lastModifiedOn: approval.createdDate }));
    });
  }
}

/**
 * Every approval the timeline recorded must have come back, and a decided one with the steps that decided it:
 * anything less would read as "nobody approved" when the truth is "could not be read".
 */
function assertComplete(approvals: PipelineApproval[], ids: string[], from: string): void {
  const byId = new Map(approvals.map((approval) => [approval.id.toLowerCase(), approval]));
  for (const id of ids) {
    const approval = byId.get(id.toLowerCase());
    if (!approval) throw new Error(`${from} did not return approval ${id} of the stage`);
    const decided = !['pending', 'uninitiated', 'undefined', ''].includes(approval.status);
    if (decided && !approval.steps.some((step) => !!step.actualApprover)) {
      throw new Error(`${from} returned approval ${id} (${approval.status}) without the steps that decided it`);
    }
  }
}

/** Steps somebody acted on; steps still waiting only while the approval itself is pending. */
function toEvidence(approval: PipelineApproval, url: string): ApprovalEvidence[] {
  const pending = approval.status === 'pending' || approval.status === 'uninitiated';
  return approval.steps
    .filter((step) => !!step.actualApprover || (pending && !!step.assignedApprover))
    .map((step: Step): ApprovalEvidence => {
      const acted = !!step.actualApprover;
      return {
        approver: identity(step.actualApprover ?? step.assignedApprover)!,
        assignedTo: identity(step.assignedApprover),
        status: (acted ? step.status : 'pending') as ApprovalEvidence['status'],
        decidedAt: acted ? step.lastModifiedOn : null,
        comment: step.comment,
        automated: false,
        url,
      };
    });
}
