/**
 * The hub's view in the page's address, stale results and settings applied at once (issue 13): a view read back
 * from the address before the first audit, written as it changes, a "Copy link"; results that no longer answer the
 * screen are dimmed under "Refresh to apply" and their export says so; saved settings re-evaluate what is collected.
 */
import * as React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { PageAddress } from '../extension/host';
import type { AuditReport } from '../core/report';
import { FakeAuditService, sampleDeployments } from '../../test/support/fake-audit-service';
import { auditOf, NOW } from '../../test/support/hub-view';
import { HubView } from './HubView';
import { decodeHubState } from './url-state';

beforeAll(() => {
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
});

class FakeAddress implements PageAddress {
  written: string[] = [];
  constructor(public hash = '') {}
  async read() {
    return this.hash;
  }
  write(hash: string) {
    this.hash = hash;
    this.written.push(hash);
  }
  async link(hash: string) {
    return `https://dev.azure.com/contoso/Shop/_apps/hub/deploy-audit#${hash}`;
  }
}

const exportJson = async (service: FakeAuditService): Promise<AuditReport> => {
  const before = service.saved.length;
  fireEvent.click(screen.getByRole('button', { name: /Export/ }));
  fireEvent.click(await screen.findByText('JSON'));
  await waitFor(() => expect(service.saved).toHaveLength(before + 1));
  return JSON.parse(service.saved.at(-1)!.content as string) as AuditReport;
};

describe('HubView keeps its view in the page address', () => {
  it('audits the window and environments the address names, then shows its filters, sort and open deployment', async () => {
    const deployments = sampleDeployments(12);
    const target = deployments[3];
    const address = new FakeAddress(
      `w=2026-07-01..2026-09-30&env=Production&env=prod-eu&q=${encodeURIComponent(target.runName)}&sort=environment:asc&open=${encodeURIComponent(target.key)}`,
    );
    const service = new FakeAuditService();
    render(<HubView service={service} now={NOW} address={address} />);
    await waitFor(() => expect(service.collects).toHaveLength(1));
    expect(service.current.request.window).toEqual({ from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z') });
    expect(service.current.request.environments).toEqual(['Production', 'prod-eu']);
    await act(async () => service.finish(deployments));
    await screen.findByText('Showing 1 of 12 deployments');
    // The summary names the window as every report does.
    expect(document.querySelector('.da-summary')!.textContent).toContain('1 production deployment · 1 Jul 2026 to 30 Sep 2026 (UTC) ·');
    const panel = await screen.findByRole('dialog');
    expect(within(panel).getAllByText(new RegExp(target.runName)).length).toBeGreaterThan(0);
    // Written back as read (the open deployment included), in one order.
    expect(decodeHubState(address.hash)).toEqual(decodeHubState(address.written[0]));
    expect(decodeHubState(address.hash)).toMatchObject({
      preset: 'custom',
      custom: { from: '2026-07-01', through: '2026-09-30' },
      environments: ['Production', 'prod-eu'],
      keyword: target.runName,
      sort: { key: 'environment', descending: false },
      open: target.key,
    });
  });

  it('ignores an address it cannot read and writes the view as it changes; Copy link gives the page with it', async () => {
    const address = new FakeAddress('w=%E0%A4%A&sort=nope&st=any:sideways');
    const service = new FakeAuditService();
    render(<HubView service={service} now={NOW} address={address} />);
    await waitFor(() => expect(service.collects).toHaveLength(1));
    expect(service.current.request.window).toEqual({ from: new Date('2026-10-23T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') });
    await act(async () => service.finish(sampleDeployments(12)));
    await screen.findByText('Showing 12 of 12 deployments');
    expect(address.hash).toBe('');
    fireEvent.click(screen.getByRole('button', { name: /Approved by enough people: 2 fail/ }));
    await screen.findByText('Showing 2 of 12 deployments');
    expect(decodeHubState(address.hash)).toEqual({ statuses: ['approval-count:fail'] });

    // jsdom has no clipboard: the link is shown to copy by hand.
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    const field = (await screen.findByLabelText('Link to this view (copy it)')) as HTMLInputElement;
    expect(field.value).toBe(`https://dev.azure.com/contoso/Shop/_apps/hub/deploy-audit#${address.hash}`);
  });

  it('keeps the People view and the chosen approver in the address, and shows the approver by name after a reload', async () => {
    const deployments = sampleDeployments(10);
    const approver = deployments[0].approvals[0].approver!;
    const key = (approver.id || approver.uniqueName).toLowerCase();
    const address = new FakeAddress(`v=people&fa=${encodeURIComponent(key)}`);
    const service = new FakeAuditService();
    render(<HubView service={service} now={NOW} address={address} />);
    await waitFor(() => expect(service.collects).toHaveLength(1));
    await act(async () => service.finish(deployments));
    expect((await screen.findByRole('tab', { name: 'People' })).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('status').textContent).toContain(`Approved by ${approver.displayName}`);
    fireEvent.click(screen.getByRole('tab', { name: 'Deployments' }));
    await waitFor(() => expect(decodeHubState(address.hash)).toEqual({ approvers: [key] }));
  });
});

describe('HubView stale results', () => {
  it('dims results of other environments under "Refresh to apply", and their export says STALE', async () => {
    const { service } = await auditOf(sampleDeployments(12));
    expect(document.querySelector('.da-stale-banner')).toBeNull();
    fireEvent.change(screen.getByLabelText(/Production environments/), { target: { value: 'Production, Staging' } });
    const banner = document.querySelector('.da-stale-banner') as HTMLElement;
    expect(banner.textContent).toContain(
      'These results are of 23 Oct 2026 to 21 Nov 2026 (UTC), production environments prod, prod-*, production*; the production environments on screen are Production, Staging.',
    );
    expect(document.querySelector('.da-results')!.getAttribute('data-stale')).toBe('true');

    const report = await exportJson(service);
    expect(report.manifest!.stale!.text).toContain('the production environments on screen are Production, Staging');

    fireEvent.click(within(banner).getByRole('button', { name: 'Refresh to apply' }));
    expect(service.collects).toHaveLength(2);
    expect(service.current.request.environments).toEqual(['Production', 'Staging']);
    await act(async () => service.finish(sampleDeployments(3)));
    await screen.findByText('Showing 3 of 3 deployments');
    expect(document.querySelector('.da-stale-banner')).toBeNull();
    expect((await exportJson(service)).manifest).not.toHaveProperty('stale');
  });

  it('applies saved settings to the evidence already collected at once, asking for nothing', async () => {
    const { service } = await auditOf(sampleDeployments(12));
    expect(screen.getAllByRole('columnheader').some((header) => header.textContent === 'Work item')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /Settings/ }));
    const panel = await screen.findByRole('dialog');
    fireEvent.click(within(panel).getByRole('switch', { name: 'Work item linked' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getAllByRole('columnheader').some((header) => header.textContent === 'Work item')).toBe(false));
    expect(service.collects).toHaveLength(1);
    expect(document.querySelector('.da-stale-banner')).toBeNull();
    const report = await exportJson(service);
    expect(report.policy.controls['work-item-linked'].enabled).toBe(false);
    expect(report.deployments.every((deployment) => !deployment.controls['work-item-linked'])).toBe(true);
    expect(report.manifest).not.toHaveProperty('stale');
  });
});
