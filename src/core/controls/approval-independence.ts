import type { ApprovalEvidence } from '../model';
import { type Control, unreadable } from './control';
import { distinctIdentities, isGroup, nameOf, sameIdentity } from './identity';
import { cannotRead, links, linksOr, pullRequestsUnknown, verdict } from './verdicts';

export const approvalIndependence: Control = {
  id: 'approval-independence',
  title: 'Independent approval',
  description:
    'Nobody who approved the production stage requested the deployment or wrote a pull request it deployed.',

  evaluate(evidence) {
    const approvalsError = unreadable(evidence, 'approvals');
    if (approvalsError) return verdict('unknown', cannotRead(approvalsError), linksOr(evidence));

    const approving = evidence.approvals.filter((a) => a.status === 'approved' && !a.automated);
    if (approving.length === 0) return verdict('notApplicable', 'nobody approved this deployment', linksOr(evidence));

    // A conflict found in what could be read is a fail, whatever else could not be read.
    const conflicts: string[] = [];
    const conflictLinks: (string | null)[] = [];
    const conflict = (approval: ApprovalEvidence, reason: string, url: string | null) => {
      if (!conflicts.includes(reason)) conflicts.push(reason);
      conflictLinks.push(approval.url, url);
    };
    for (const approval of approving) {
      const who = nameOf(approval.approver);
      if (sameIdentity(approval.approver, evidence.requestedBy)) {
        conflict(approval, `${who} approved their own deployment`, evidence.url);
      }
      for (const pr of evidence.pullRequests) {
        if (sameIdentity(approval.approver, pr.createdBy)) {
          conflict(approval, `${who} approved a deployment of their own pull request !${pr.id}`, pr.url);
        }
      }
    }
    if (conflicts.length) return verdict('fail', conflicts.join('; '), links(...conflictLinks));

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
