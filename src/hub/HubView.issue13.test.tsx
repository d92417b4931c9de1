/**
 * The hub says what is true and gets to the answer (issue 13): unreadable approvals are never "none", unknown is
 * split by cause, the auditor's notice with a copyable access request, a loading state, counts after Cancel, plain
 * wording, the Overall column, and a detail panel that steps through the view and gives focus back to the row.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { approvalsForbidden, sampleDeployments } from '../../test/support/fake-audit-service';
import { auditOf, openHub } from '../../test/support/hub-view';

// jsdom has no layout: azure-devops-ui's List scrolls a row into view before focusing it.
beforeAll(() => {
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
});


const tableRows = () => screen.queryAllByRole('row').filter((row) => row.closest('.da-table') && !row.querySelector('[role="columnheader"]'));
const cellOf = (row: HTMLElement, column: string): string => {
  const headers = screen.getAllByRole('columnheader').filter((header) => header.closest('.da-table'));
  const index = headers.findIndex((header) => header.textContent === column);
  return row.querySelectorAll('td[role="gridcell"]')[index]?.textContent ?? '';
};
const panelTitle = () => screen.getByRole('dialog').querySelector('.bolt-panel-header, .bolt-header-title')?.textContent ?? screen.getByRole('dialog').textContent;

/** Four deployments whose approvals the auditor may not read, then eight readable ones. */
const auditorDeployments = () =>
  sampleDeployments(4)
    .map(approvalsForbidden)
    .concat(sampleDeployments(8, Date.parse('2026-11-01T00:00:00Z')).map((d) => ({ ...d, key: `${d.key}-b` })));

describe('HubView says what is true', () => {
  it('shows approvals that could not be read as such in the table and the detail panel, never as "None"', async () => {
    const deployments = auditorDeployments();
    await auditOf(deployments);
    const first = tableRows()[0];
    expect(cellOf(first, 'Approvers')).toBe('Could not be read (access denied)');
    // A readable deployment keeps its approvers.
    expect(cellOf(tableRows()[5], 'Approvers')).toMatch(/Dave Approver/);
    expect(screen.queryByText('None')).toBeNull();

    fireEvent.click(screen.getAllByText(deployments[0].runName)[0]);
    const panel = await screen.findByRole('dialog');
    const approvals = within(panel).getByRole('region', { name: 'Approvals' });
    expect(approvals.textContent).toContain('Approvals could not be read (access denied): whether anyone approved is not known.');
    expect(approvals.textContent).not.toContain('No approvals recorded');
  });

  it('splits unknown by cause in the summary, and writes the counts in plain words', async () => {
    const [a, b, c, ...rest] = sampleDeployments(12);
    await auditOf([
      approvalsForbidden(a),
      { ...b, builds: [], errors: [{ source: 'build', status: 404, message: 'Build 5001 not found' }] },
      { ...c, tests: null, errors: [{ source: 'tests', status: 503, message: 'Service unavailable' }] },
      ...rest,
    ]);
    const summary = screen.getByText('Summary').closest('.da-summary') as HTMLElement;
    const row = (id: string) => summary.querySelector(`tr[data-control="${id}"]`) as HTMLElement;
    expect(row('approval-count').querySelector('.da-summary-causes')!.textContent).toBe('1 no access');
    expect(row('source-branch').querySelector('.da-summary-causes')!.textContent).toBe('1 removed by retention');
    expect(row('tests-passed').querySelector('.da-summary-causes')!.textContent).toBe('1 removed by retention, 1 service error');
    expect(summary.querySelector('tr.da-summary-any .da-summary-causes')!.textContent).toBe('1 no access, 1 removed by retention, 1 service error');
    // Deployments 4 and 9 have a single approver; a's approvals are unreadable: 9 passed, 1 other, 2 failed.
    expect(row('approval-count').querySelector('.da-summary-words')!.textContent).toBe('9 passed, 1 other, 2 failed');
    expect(summary.textContent).toContain('3 with an unknown control (1 no access, 1 removed by retention, 1 service error)');
  });

  it('tells the auditor what is missing, who can grant it and the way round it, and copies an access request', async () => {
    const writes: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void writes.push(text) } });
    try {
      await auditOf(auditorDeployments());
      const notice = screen.getByText(/Your account cannot read approvals in Shop/).closest('.da-access-notice') as HTMLElement;
      expect(notice.textContent).toContain('the controls that need them are unknown for 4 deployments (not failed, not passed)');
      expect(notice.textContent).toContain('The project or environment administrators can grant that access.');
      expect(notice.textContent).toContain('ask someone who can read approvals to export the report');
      // The old one-line notice is not repeated beside it.
      expect(screen.queryByText(/You can read deployments but not approvals/)).toBeNull();
      fireEvent.click(within(notice).getByRole('button', { name: /Copy an access request/ }));
      await within(notice).findByText('Access request copied');
      expect(writes).toHaveLength(1);
      expect(writes[0]).toContain('My account (alice@contoso.com) cannot read approvals');
      expect(writes[0]).toContain('Shop (https://dev.azure.com/contoso)');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });

  it('shows the access request to copy by hand where the clipboard is refused', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async () => Promise.reject(new DOMException('Document is not focused', 'NotAllowedError')) },
    });
    try {
      await auditOf(auditorDeployments());
      fireEvent.click(screen.getByRole('button', { name: /Copy an access request/ }));
      const request = (await screen.findByLabelText('Access request')) as HTMLTextAreaElement;
      expect(request.value).toContain('cannot read approvals');
      expect(screen.getByText(/The clipboard is not available here/)).toBeTruthy();
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });

  it('shows a loading state while an audit runs with nothing collected: no grid of zeros, no "nothing matches"', async () => {
    const { service } = await openHub();
    await act(async () => service.progress({ phase: 'collecting', found: 40, collected: 0 }));
    expect(screen.getByText(/Collecting the production deployments and their evidence/)).toBeTruthy();
    expect(screen.queryByText('Summary')).toBeNull();
    expect(screen.queryByText(/No deployment matches/)).toBeNull();
    expect(screen.queryByText(/^0$/)).toBeNull();
    await act(async () => service.stream(sampleDeployments(2)));
    expect(await screen.findByText('Showing 2 of 2 deployments (more arriving)')).toBeTruthy();
    expect(screen.queryByText(/Collecting the production deployments and their evidence/)).toBeNull();
  });

  it('after Cancel, says how many of the deployments found were collected wherever the count shows', async () => {
    const { service } = await openHub();
    await act(async () => {
      service.progress({ phase: 'collecting', found: 3005, collected: 3 });
      service.stream(sampleDeployments(3));
    });
    await screen.findByText('Showing 3 of 3 deployments (more arriving)');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the audit' }));
    expect(await screen.findByText(/Cancelled\. 3 of 3,005 deployments collected: they are shown/)).toBeTruthy();
    expect(screen.getByText('Showing 3 · 3 of 3,005 deployments collected (cancelled)')).toBeTruthy();
    const summary = screen.getByText('Summary').closest('.da-summary') as HTMLElement;
    expect(summary.textContent).toContain('3 of 3,005 deployments collected ·');
  });
});

