/**
 * Settings: a project administrator saves the audit policy through the Extension Data Service; it is kept by the
 * host (a file, in the simulator), read again after a restart, applied to every user's verdicts, and read-only
 * for someone who is not an administrator. Approvers are picked from the organization's people and groups through
 * the host's identity service; the policy can be kept in a Git file instead, which the hub then reads and cites;
 * every save is in the history.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { AuditReport } from '../../src/core/report';
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
    await panel.getByText('Saved. The collected deployments are judged again under these settings; other production environments need a refresh.').waitFor();

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

  it('pick approvers from the organization’s people and groups, and flag a name nobody has', async () => {
    const { frame } = await h.open({ view: 'hub', user: 'director' });
    await waitForAudit(frame);
    // Where the policy comes from, and that the settings store is editable by any project member, near the settings.
    expect(await frame.textContent('.da-policy-source-notice')).toContain('which any member of the project can change');
    await frame.getByRole('button', { name: 'Settings' }).click();
    const panel = frame.locator('.bolt-panel');
    await frame.waitForFunction(() => !document.querySelector('.bolt-panel')?.textContent?.includes('Checking whether you may change'));
    // Inside its form item the picker is named by the item's label; its own aria-label finds it.
    const picker = panel.locator('.da-approvers [aria-label="Approvers: search people and groups"]');
    await picker.click();
    await picker.pressSequentially('Release');
    // The picker shows a group's name, and its [scope]\name beneath.
    await frame.locator('.bolt-suggestions').getByText('Release Approvers', { exact: true }).click();
    await panel.locator('.da-approvers').getByText('Release Approvers').waitFor();
    // The host's identity service asked the organization's identity search for users and groups.
    const searches = h.sim.log.filter((entry) => entry.call === 'identity.searchIdentitiesAsync');
    expect(searches.at(-1)?.args.slice(1, 3)).toEqual([['user', 'group'], ['ims', 'source']]);
    expect(h.ado.requests.some((r) => r.routeId === 'identityPicker.identities' && r.user === h.ado.demo.people.directors[0].uniqueName)).toBe(true);

    await panel.locator('.da-approvers input[aria-label="Approver typed by hand"]').fill('Nobody Atall');
    await panel.getByRole('button', { name: 'Add the approver typed by hand' }).click();
    await panel.getByText(/^No person or group answers to “Nobody Atall”: pick it/).waitFor();
    await panel.locator('.bolt-panel-footer-buttons').getByRole('button', { name: 'Save' }).click();
    await panel.getByText('No person or group answers to “Nobody Atall”.').waitFor();
    const project = h.sim.session.project.id;
    const stored = h.sim.extensionData.snapshot().extensions[h.sim.session.extension.id.toLowerCase()]['Default/Current'].$settings[`policy-${project}`];
    expect(stored).toMatchObject({ value: { policy: POLICY } });
    await panel.locator('.bolt-panel-footer-buttons').getByRole('button', { name: 'Close' }).click();
  });

  it('read the policy from a Git file once an administrator chooses it, cite its commit, and keep the history', async () => {
    const [{ frame }, defaults] = await Promise.all([h.open({ view: 'hub', user: 'director' }), cliJson(h)]);
    await waitForAudit(frame);
    await frame.getByRole('button', { name: 'Settings' }).click();
    const panel = frame.locator('.bolt-panel');
    await frame.waitForFunction(() => !document.querySelector('.bolt-panel')?.textContent?.includes('Checking whether you may change'));
    await panel.getByRole('radio', { name: /In a JSON file in one of the project’s Git repositories/ }).click();
    await panel.getByRole('button', { name: 'Repository' }).click();
    await frame.getByText('deploy-audit-config', { exact: true }).click();
    expect(await panel.getByLabel('Branch').inputValue()).toBe('refs/heads/main');
    expect(await panel.getByLabel('Path of the policy file').inputValue()).toBe('/deploy-audit/policy.json');
    await panel.locator('.bolt-panel-footer-buttons').getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Saved. The collected deployments are judged again under these settings; other production environments need a refresh.').waitFor();

    const repo = h.ado.demo.project.repositories.find((r) => r.name === 'deploy-audit-config')!;
    const commit = repo.git.tip('main')!;
    expect(await panel.locator('.da-git-current').textContent()).toContain(`at commit ${commit.slice(0, 8)}`);
    // The history: the first save (one approval) and this one (the source, and the policy it now reads).
    const history = panel.getByRole('list', { name: 'Settings history' });
    expect(await history.textContent()).toMatch(/Version 2: saved by .*policy source: these settings → Git file \/deploy-audit\/policy.json on refs\/heads\/main in deploy-audit-config/);
    expect(await history.textContent()).toMatch(/Version 1: saved by .*requiredApprovals: 2 → 1/);
    const project = h.sim.session.project.id;
    const stored = h.sim.extensionData.snapshot().extensions[h.sim.session.extension.id.toLowerCase()]['Default/Current'].$settings[`policy-${project}`];
    expect(stored.value).toMatchObject({ revision: 2, source: { kind: 'git', repository: { id: repo.id, name: 'deploy-audit-config' }, branch: 'refs/heads/main', path: '/deploy-audit/policy.json' } });

    await panel.locator('.bolt-panel-footer-buttons').getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });
    // A fresh page reads the policy from the file (two approvals, as the defaults) and says where it came from.
    const reopened = await h.open({ view: 'hub', user: 'developer' });
    await waitForAudit(reopened.frame);
    expect(await reopened.frame.textContent('.da-policy-source-notice')).toContain(`Policy from the Git file /deploy-audit/policy.json on refs/heads/main in deploy-audit-config, commit ${commit.slice(0, 8)}`);
    expect(await reopened.frame.textContent('.da-audit-scope')).toContain('2 approvals required');
    expect(await hubSummary(reopened.frame)).toEqual({ deployments: defaults.summary.deployments, controls: defaults.summary.controls });

    // Its exports cite the file: repository, branch, path, commit, author, date and the content's SHA-256.
    await reopened.frame.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([reopened.page.waitForEvent('download'), reopened.frame.getByRole('menuitem', { name: 'JSON' }).click()]);
    const target = `${h.dataFile}.git-source.json`;
    await download.saveAs(target);
    const exported = JSON.parse(fs.readFileSync(target, 'utf8')) as AuditReport;
    const content = `${JSON.stringify({ requiredApprovals: 2, allowedBranches: ['refs/heads/main', 'refs/heads/master', 'refs/heads/release/*'], productionEnvironments: ['prod', 'prod-*', 'production*'] }, null, 2)}\n`;
    expect(exported.manifest!.policy.source).toEqual({
      kind: 'git',
      repository: { id: repo.id, name: 'deploy-audit-config' },
      branch: 'refs/heads/main',
      path: '/deploy-audit/policy.json',
      commitId: commit,
      author: { name: h.ado.demo.people.directors[0].displayName, email: h.ado.demo.people.directors[0].uniqueName },
      date: repo.git.get(commit)!.date.toISOString(),
      sha256: createHash('sha256').update(content).digest('hex'),
      url: expect.stringContaining(`version=GC${commit}`),
    });
  });
});
