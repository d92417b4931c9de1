/**
 * The hub's Trends and People views and the "Approved by me" view (issue 13), over the fake service: the tab bar,
 * the trend chart's weeks and accessible name, a person chosen in People filtering the deployments table, and the
 * signed-in user's one-click view.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { toDeploymentReport } from '../core/engine/report';
import { computeTrends } from '../core/trends';
import { presetWindow } from './windows';
import { approvalsForbidden, dave, sampleDeployments } from '../../test/support/fake-audit-service';
import { auditOf, NOW } from '../../test/support/hub-view';
import { describeFilters } from './export';
import { incompleteText } from './HubViews';

beforeAll(() => {
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
});

const tableRows = () => screen.queryAllByRole('row').filter((row) => row.closest('.da-table') && !row.querySelector('[role="columnheader"]'));
const caption = () => document.querySelector('.da-table-caption')?.textContent;
const tab = (name: string) => screen.getByRole('tab', { name });

describe('HubViews', () => {
  it('switches between Deployments, Trends and People, the deployments table first', async () => {
    await auditOf(sampleDeployments(12));
    expect(screen.getAllByRole('tab').map((element) => element.textContent)).toEqual(['Deployments', 'Trends', 'People']);
    expect(tab('Deployments').getAttribute('aria-selected')).toBe('true');
    expect(tableRows()).toHaveLength(12);
    fireEvent.click(tab('Trends'));
    expect(document.querySelector('.da-table')).toBeNull();
    expect(screen.getByRole('img')).toBeTruthy();
    fireEvent.click(tab('Deployments'));
    expect(tableRows()).toHaveLength(12);
  });

  it('charts the share passing every control for each ISO week of the window, named for a screen reader, with a table of the same figures', async () => {
    const deployments = sampleDeployments(12);
    const { service } = await auditOf(deployments);
    fireEvent.click(tab('Trends'));
    // The hub's default window from NOW (2026-11-21): the last 30 days, 2026-10-23 to 2026-11-21.
    const window = presetWindow('last30Days', NOW());
    expect(service.collects[0].request.window).toEqual(window);
    const chart = screen.getByRole('img');
    expect(chart.getAttribute('data-weeks')).toBe('5');
    expect(chart.querySelectorAll('.da-trend-week')).toHaveLength(5);
    const label = chart.getAttribute('aria-label')!;
    expect(label).toMatch(/^All deployments: share passing every control, per week, 5 weeks\. 2026-W43 \(partial: 2026-10-23 – 2026-10-25\): no deployments; /);
    // All twelve deployments started 2026-11-20 (a Friday, week 47): the same figures as the core's.
    const expected = computeTrends(deployments.map((d) => toDeploymentReport(d, service.collects[0].request.policy)), window);
    const week47 = expected.weeks.find((week) => week.week === '2026-W47')!;
    expect(week47.deployments).toBe(12);
    expect(label).toContain(`2026-W47 (partial: 2026-11-16 – 2026-11-21): ${week47.passed} of 12 passed`);
    const table = document.querySelector('.da-trend-weeks') as HTMLElement;
    const row47 = table.querySelector('tr[data-week="2026-W47"]') as HTMLElement;
    expect(within(row47).getAllByRole('cell').map((cell) => cell.textContent)).toEqual([
      '2026-11-16 – 2026-11-21',
      '12',
      String(week47.passed),
      String(week47.failed),
      String(week47.unknown),
      `${Math.floor((week47.passed / 12) * 100)} %`,
    ]);
    expect((table.querySelector('tr[data-week="2026-W44"]') as HTMLElement).textContent).toContain('no deployments');
    // By environment and by pipeline.
    expect(screen.getByRole('table', { name: 'Share passing by environment (passed/deployments)' }).textContent).toContain('Production-EU');
    expect(screen.getByRole('table', { name: 'Share passing by pipeline (passed/deployments)' }).textContent).toContain('shop-api');
    // The chart can show one environment.
    fireEvent.change(screen.getByRole('combobox', { name: 'Chart' }), { target: { value: 'environment:Production-EU' } });
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/^Environment Production-EU: share passing every control, per week, 5 weeks\./);
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('2026-W47 (partial: 2026-11-16 – 2026-11-21): 3 of 3 passed');
  });

  it('lists each approver with deployments approved and conflicts; choosing one filters the table to theirs', async () => {
    const deployments = sampleDeployments(12);
    deployments[1] = { ...deployments[1], requestedBy: dave }; // Dave approves a deployment he requested
    await auditOf(deployments);
    fireEvent.click(tab('People'));
    const people = document.querySelector('.da-people-table') as HTMLElement;
    const rows = within(people).getAllByRole('row').slice(1);
    expect(rows.map((row) => [row.querySelector('th')!.textContent, ...Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent)])).toEqual([
      ['Dave Approver', '10', '1 deployment (1 own deployment)'],
      ['Bob Builder', '8', 'none'],
      ['Alice Director (you)', '4', 'none'],
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Show the 8 deployments Bob Builder approved' }));
    expect(tab('Deployments').getAttribute('aria-selected')).toBe('true');
    expect(tableRows()).toHaveLength(8);
    expect(caption()).toBe('Showing 8 of 12 deployments');
    expect(screen.getByRole('status').textContent).toContain('Approved by Bob Builder');
    fireEvent.click(screen.getByRole('button', { name: 'Stop filtering by approver' }));
    expect(tableRows()).toHaveLength(12);
  });

  it('credits nobody for deployments whose approvals could not be read, and says so', async () => {
    const deployments = sampleDeployments(6);
    await auditOf([...deployments.slice(0, 2).map(approvalsForbidden), ...deployments.slice(2)]);
    fireEvent.click(tab('People'));
    expect(document.querySelector('.da-people-unattributed')!.textContent).toBe(
      'The approvals of 2 deployments could not be read (access denied): they are credited to nobody here, and who approved them is not known.',
    );
  });

  it('shows the signed-in user’s approvals in one click, and again all of them', async () => {
    await auditOf(sampleDeployments(12));
    fireEvent.click(tab('People'));
    const button = screen.getByRole('button', { name: /^Approved by me/ });
    fireEvent.click(button);
    expect(tab('Deployments').getAttribute('aria-selected')).toBe('true');
    expect(tableRows()).toHaveLength(4);
    expect(screen.getByRole('button', { name: /^Approved by me/ }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: /^Approved by me/ }));
    expect(tableRows()).toHaveLength(12);
  });

  it('names the approver filter in an export’s manifest', () => {
    expect(describeFilters({ approvers: ['bob.builder@rabobank.nl'] }, 'Alice Director')).toEqual({
      text: 'approved by bob.builder@rabobank.nl',
      filters: [{ field: 'approver', values: ['bob.builder@rabobank.nl'] }],
    });
  });

  it('says when the figures are not of a complete audit, with the count the hub shows after Cancel', () => {
    expect(incompleteText('done', 448, null)).toBeNull();
    expect(incompleteText('collecting', 120, null)).toBe('Still collecting: these figures are of the 120 deployments collected so far.');
    expect(incompleteText('cancelled', 641, '641 of 3,005 deployments collected')).toBe('Cancelled: these figures are of the 641 of 3,005 deployments collected only.');
    expect(incompleteText('failed', 1, null)).toBe('The audit failed: these figures are of the 1 deployment collected before it did.');
  });
});
