/**
 * The hub publishes a complete audit as a snapshot, and an auditor whose approval reads are refused opens it: the
 * checklist as captured with the approvers' names, "Captured on … by …", verified; Sample and exports work on it
 * and nothing is asked of Azure DevOps. A part changed in the store opens as not verified.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ExtensionDataStore } from '../../test/host-simulator/extension-data';
import { approvalsForbidden, FakeAuditService, sampleDeployments } from '../../test/support/fake-audit-service';
import { auditOf, openHub } from '../../test/support/hub-view';
import type { IExtensionDataManager } from '../extension/services';
import { createSnapshotStore, partsCollection, type SnapshotStore } from '../extension/snapshots';

const EXT = 'fabrikam.deploy-audit';
const DIRECTOR = { id: 'user-alice', displayName: 'Alice Director', uniqueName: 'alice@contoso.com' };
let dir: string;
let store: ExtensionDataStore;

beforeAll(() => {
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-snapshots-'));
  store = new ExtensionDataStore(path.join(dir, 'data.json'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function withSnapshots(service: FakeAuditService, user: string, publisher = DIRECTOR): FakeAuditService & { snapshots: SnapshotStore } {
  const ops = ['getDocument', 'getDocuments', 'createDocument', 'setDocument'];
  const manager = Object.fromEntries(ops.map((op) => [op, async (...args: unknown[]) => store.handle(op, JSON.parse(JSON.stringify(args)) as unknown[], EXT, user)]));
  return Object.assign(service, {
    snapshots: createSnapshotStore({ dataManager: async () => manager as unknown as IExtensionDataManager, projectId: service.context.project.id, publisher: async () => publisher }),
  });
}

const tableRows = () => screen.queryAllByRole('row').filter((row) => row.closest('.da-table') && !row.querySelector('[role="columnheader"]'));

async function publishAsDirector(count = 30) {
  const service = withSnapshots(new FakeAuditService(), 'alice');
  await auditOf(sampleDeployments(count), service);
  fireEvent.click(screen.getByRole('button', { name: 'Publish snapshot' }));
  const dialog = await screen.findByRole('dialog');
  expect(dialog.textContent).toContain(`Publishes the complete audit of`);
  expect(dialog.textContent).toContain(`${count} deployments with every control’s verdict`);
  expect(dialog.textContent).toContain('including people who cannot read the approvals themselves');
  await act(async () => {
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish snapshot' }));
  });
  await screen.findByText(new RegExp(`^Snapshot published: ${count} deployments`));
  return service;
}

async function openAsAuditor() {
  const auditor = withSnapshots(new FakeAuditService(), 'bob');
  const { service } = await openHub(auditor);
  fireEvent.click(screen.getByRole('button', { name: 'Snapshots' }));
  const open = await screen.findByRole('button', { name: /^Open the snapshot of/ });
  const requestsBefore = service.collects.length;
  await act(async () => {
    fireEvent.click(open);
  });
  await screen.findByText(/^Snapshot of .* · Captured on \d{4}-\d\d-\d\d \d\d:\d\d UTC by Alice Director$/);
  return { service, requestsBefore };
}

it('warns before publishing an audit whose evidence could not all be read', async () => {
  await auditOf(sampleDeployments(6).map((d, i) => (i < 2 ? approvalsForbidden(d) : d)), withSnapshots(new FakeAuditService(), 'bob'));
  fireEvent.click(screen.getByRole('button', { name: 'Publish snapshot' }));
  const dialog = await screen.findByRole('dialog');
  expect(dialog.textContent).toContain('2 deployments of this audit have evidence that could not be read');
});

it('publishes only a complete audit', async () => {
  const { service } = await openHub(withSnapshots(new FakeAuditService(), 'alice'));
  expect(screen.getByRole('button', { name: /^Publish snapshot \(A snapshot can be published once an audit is complete/ }).getAttribute('aria-disabled')).toBe('true');
  await act(async () => service.finish(sampleDeployments(3)));
  await waitFor(() => expect(screen.getByRole('button', { name: 'Publish snapshot' }).getAttribute('aria-disabled')).toBeNull());
});

it('lets the auditor open the director’s snapshot: approvers named, verified, no request to Azure DevOps', async () => {
  await publishAsDirector();
  document.body.innerHTML = '';
  const { service, requestsBefore } = await openAsAuditor();
  // The auditor's own audit was stopped, and opening asked for nothing.
  expect(service.current.request.signal?.aborted).toBe(true);
  expect(service.collects).toHaveLength(requestsBefore);
  expect(screen.getByText(/^Verified: every part matches/)).toBeTruthy();
  expect(screen.getByText('Showing 30 of 30 deployments')).toBeTruthy();
  expect(tableRows()[0].textContent).toMatch(/Dave Approver/);
  expect(screen.queryByText(/Could not be read/)).toBeNull();
});

it('samples the snapshot and exports the sample with its seed', async () => {
  await publishAsDirector();
  document.body.innerHTML = '';
  const { service } = await openAsAuditor();
  fireEvent.click(screen.getByRole('button', { name: 'Sample deployments for testing' }));
  const panel = await screen.findByRole('dialog');
  expect(panel.textContent).toContain('Rule: size 25: the usual attribute-sampling size');
  fireEvent.change(within(panel).getByLabelText('Seed'), { target: { value: '4242' } });
  fireEvent.click(within(panel).getByRole('button', { name: 'Draw sample' }));
  expect(within(panel).getByText(/^25 deployments of 30 · seed 4242$/)).toBeTruthy();
  expect(panel.querySelectorAll('.da-sample-table tbody tr')).toHaveLength(25);
  fireEvent.click(within(panel).getByRole('button', { name: 'Export sample' }));
  await act(async () => {
    fireEvent.click(await screen.findByText('JSON'));
  });
  await waitFor(() => expect(service.saved).toHaveLength(1));
  const sample = JSON.parse(service.saved[0].content as string);
  expect(service.saved[0].name).toBe('deploy-audit-shop-sample-seed-4242.json');
  expect(sample.sample).toMatchObject({ seed: 4242, size: 25, selected: 25, population: 30 });
  expect(sample.manifest.source.ranBy).toMatchObject({ displayName: 'Alice Director' });
});

it('shows a snapshot with a changed part as not verified', async () => {
  const director = await publishAsDirector();
  const [head] = await director.snapshots.list();
  const part = store.handle('getDocument', [partsCollection(head.id), head.parts[0].id], EXT, 'mallory') as { text: string };
  store.handle('setDocument', [partsCollection(head.id), { ...part, text: part.text.replace('Dave Approver', 'Dave Approvex'), __etag: -1 }], EXT, 'mallory');
  document.body.innerHTML = '';
  await openAsAuditor();
  expect(screen.getByText(/^Not verified: part 1 of \d+ does not match its SHA-256/)).toBeTruthy();
});

it('keeps the auditor’s refused approvals out of a live audit’s notice once a snapshot is open', async () => {
  await publishAsDirector(12);
  document.body.innerHTML = '';
  const auditor = withSnapshots(new FakeAuditService(), 'bob');
  await auditOf(sampleDeployments(12).map(approvalsForbidden), auditor);
  expect(screen.getAllByText(/Could not be read/).length).toBeGreaterThan(0);
  fireEvent.click(screen.getByRole('button', { name: 'Snapshots' }));
  await act(async () => {
    fireEvent.click(await screen.findByRole('button', { name: /^Open the snapshot of/ }));
  });
  await screen.findByText(/Captured on .* by Alice Director$/);
  expect(screen.queryByText(/Could not be read/)).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: 'Back to the live audit' }));
  await waitFor(() => expect(screen.getAllByText(/Could not be read/).length).toBeGreaterThan(0));
});
