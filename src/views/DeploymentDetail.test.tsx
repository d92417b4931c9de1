import * as React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { COMMITS, classicChangeSetEvidence, HOSTILE_COMMIT_MESSAGE, people } from '../../test/fixtures/sample-report';
import type { DeploymentEvidence } from '../core/model';
import { DeploymentDetail } from './DeploymentDetail';

function show(deployment: DeploymentEvidence) {
  const opened: string[] = [];
  const view = render(<DeploymentDetail deployment={deployment} verdicts={{}} onOpenLink={(url) => opened.push(url)} />);
  return { opened, view };
}

const section = (name: string): HTMLElement => screen.getByRole('region', { name });
const textOf = (element: HTMLElement): string => (element.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('DeploymentDetail: the change set', () => {
  it('says per deployed build what it shipped since the previous production deployment', () => {
    show(classicChangeSetEvidence());
    const changeSet = section('Change set');
    const summaries = Array.from(changeSet.querySelectorAll('.da-change-set-summary')).map((element) => textOf(element as HTMLElement));
    expect(summaries).toEqual([
      'Build 20240519.1 (fiber-api): 2 commits since Release-305 (previous production deployment on 2024-05-13 10:20 UTC)',
      'Build 20240519.2 (fiber-api-hotfix): the deployed commit alone: the previous production deployment (Release-305) did not deploy fiber-api-hotfix',
    ]);
  });

  it('lists each commit with its link, and the pull request that brought it or why none did', () => {
    const { opened } = show(classicChangeSetEvidence());
    const changeSet = section('Change set');
    // The commit's line, then its author and date below it.
    const commits = Array.from(changeSet.querySelectorAll('.da-commit')).map((element) =>
      Array.from(element.childNodes).map((node) => (node.nodeName === 'DIV' ? `|${node.textContent}` : node.textContent)).join('').replace(/\s+/g, ' '),
    );
    expect(commits).toEqual([
      '0d9c8b7a Merged PR 31: Fix login timeout, again · through !31|+Deploy Bot, 2024-05-19 08:00 UTC',
      "c0ffee00 =cmd|' /C calc'!A0 · not covered: pushed directly|+Deploy Bot, 2024-05-18 23:59 UTC",
      '9f8e7d6c Hotfix: login · not covered: merged through !35 into main|Marc Duiker, 2024-05-19 07:30 UTC',
    ]);
    fireEvent.click(within(changeSet).getByText('c0ffee00'));
    fireEvent.click(within(changeSet).getByText('!31'));
    expect(opened).toEqual([
      `https://dev.azure.com/fabrikam/Fabrikam-Fiber/_git/fiber-api/commit/${COMMITS.apiDirect}`,
      'https://dev.azure.com/fabrikam/Fabrikam-Fiber/_git/fiber-api/pullrequest/31',
    ]);
  });

  it('says when no production deployment came before, and when a redeploy shipped nothing new', () => {
    const first = classicChangeSetEvidence();
    first.previousDeployment = null;
    first.changeSets = [{ buildId: 1188, basis: 'deployedCommitOnly', since: null, commits: [COMMITS.apiReviewed] }];
    first.changes = first.changes!.filter((change) => change.commit === COMMITS.apiReviewed);
    const { view } = show(first);
    expect(textOf(section('Change set'))).toContain(
      'Build 20240519.1 (fiber-api): the deployed commit alone: no previous production deployment within 365 days',
    );
    // The hotfix build's change set was not read: said so, not shown as empty.
    expect(textOf(section('Change set'))).toContain('Build 20240519.2 (fiber-api-hotfix): change set not read');
    view.unmount();

    const redeploy = classicChangeSetEvidence();
    redeploy.changeSets = [{ buildId: 1188, basis: 'nothingNew', since: { buildId: 1188, number: '20240519.1', commit: COMMITS.apiReviewed }, commits: [] }];
    redeploy.changes = [];
    show(redeploy);
    expect(textOf(section('Change set'))).toContain('Build 20240519.1 (fiber-api): nothing new since Release-305');
  });

  it('shows hostile commit text as text and never links a javascript: address', () => {
    const hostile = classicChangeSetEvidence();
    hostile.changes![0].message = HOSTILE_COMMIT_MESSAGE;
    hostile.changes![0].url = 'javascript:alert(1)';
    const { view } = show(hostile);
    expect(view.container.querySelector('img')).toBeNull();
    expect(textOf(section('Change set'))).toContain(HOSTILE_COMMIT_MESSAGE);
    const short = within(section('Change set')).getByText('0d9c8b7a');
    expect(short.closest('a')).toBeNull();
  });

  it('says the change set is not known for evidence kept by an engine that did not read it', () => {
    const kept = classicChangeSetEvidence();
    delete kept.changes;
    delete kept.changeSets;
    delete kept.previousDeployment;
    delete kept.otherApprovals;
    show(kept);
    expect(within(section('Change set')).getByText('Not known: the evidence was kept by an earlier version that did not read change sets.')).toBeTruthy();
    expect(section('Change set').querySelector('.da-commit')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Other approvals, not counted' })).toBeNull();
  });
});

describe('DeploymentDetail: a change set that could not be read', () => {
  it('says it is not known when none of it could be read, and incomplete when part of it could not', () => {
    const unread = classicChangeSetEvidence();
    delete unread.changes;
    unread.errors = [{ source: 'changes', status: 500, message: 'Commits could not be read' }];
    const { view } = show(unread);
    expect(within(section('Change set')).getByText('Not known: the change set could not be read (see the evidence that could not be read).')).toBeTruthy();
    view.unmount();

    const partial = classicChangeSetEvidence();
    partial.errors = [{ source: 'changes', status: 404, message: 'Build 1170 is gone' }];
    show(partial);
    expect(within(section('Change set')).getByText('Incomplete: part of the change set could not be read (see the evidence that could not be read).')).toBeTruthy();
    expect(section('Change set').querySelectorAll('.da-commit')).toHaveLength(3);
  });
});

describe('DeploymentDetail: other approvals', () => {
  it('shows the approvals on other resources apart from the counted ones', () => {
    const deployment = classicChangeSetEvidence();
    deployment.otherApprovals = [
      {
        approver: people.marc,
        assignedTo: people.marc,
        status: 'approved',
        decidedAt: '2024-05-20T16:00:30.000Z',
        comment: 'ARM connection OK',
        automated: false,
        url: null,
        resource: { type: 'endpoint', id: 'e1', name: 'fabrikam-prod-arm' },
      },
    ];
    show(deployment);
    const [item] = within(section('Other approvals, not counted')).getAllByRole('listitem');
    expect(textOf(item)).toBe('Marc Duiker on service connection fabrikam-prod-arm — approved · 2024-05-20 16:00 UTCARM connection OK');
    expect(within(item).getByText('ARM connection OK').tagName).toBe('Q');
    expect(textOf(section('Approvals'))).not.toContain('Marc Duiker');
  });

  it('shows no such section when there are none', () => {
    show(classicChangeSetEvidence());
    expect(screen.queryByRole('region', { name: 'Other approvals, not counted' })).toBeNull();
  });
});

describe('DeploymentDetail: approvals that could not be read', () => {
  it('says they could not be read, and why, never "No approvals recorded"', () => {
    show({ ...classicChangeSetEvidence(), approvals: [], errors: [{ source: 'approvals', status: 403, message: 'Access denied' }] });
    expect(textOf(section('Approvals'))).toBe('ApprovalsApprovals could not be read (access denied): whether anyone approved is not known.');
  });

  it('says removed by retention for a 404, and still "No approvals recorded" when they were read and there were none', () => {
    const { view } = show({ ...classicChangeSetEvidence(), approvals: [], errors: [{ source: 'approvals', status: 404, message: 'Release 398 not found' }] });
    expect(textOf(section('Approvals'))).toContain('Approvals could not be read (removed by retention)');
    view.unmount();
    show({ ...classicChangeSetEvidence(), approvals: [], errors: [] });
    expect(textOf(section('Approvals'))).toContain('No approvals recorded.');
  });
});
