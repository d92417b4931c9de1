/**
 * The controls as reports name them: titles and descriptions from the control catalogue, which controls the
 * report's policy enabled, and how many deployments got each status.
 */
import { CONTROLS } from '../controls';
import { CONTROL_IDS, type ControlId } from '../controls/ids';
import type { ControlStatus } from '../model';
import type { Policy } from '../policy';
import type { AuditReport, StatusCounts } from '../report';

export interface ControlInfo {
  id: ControlId;
  title: string;
  description: string;
}

/** Title and description of a control; a control missing from the catalogue is named by its id. */
export function describeControl(id: ControlId): ControlInfo {
  const control = CONTROLS.find((candidate) => candidate.id === id);
  return { id, title: control?.title || id, description: control?.description ?? '' };
}

/** As the engine decides (controls/index.ts): a control is evaluated only when the policy enables it. */
const isEnabled = (policy: Policy, id: ControlId): boolean => policy.controls?.[id]?.enabled === true;

const NO_COUNTS: StatusCounts = { pass: 0, fail: 0, unknown: 0, notApplicable: 0 };

/** The controls the report's policy enables, in checklist order: the report's control columns. */
export const enabledControls = (policy: Policy): ControlInfo[] =>
  CONTROL_IDS.filter((id) => isEnabled(policy, id)).map(describeControl);

export const disabledControls = (policy: Policy): ControlInfo[] =>
  CONTROL_IDS.filter((id) => !isEnabled(policy, id)).map(describeControl);

/**
 * How many deployments got each status for a control: the report's summary, which is authoritative;
 * counted from the deployments only when the summary lacks the control.
 */
export function statusCounts(report: AuditReport, id: ControlId): StatusCounts {
  const summarised = report.summary?.controls?.[id];
  if (summarised) return { ...NO_COUNTS, ...summarised };
  const counts: StatusCounts = { ...NO_COUNTS };
  for (const deployment of report.deployments) {
    const status: ControlStatus | undefined = deployment.controls[id]?.status;
    if (status && status in counts) counts[status] += 1;
  }
  return counts;
}
