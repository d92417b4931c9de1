import type { ApprovalEvidence, DeploymentEvidence } from '../model';
import { type Control, unreadable } from './control';
import { distinctIdentities, isGroup, nameOf, sameIdentity } from './identity';
import { cannotRead, links, linksOr, pullRequestsUnknown, verdict } from './verdicts';

/** An approver who requested the deployment or wrote a pull request it deployed: a segregation-of-duties conflict. */
export interface ApprovalConflict {
  approval: ApprovalEvidence;
  kind: 'requested' | 'authored';
  /** The pull request they wrote, for `authored`. */
  pullRequestId: number | null;
  reason: string;
  /** The deployment's or the pull request's link. */
  url: string | null;
}

/** The people approvals that count: decided `approved` by a person, not a classic automated approval. */
export const countedApprovals = (evidence: Pick<DeploymentEvidence, 'approvals'>): ApprovalEvidence[] =>
  evidence.approvals.filter((a) => a.status === 'approved' && !a.automated);

/** Every conflict in what could be read, approval by approval (the People view counts them per approver). */
export function approvalConflicts(evidence: DeploymentEvidence): ApprovalConflict[] {
  const conflicts: ApprovalConflict[] = [];
  for (const approval of countedApprovals(evidence)) {
    const who = nameOf(approval.approver);
    if (sameIdentity(approval.approver, evidence.requestedBy)) {
      conflicts.push({ approval, kind: 'requested', pullRequestId: null, reason: `${who} approved their own deployment`, url: evidence.url });
    }
    for (const pr of evidence.pullRequests) {
      if (sameIdentity(approval.approver, pr.createdBy)) {
        conflicts.push({ approval, kind: 'authored', pullRequestId: pr.id, reason: `${who} approved a deployment of their own pull request !${pr.id}`, url: pr.url });
      }
    }
  }
  return conflicts;
}

export const approvalIndependence: Control = {
  id: 'approval-independence',
  title: 'Independent approval',
  description:
    'Nobody who approved the production stage requested the deployment or wrote a pull request it deployed.',

  evaluate(evidence) {
    const approvalsError = unreadable(evidence, 'approvals');
    if (approvalsError) return verdict('unknown', cannotRead(approvalsError), linksOr(evidence));

    const approving = countedApprovals(evidence);
    if (approving.length === 0) return verdict('notApplicable', 'nobody approved this deployment', linksOr(evidence));

    // A conflict found in what could be read is a fail, whatever else could not be read.
    const found = approvalConflicts(evidence);
    if (found.length) {
      const reasons = [...new Set(found.map((conflict) => conflict.reason))];
      return verdict('fail', reasons.join('; '), links(...found.flatMap((conflict) => [conflict.approval.url, conflict.url])));
    }

    const approvers = distinctIdentities(approving.map((a) => a.approver));
    const approvalLinks = linksOr(evidence, ...approving.map((a) => a.url));
    const recordedForGroup = approvers.find(isGroup);
    if (recordedForGroup) {
      return verdict('unknown', `the person who approved for ${nameOf(recordedForGroup)} is not known`, approvalLinks);
    }
    if (!evidence.requestedBy) return verdict('unknown', 'who requested the deployment is not known', approvalLinks);
    // An author among the approvers may be on a pull request that could not be read.
    const prsUnknown = pullRequestsUnknown(evidence);
    if (prsUnknown) return verdict('unknown', `no approver requested the deployment, but ${prsUnknown}`, approvalLinks);

    const names = approvers.map(nameOf).join(', ');
    const prs = evidence.pullRequests.map((pr) => `!${pr.id}`);
    const reason = prs.length
      ? `none of the approvers (${names}) requested the deployment or wrote pull request ${prs.join(', ')}`
      : `none of the approvers (${names}) requested the deployment; no pull request was deployed`;
    return verdict('pass', reason, approvalLinks);
  },
};
