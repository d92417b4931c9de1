import type { ApprovalEvidence, Identity } from '../model';
import { type Control, unreadable } from './control';
import { distinctIdentities, isGroup, isNamed, nameOf, sameIdentity } from './identity';
import { cannotRead, linksOr, verdict } from './verdicts';

/** Why an approval given by a person does not count, or null when it counts. */
function notCountedBecause(approval: ApprovalEvidence, approvers: string[]): string | null {
  // "Who acted" must be a person. A group here means the source could not tell who acted: nobody can be counted.
  if (isGroup(approval.approver)) return 'recorded for a group, not a person';
  if (approvers.length === 0) return null;
  if (approvers.some((name) => isNamed(approval.approver, name))) return null;
  // Through a listed group: the person acted on an approval assigned to that group. Only a group lets someone else act;
  // an approval assigned to a listed person but given by another person does not count.
  const assignedTo = approval.assignedTo;
  if (assignedTo && isGroup(assignedTo) && approvers.some((name) => isNamed(assignedTo, name))) return null;
  return 'not a listed approver';
}

export const approvalCount: Control = {
  id: 'approval-count',
  title: 'Approved by enough people',
  description:
    'At least the number of approvals the policy requires were given on the production stage, each by a different ' +
    'person. A person approving for a group counts as that person; automated approvals never count. When the policy ' +
    'lists approvers, only approvals by a listed person or through a listed group count.',

  evaluate(evidence, policy) {
    const required = policy.requiredApprovals;
    if (required <= 0) return verdict('pass', 'no approval required by policy', linksOr(evidence));

    const error = unreadable(evidence, 'approvals');
    if (error) return verdict('unknown', cannotRead(error), linksOr(evidence));

    const counted: Identity[] = [];
    const notCounted: { approver: Identity; why: string }[] = [];
    let automated = 0;
    for (const approval of evidence.approvals) {
      if (approval.status !== 'approved') continue;
      if (approval.automated) {
        automated++;
        continue;
      }
      const why = notCountedBecause(approval, policy.approvers);
      if (why) notCounted.push({ approver: approval.approver, why });
      else counted.push(approval.approver);
    }

    const people = distinctIdentities(counted);
    const names = people.map(nameOf).join(', ');
    const of = `${people.length} of ${required} required approval${required === 1 ? '' : 's'}`;
    const link = linksOr(evidence, ...evidence.approvals.map((a) => a.url));
    if (people.length >= required) return verdict('pass', `${of}: ${names}`, link);

    // Say what was not counted, once per person and reason; a person counted through another approval is not repeated.
    const notes: string[] = [];
    for (const why of [...new Set(notCounted.map((n) => n.why))]) {
      const approvers = distinctIdentities(
        notCounted
          .filter((n) => n.why === why && !people.some((p) => sameIdentity(p, n.approver)))
          .map((n) => n.approver),
      ).map(nameOf);
      if (approvers.length === 1) notes.push(`an approval by ${approvers[0]} was not counted: ${why}`);
      if (approvers.length > 1) notes.push(`approvals by ${approvers.join(', ')} were not counted: ${why}`);
    }
    if (automated === 1) notes.push('an automated approval was not counted');
    if (automated > 1) notes.push(`${automated} automated approvals were not counted`);
    const reason = [people.length ? `${of} (${names})` : of, ...notes].join('; ');
    return verdict('fail', reason, link);
  },
};
