/**
 * People: per approver, the deployments they approved and their segregation-of-duties conflicts (an approval of a
 * deployment they requested, or of one that shipped a pull request they wrote), found exactly as the
 * approval-independence control finds them, so the People view never disagrees with the checklist.
 *
 * Only approvals that count are attributed (decided `approved` by a person, not a classic automated approval).
 * A deployment whose approvals could not be read is attributed to nobody: it is counted in `unattributed`, with why,
 * never taken as "approved by no one".
 */
import { approvalConflicts, countedApprovals } from './controls/approval-independence';
import { unreadable } from './controls/control';
import { nameOf, sameIdentity } from './controls/identity';
import type { DeploymentEvidence, Identity } from './model';

export interface ApproverConflict {
  /** The deployment's key. */
  key: string;
  kind: 'requested' | 'authored';
  /** The pull request they wrote, for `authored`. */
  pullRequestId: number | null;
  reason: string;
}

export interface Approver {
  /** A stable key for the person: the lower-case id, or the unique name when the id is missing. */
  key: string;
  identity: Identity;
  /** The keys of the deployments they approved, in the order given. */
  deployments: string[];
  conflicts: ApproverConflict[];
  /** Deployments with at least one conflict of theirs. */
  conflictedDeployments: number;
}

export interface People {
  /** Most deployments approved first, then by name. */
  approvers: Approver[];
  /** Deployments whose approvals could not be read: nobody can be credited or blamed for them. */
  unattributed: { key: string; reason: string }[];
}

/** The key the People view and the hub's filter use for a person. */
export const personKey = (identity: Pick<Identity, 'id' | 'uniqueName'>): string => (identity.id || identity.uniqueName).trim().toLowerCase();

/** The approvers of the deployments, each once (by the controls' notion of the same identity). */
export function approversOf(deployments: readonly DeploymentEvidence[]): People {
  const approvers: Approver[] = [];
  const unattributed: People['unattributed'] = [];
  const find = (identity: Identity): Approver => {
    let approver = approvers.find((candidate) => sameIdentity(candidate.identity, identity));
    if (!approver) {
      approver = { key: personKey(identity), identity, deployments: [], conflicts: [], conflictedDeployments: 0 };
      approvers.push(approver);
    }
    return approver;
  };
  for (const deployment of deployments) {
    const error = unreadable(deployment, 'approvals');
    if (error) {
      unattributed.push({ key: deployment.key, reason: error.status === 403 ? 'access denied' : error.status === 404 ? 'removed or not found' : error.message });
      continue;
    }
    const conflicts = approvalConflicts(deployment);
    for (const approval of countedApprovals(deployment)) {
      const approver = find(approval.approver);
      // The same person approving twice (two checks) approved one deployment.
      if (approver.deployments[approver.deployments.length - 1] === deployment.key) continue;
      approver.deployments.push(deployment.key);
      const theirs = conflicts.filter((conflict) => sameIdentity(conflict.approval.approver, approver.identity));
      const seen = new Set<string>();
      for (const conflict of theirs) {
        if (seen.has(conflict.reason)) continue;
        seen.add(conflict.reason);
        approver.conflicts.push({ key: deployment.key, kind: conflict.kind, pullRequestId: conflict.pullRequestId, reason: conflict.reason });
      }
      if (seen.size) approver.conflictedDeployments++;
    }
  }
  approvers.sort((a, b) => b.deployments.length - a.deployments.length || nameOf(a.identity).localeCompare(nameOf(b.identity)));
  return { approvers, unattributed };
}

/** Whether this person approved the deployment (a counted approval). */
export const approvedBy = (deployment: Pick<DeploymentEvidence, 'approvals'>, person: Pick<Identity, 'id' | 'uniqueName'>): boolean =>
  countedApprovals(deployment).some((approval) => sameIdentity(approval.approver, { ...person, displayName: '' }));