describe('HubView gets to the answer', () => {
  it('shows an Overall column first, with the worst status across the controls, and sorts by it', async () => {
    const deployments = sampleDeployments(12).concat(
      // A single approver and a feature branch: two failing controls.
      sampleDeployments(35, Date.parse('2026-11-30T10:00:00Z')).slice(34).map((d) => ({ ...d, startedAt: '2026-10-30T10:00:00.000Z' })),
    );
    deployments[2] = approvalsForbidden(deployments[2]);
    await auditOf(deployments);
    const headers = screen.getAllByRole('columnheader').filter((header) => header.closest('.da-table'));
    expect(headers[0].textContent).toBe('Overall');
    expect(cellOf(tableRows()[0], 'Overall')).toBe('passed');
    expect(cellOf(tableRows()[2], 'Overall')).toBe('2 unknown');
    expect(cellOf(tableRows()[4], 'Overall')).toBe('1 failing');

    fireEvent.click(headers[0].firstElementChild as HTMLElement);
    await waitFor(() => expect(cellOf(tableRows()[0], 'Overall')).toBe('2 failing'));
    expect(tableRows().slice(1, 4).map((row) => cellOf(row, 'Overall'))).toEqual(['1 failing', '1 failing', '1 failing']);
    expect(cellOf(tableRows()[4], 'Overall')).toBe('2 unknown');
  });

  it('steps the detail panel through the current view with buttons and keys, and Escape gives focus back to the row', async () => {
    const deployments = sampleDeployments(5);
    await auditOf(deployments);
    fireEvent.click(screen.getByText(deployments[1].runName));
    let panel = await screen.findByRole('dialog');
    expect(panel.textContent).toContain(`Production · ${deployments[1].runName}`);
    expect(within(panel).getByText('2 of 5')).toBeTruthy();
    expect(within(panel).getByText(/J or Alt\+Down for the next deployment, K or Alt\+Up for the previous one, Escape to close/)).toBeTruthy();

    fireEvent.click(within(panel).getByRole('button', { name: /Next deployment/ }));
    panel = screen.getByRole('dialog');
    expect(panel.textContent).toContain(deployments[2].runName);
    expect(within(panel).getByText('3 of 5')).toBeTruthy();

    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'j' });
    expect(screen.getByRole('dialog').textContent).toContain(`Production-EU · ${deployments[3].runName}`);
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'ArrowUp', altKey: true });
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'k' });
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'k' });
    panel = screen.getByRole('dialog');
    expect(within(panel).getByText('1 of 5')).toBeTruthy();
    // The first of the view: nothing before it.
    expect(within(panel).getByRole('button', { name: /Previous deployment/ }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'k' });
    expect(within(screen.getByRole('dialog')).getByText('1 of 5')).toBeTruthy();
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'ArrowDown', altKey: true });
    expect(within(screen.getByRole('dialog')).getByText('2 of 5')).toBeTruthy();

    // Escape closes the panel and focuses the row of the deployment shown last, even from a button (which keeps
    // Escape to itself in azure-devops-ui).
    const next = within(screen.getByRole('dialog')).getByRole('button', { name: /Next deployment/ });
    next.focus();
    fireEvent.keyDown(next, { key: 'Escape', keyCode: 27, which: 27 });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.getAttribute('data-row-index')).toBe('1'));
    expect(document.activeElement!.textContent).toContain(deployments[1].runName);
  });

  it('steps in the order of the current view: sorted and filtered', async () => {
    const deployments = sampleDeployments(12);
    await auditOf(deployments);
    // Only the two failing approval counts (deployments 4 and 9).
    fireEvent.click(screen.getByRole('button', { name: /Approved by enough people: 2 fail/ }));
    await screen.findByText('Showing 2 of 12 deployments');
    fireEvent.click(screen.getByText(deployments[4].runName));
    const panel = await screen.findByRole('dialog');
    expect(within(panel).getByText('1 of 2')).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'j' });
    expect(screen.getByRole('dialog').textContent).toContain(deployments[9].runName);
    expect(within(screen.getByRole('dialog')).getByRole('button', { name: /Next deployment/ }).getAttribute('aria-disabled')).toBe('true');
  });
});

