import * as React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { RepositoryChoice } from '../core/policy-source/repositories';
import type { DirectoryIdentity } from '../extension/approvers';
import { nextSettings, readStoredSettings, type PolicySourceChoice, type ProjectSettings } from '../extension/settings';
import type { PolicyInput } from '../core/policy';
import { SettingsPanel } from './SettingsPanel';

const ada = { id: 'ada', displayName: 'Ada Admin', uniqueName: 'ada@contoso.com' };
const priya: DirectoryIdentity = {
  entityId: 'vss.ds.v1.aad.user.1',
  entityType: 'User',
  originDirectory: 'aad',
  originId: '1',
  displayName: 'Priya Raman',
  signInAddress: 'priya.raman@fabrikam.com',
  mail: 'priya.raman@fabrikam.com',
};
const group: DirectoryIdentity = { entityId: 'vss.ds.v1.vsd.group.2', entityType: 'Group', originDirectory: 'vsd', originId: '2', displayName: '[Shop]\\Release Approvers', scopeName: 'Shop' };
const repositories: RepositoryChoice[] = [
  { id: 'r-app', name: 'app', defaultBranch: 'refs/heads/main' },
  { id: 'r-config', name: 'config', defaultBranch: 'refs/heads/trunk' },
];

function open(settings: ProjectSettings = readStoredSettings(null)) {
  const saves: Array<{ input: PolicyInput; source: PolicySourceChoice }> = [];
  const searches: string[] = [];
  const search = async (query: string) => {
    searches.push(query);
    const q = query.toLowerCase();
    return [priya, group].filter((identity) => identity.displayName!.toLowerCase().replace(/^\[.+?\]\\/, '').startsWith(q) || identity.displayName!.toLowerCase().startsWith(q));
  };
  const onSave = async (input: PolicyInput, source: PolicySourceChoice) => {
    saves.push({ input, source });
    return readStoredSettings(nextSettings(settings.stored, input, source, ada, '2026-11-21T08:00:00.000Z'));
  };
  render(
    <SettingsPanel
      settings={settings}
      permission={{ canEdit: true, reason: null }}
      onSave={onSave}
      onDismiss={() => undefined}
      listRepositories={async () => repositories}
      searchIdentities={search}
    />,
  );
  return { panel: screen.getByRole('dialog'), saves, searches };
}

describe('the settings panel', () => {
  it('says plainly that settings kept here are editable by any project member, and recommends Git', () => {
    const { panel } = open();
    expect(within(panel).getByText(/any member of the project can change/).textContent).toContain('keep it in a JSON file in a Git repository');
  });

  it('keeps the policy in a Git file chosen from the project’s repositories', async () => {
    const { panel, saves } = open();
    fireEvent.click(within(panel).getByRole('radio', { name: /In a JSON file in one of the project’s Git repositories/ }));
    // The store's warning goes with the store.
    expect(within(panel).queryByText(/any member of the project can change/)).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    expect(await within(panel).findByText('Choose the repository that holds the policy file.')).toBeTruthy();
    expect(saves).toHaveLength(0);

    const dropdown = await within(panel).findByRole('button', { name: /Repository/ });
    await waitFor(() => expect(dropdown.getAttribute('aria-disabled')).not.toBe('true'));
    fireEvent.click(dropdown);
    fireEvent.click(await screen.findByText('config'));
    expect((within(panel).getByLabelText('Branch') as HTMLInputElement).value).toBe('refs/heads/trunk');
    fireEvent.change(within(panel).getByLabelText('Path of the policy file'), { target: { value: 'audit/policy.json' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    await within(panel).findByText('Saved. The collected deployments are judged again under these settings; other production environments need a refresh.');
    expect(saves[0].source).toEqual({ kind: 'git', repository: { id: 'r-config', name: 'config' }, branch: 'refs/heads/trunk', path: '/audit/policy.json' });
  });

  it('shows the history of saves, newest first, with what each changed', () => {
    let stored = nextSettings(null, { requiredApprovals: 3 }, { kind: 'settings' }, ada, '2026-11-01T08:00:00.000Z');
    stored = nextSettings(stored, { requiredApprovals: 1 }, { kind: 'settings' }, { ...ada, displayName: 'Bea Admin' }, '2026-11-02T09:30:00.000Z');
    const { panel } = open(readStoredSettings(stored));
    const history = within(panel).getByRole('list', { name: 'Settings history' });
    const entries = within(history).getAllByRole('listitem').filter((item) => item.parentElement === history);
    expect(entries.map((entry) => entry.textContent)).toEqual([
      'Version 2: saved by Bea Admin on 2026-11-02 09:30 UTCrequiredApprovals: 3 → 1',
      'Version 1: saved by Ada Admin on 2026-11-01 08:00 UTCrequiredApprovals: 2 → 3',
    ]);
    expect(within(panel).getByText('History (version 2 in use)')).toBeTruthy();
  });

  it('flags an approver typed by hand that matches no identity, and refuses to save it', async () => {
    const { panel, saves } = open();
    const typed = within(panel).getByLabelText('Approver typed by hand');
    fireEvent.change(typed, { target: { value: 'Pirya Raman' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Add the approver typed by hand' }));
    expect(await within(panel).findByText(/^No person or group answers to “Pirya Raman”: pick it from the suggestions/)).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    expect(await within(panel).findByText('No person or group answers to “Pirya Raman”.')).toBeTruthy();
    expect(saves).toHaveLength(0);
  });

  it('saves approvers typed by hand that name an identity, a group by its [Project]\\Name', async () => {
    const { panel, saves } = open();
    for (const name of ['Priya Raman', '[Shop]\\Release Approvers']) {
      fireEvent.change(within(panel).getByLabelText('Approver typed by hand'), { target: { value: name } });
      fireEvent.keyDown(within(panel).getByLabelText('Approver typed by hand'), { key: 'Enter' });
    }
    await act(async () => undefined);
    expect(within(panel).queryByText(/No person or group answers to/)).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    await within(panel).findByText('Saved. The collected deployments are judged again under these settings; other production environments need a refresh.');
    expect(saves[0].input.approvers).toEqual(['Priya Raman', '[Shop]\\Release Approvers']);
  });

  it('adds an approver picked from the people picker’s suggestions by sign-in address', async () => {
    const { panel, saves, searches } = open();
    const picker = within(panel).getByLabelText('Approvers: search people and groups');
    fireEvent.focus(picker);
    fireEvent.change(picker, { target: { value: 'pri' } });
    await waitFor(() => expect(searches).toContain('pri'));
    fireEvent.click(await screen.findByText('Priya Raman'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    await within(panel).findByText('Saved. The collected deployments are judged again under these settings; other production environments need a refresh.');
    expect(saves[0].input.approvers).toEqual(['priya.raman@fabrikam.com']);
  });
});
