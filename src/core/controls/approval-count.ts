import type { ApprovalEvidence, Identity } from '../model';
import { type Control, unreadable } from './control';
import { distinctIdentities, isGroup, isNamed, nameOf, sameIdentity } from './identity';
import { cannotRead, linksOr, verdict } from './verdicts';

/** How Azure DevOps names the resources whose checks ask for approvals. */
export const RESOURCE_WORDS: Record<string, string> = {
  environment: 'environment',
  endpoint: 'service connection',
  queue: 'agent pool',
  agentpool: 'agent pool',
  repository: 'repository',
  variablegroup: 'variable group',
  securefile: 'secure file',
  securefiles: 'secure file',
};

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
    if (required <= 0) return verdict('notApplicable', 'the policy requires no approval', linksOr(evidence));

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
    // Approvals the stage waited for on a service connection, an agent pool … approve using that resource, not the deployment.
    for (const other of evidence.otherApprovals ?? []) {
      if (other.status !== 'approved' || people.some((p) => sameIdentity(p, other.approver))) continue;
      const on = other.resource ? ` on ${RESOURCE_WORDS[other.resource.type.toLowerCase()] ?? other.resource.type} ${other.resource.name}` : '';
      notes.push(`an approval by ${nameOf(other.approver)}${on} was not counted: not an approval of environment ${evidence.environment}`);
    }
    if (automated === 1) notes.push('an automated approval was not counted');
    if (automated > 1) notes.push(`${automated} automated approvals were not counted`);
    const reason = [people.length ? `${of} (${names})` : of, ...notes].join('; ');
    return verdict('fail', reason, link);
  },
};
