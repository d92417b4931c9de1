import { type Control, unreadable } from './control';
import { buildsLabel, cannotRead, linksOr, pullRequestsUnknown, verdict, workItemUrl } from './verdicts';

export const workItemLinked: Control = {
  id: 'work-item-linked',
  title: 'Work item linked',
  description: 'At least one work item is linked to the deployed build or to a pull request it deployed.',

  evaluate(evidence) {
    const builds = evidence.builds;
    const prs = evidence.pullRequests;
    const sourceLinks = [...builds.map((b) => b.url), ...prs.map((pr) => pr.url)];

    // One linked work item is enough, whatever else could not be read.
    const ids = [...new Set(evidence.workItems)];
    if (ids.length) {
      const reason = `work item${ids.length === 1 ? '' : 's'} ${ids.map((id) => `#${id}`).join(', ')} linked`;
      return verdict('pass', reason, linksOr(evidence, ...ids.map((id) => workItemUrl(evidence, id)), ...sourceLinks));
    }

    // None found, but links could be on what could not be read.
    const workItemsError = unreadable(evidence, 'workItems');
    const why = workItemsError ? cannotRead(workItemsError) : pullRequestsUnknown(evidence);
    if (why) return verdict('unknown', `no linked work item was found, but ${why}`, linksOr(evidence, ...sourceLinks));

    const linkedTo = [
      ...(builds.length ? [buildsLabel(builds)] : []),
      ...prs.map((pr) => `pull request !${pr.id}`),
    ];
    const reason = linkedTo.length
      ? `no work item is linked to ${linkedTo.join(' or ')}`
      : 'no work item is linked: the deployment has no build or pull request';
    return verdict('fail', reason, linksOr(evidence, ...sourceLinks));
  },
};
