/**
 * Settings: a project administrator saves the audit policy through the Extension Data Service; it is kept by the
 * host (a file, in the simulator), read again after a restart, applied to every user's verdicts, and read-only
 * for someone who is not an administrator.
 */
import { cliJson, hubSummary, waitForAudit } from './audit';
import { startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const POLICY = { requiredApprovals: 1 };

describe('settings', () => {
  it('are saved by an administrator and applied to the verdicts', async () => {
    const [{ frame }, before, after] = await Promise.all([h.open({ view: 'hub', user: 'director' }), cliJson(h), cliJson(h, { policy: POLICY })]);
    await waitForAudit(frame);
    expect((await hubSummary(frame)).controls['approval-count']).toEqual(before.summary.controls['approval-count']);
    // The demo has deployments approved by one person only: one required approval changes their verdicts.
    expect(after.summary.controls['approval-count'].fail).toBeLessThan(before.summary.controls['approval-count'].fail);

    await frame.getByRole('button', { name: 'Settings' }).click();
    const panel = frame.locator('.bolt-panel');
    await panel.getByText('Nobody has saved settings for this project yet').waitFor();
    const footer = panel.locator('.bolt-panel-footer-buttons');
    const save = footer.getByRole('button', { name: 'Save' });
    // Save is offered once Azure DevOps said this user may edit the project's settings.
    await frame.waitForFunction(() => !document.querySelector('.bolt-panel')?.textContent?.includes('Checking whether you may change'));
    expect(await save.isEnabled()).toBe(true);
    await panel.getByLabel('Required approvals').fill('1');
    await save.click();
    await panel.getByText('Saved. Collect again to apply the new settings.').waitFor();

    const project = h.sim.session.project.id;
    const stored = h.sim.extensionData.snapshot().extensions[h.sim.session.extension.id.toLowerCase()]['Default/Current'].$settings[`policy-${project}`];
    expect(stored).toMatchObject({ value: { schemaVersion: 1, policy: POLICY, updatedBy: { displayName: h.ado.demo.people.directors[0].displayName } } });

    await footer.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });
    await frame.getByRole('button', { name: 'Refresh' }).click();
    await frame.locator('.da-progress').waitFor({ state: 'attached' }).catch(() => undefined);
    await waitForAudit(frame);
    expect(await frame.textContent('.da-audit-scope')).toContain('1 approvals required');
    expect(await hubSummary(frame)).toEqual({ deployments: after.summary.deployments, controls: after.summary.controls });
  });

  it('are read again after a restart of the host, applied for everyone, and read-only for a non-administrator', async () => {
    await h.restartSimulator();
    const [{ frame }, expected] = await Promise.all([h.open({ view: 'hub', user: 'developer' }), cliJson(h, { policy: POLICY })]);
    await waitForAudit(frame);
    expect(await frame.textContent('.da-audit-scope')).toContain('1 approvals required');
    expect(await hubSummary(frame)).toEqual({ deployments: expected.summary.deployments, controls: expected.summary.controls });

    await frame.getByRole('button', { name: 'Settings' }).click();
    const panel = frame.locator('.bolt-panel');
    await panel.getByText('Only project administrators can change these settings.').waitFor();
    expect(await panel.textContent()).toContain(`Last saved by ${h.ado.demo.people.directors[0].displayName}`);
    expect(await panel.getByLabel('Required approvals').inputValue()).toBe('1');
    expect(await panel.locator('.bolt-panel-footer-buttons').getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    // The permission was asked of Azure DevOps' Security service for the project's token.
    expect(h.ado.requests.some((r) => r.routeId === 'security.hasPermissions' && r.user === 'carlos.mendes@fabrikam.com')).toBe(true);
  });
});
