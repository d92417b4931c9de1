import * as React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { classicEvidence, evidence, evidenceError } from '../../test/support/control-evidence';
import { AdoHttpError } from '../core/transport/errors';
import { FakeAuditService } from '../../test/support/fake-audit-service';
import { ScopedAudit } from './ScopedAudit';

describe('ScopedAudit (the release and run tabs)', () => {
  it('waits for the page to say which release it shows, and says so when it never does', async () => {
    render(<ScopedAudit service={new FakeAuditService()} scope={null} kind="release" scopeTimeoutMs={20} />);
    expect(screen.getByText('Waiting for the release…')).toBeTruthy();
    expect(await screen.findByText('This page did not say which release it shows, so there is nothing to audit.')).toBeTruthy();
  });

  it('shows the checklist of each production deployment of the release, with the project’s policy', async () => {
    const service = new FakeAuditService();
    service.stored = { schemaVersion: 1, policy: { requiredApprovals: 3 }, updatedAt: '', updatedBy: { id: '', displayName: '', uniqueName: '' } };
    render(<ScopedAudit service={service} scope={{ kind: 'release', id: 398 }} kind="release" />);
    expect(screen.getByText('Collecting the evidence of release 398…')).toBeTruthy();
    await act(async () => undefined);
    expect(service.scoped).toMatchObject([{ kind: 'release', id: 398, request: { policy: { requiredApprovals: 3 } } }]);
    await act(async () => service.scoped[0].resolve([classicEvidence()]));
    expect(screen.getByText(/1 production deployment of this release/)).toBeTruthy();
    const card = screen.getByText(/production · 2020-04-21 12:59 UTC/).closest('.da-deployment-card') as HTMLElement;
    expect(within(card).getByText('1 control failing')).toBeTruthy();
    expect(within(card).getByText('2 of 3 required approvals (Marc Duiker, Peter Dol)')).toBeTruthy();
    fireEvent.click(within(card).getAllByText('Release-137')[0]);
    expect(service.opened[0]).toContain('_releaseProgress?releaseId=398');
  });

  it('says plainly when the project’s settings could not be read, and which defaults the checklist uses instead', async () => {
    const service = new FakeAuditService();
    service.settingsError = new AdoHttpError(403, 'Access denied', 'https://dev.azure.com/contoso/_apis/ExtensionManagement');
    render(<ScopedAudit service={service} scope={{ kind: 'run', id: 7 }} kind="run" />);
    await act(async () => undefined);
    expect(service.scoped[0].request.policy.requiredApprovals).toBe(2);
    await act(async () => service.scoped[0].resolve([evidence()]));
    const notice = screen.getByText(/The project’s audit settings were not applied: they could not be read/);
    expect(notice.textContent).toContain('This checklist uses the default settings (2 approvals, production environments prod, prod-*, production*).');
  });

  it('says so when the stored settings cannot be used', async () => {
    const service = new FakeAuditService();
    service.stored = { schemaVersion: 99, policy: {} };
    render(<ScopedAudit service={service} scope={{ kind: 'release', id: 398 }} kind="release" />);
    await act(async () => undefined);
    await act(async () => service.scoped[0].resolve([classicEvidence()]));
    expect(screen.getByText(/The project’s audit settings were not applied: they could not be used \(/)).toBeTruthy();
  });

  it('audits again when the page moves to another run, and ignores the answer for the old one', async () => {
    const service = new FakeAuditService();
    const view = render(<ScopedAudit service={service} scope={{ kind: 'run', id: 1 }} kind="run" />);
    await act(async () => undefined);
    view.rerender(<ScopedAudit service={service} scope={{ kind: 'run', id: 2 }} kind="run" />);
    await act(async () => undefined);
    expect(service.scoped.map((call) => call.id)).toEqual([1, 2]);
    expect(service.scoped[0].request.signal?.aborted).toBe(true);
    await act(async () => service.scoped[0].resolve([evidence({ key: 'old', environment: 'old-env' })]));
    await act(async () => service.scoped[1].resolve([evidence({ key: 'new' })]));
    expect(screen.queryByText(/old-env/)).toBeNull();
    expect(screen.getByText(/1 production deployment of this run/)).toBeTruthy();
  });

  it('says when nothing of the run went to production', async () => {
    const service = new FakeAuditService();
    render(<ScopedAudit service={service} scope={{ kind: 'run', id: 7 }} kind="run" />);
    await act(async () => undefined);
    await act(async () => service.scoped[0].resolve([]));
    expect(screen.getByText(/No deployment of this run went to a production environment \(prod, prod-\*, production\*\)/)).toBeTruthy();
  });

  it('explains approvals a reader may not see', async () => {
    const service = new FakeAuditService();
    render(<ScopedAudit service={service} scope={{ kind: 'run', id: 7 }} kind="run" />);
    await act(async () => undefined);
    await act(async () => service.scoped[0].resolve([evidence({ approvals: [], errors: [evidenceError('approvals', 403, 'Access denied')] })]));
    expect(screen.getByText('You can read deployments but not approvals in this project: approval controls show as unknown.')).toBeTruthy();
    // Both approval controls say why they are unknown.
    expect(screen.getAllByText('approvals could not be read: Access denied (HTTP 403)')).toHaveLength(2);
  });

  it('shows a failure as a message', async () => {
    const service = new FakeAuditService();
    render(<ScopedAudit service={service} scope={{ kind: 'release', id: 9 }} kind="release" />);
    await act(async () => undefined);
    await act(async () => service.scoped[0].reject(new AdoHttpError(404, 'Release with id 9 does not exist', 'https://vsrm/x')));
    expect(screen.getByText('Not found')).toBeTruthy();
    expect(screen.getByText('Release with id 9 does not exist.')).toBeTruthy();
  });
});
