/**
 * The control checklist: every control, in the order reports show them, and the evaluation of a deployment against
 * the controls the policy enables.
 */
import type { DeploymentEvidence, Verdict } from '../model';
import type { Policy } from '../policy';
import { approvalCount } from './approval-count';
import { approvalIndependence } from './approval-independence';
import { branchPolicy } from './branch-policy';
import { buildSucceeded } from './build-succeeded';
import { codeReview } from './code-review';
import type { Control } from './control';
import { CONTROL_IDS, type ControlId } from './ids';
import { sourceBranch } from './source-branch';
import { testsPassed } from './tests-passed';
import { workItemLinked } from './work-item-linked';

export type { Control } from './control';
export { CONTROL_IDS, type ControlId } from './ids';

const byId: Record<ControlId, Control> = {
  'approval-count': approvalCount,
  'approval-independence': approvalIndependence,
  'code-review': codeReview,
  'branch-policy': branchPolicy,
  'source-branch': sourceBranch,
  'build-succeeded': buildSucceeded,
  'tests-passed': testsPassed,
  'work-item-linked': workItemLinked,
};

/** Every control, in CONTROL_IDS order. */
export const CONTROLS: readonly Control[] = Object.freeze(CONTROL_IDS.map((id) => byId[id]));

/**
 * The verdicts of the controls the policy enables, keyed by control id in checklist order.
 * A control that throws (evidence of an unexpected shape) gives `unknown` with the error, so one control's problem
 * neither stops the audit nor hides the other verdicts.
 */
export function evaluateControls(evidence: DeploymentEvidence, policy: Policy): Partial<Record<ControlId, Verdict>> {
  const verdicts: Partial<Record<ControlId, Verdict>> = {};
  for (const control of CONTROLS) {
    if (!policy.controls[control.id]?.enabled) continue;
    try {
      verdicts[control.id] = control.evaluate(evidence, policy);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const reason = `the control could not be evaluated: ${message}`;
      verdicts[control.id] = { status: 'unknown', reason, evidence: evidence.url ? [evidence.url] : [] };
    }
  }
  return verdicts;
}