describe('HubView by keyboard', () => {
  it('makes the summary one tab stop, with the arrow keys moving between the counts', async () => {
    await auditOf(sampleDeployments(12));
    const summary = screen.getByRole('table', { name: /Counts per control: one tab stop/ });
    const tabbable = () => Array.from(summary.querySelectorAll<HTMLElement>('.da-count')).filter((button) => button.tabIndex === 0);
    // Any control: 3 fail (two single approvers, one feature branch) is the first count there is.
    expect(tabbable()).toHaveLength(1);
    const first = tabbable()[0];
    expect(first.getAttribute('aria-label')).toMatch(/^Any control: 3 fail/);
    first.focus();
    // Down: Approved by enough people, the nearest column with a count (Pass or Fail).
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement!.getAttribute('aria-label')).toMatch(/^Approved by enough people: 2 fail/);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement!.getAttribute('aria-label')).toMatch(/^Approved by enough people: 10 pass/);
    expect(tabbable()).toEqual([document.activeElement]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement!.getAttribute('aria-label')).toMatch(/^Independent approval: \d+ pass/);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement!.getAttribute('aria-label')).toMatch(/^Work item linked:/);
    // Enter still filters (azure-devops-ui's Button).
    fireEvent.keyDown(first, { key: 'Enter', keyCode: 13, which: 13 });
    expect(await screen.findByText('Showing 3 of 12 deployments')).toBeTruthy();
  });

  it('offers a "Skip to deployments" link that focuses the first row', async () => {
    const deployments = sampleDeployments(3);
    await auditOf(deployments);
    const skip = screen.getByRole('link', { name: 'Skip to deployments' });
    fireEvent.click(skip);
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.getAttribute('data-row-index')).toBe('0'));
    expect(document.activeElement!.textContent).toContain(deployments[0].runName);
  });

  it('names every control of the summary, the panel and the notice', async () => {
    await auditOf(auditorDeployments());
    for (const button of screen.getAllByRole('button')) expect(button.getAttribute('aria-label') || button.textContent?.trim()).toBeTruthy();
    fireEvent.click(screen.getAllByText(auditorDeployments()[0].runName)[0]);
    const panel = await screen.findByRole('dialog');
    for (const button of within(panel).getAllByRole('button')) expect(button.getAttribute('aria-label') || button.textContent?.trim()).toBeTruthy();
  });
});
