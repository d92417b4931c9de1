import * as React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { defaultPolicy } from '../core/policy';
import { approval, evidence, person, pullRequest } from '../../test/support/control-evidence';
import { PeopleView } from './PeopleView';
import { toRow } from './rows';

const rik = person('Rik Brouwer');
const chung = person('Chung Lok Lam');
const rows = [
  // Chung requested this one and wrote its pull request !156, and approved it: two conflicts on one deployment.
  evidence({ key: 'a', approvals: [approval(rik), approval(chung)] }),
  evidence({ key: 'b', approvals: [approval(rik)], pullRequests: [pullRequest({ id: 157, createdBy: rik })] }),
  evidence({ key: 'c', approvals: [approval(rik)], requestedBy: person('William Chan'), pullRequests: [] }),
].map((deployment) => toRow(deployment, defaultPolicy()));

describe('PeopleView', () => {
  it('counts each approver’s deployments and conflicts, with the conflicts’ reasons as the cell’s tooltip', () => {
    render(<PeopleView rows={rows} me={{ id: chung.id, name: chung.uniqueName }} selected={[]} onSelect={() => undefined} />);
    const [rikRow, chungRow] = within(document.querySelector('.da-people-table') as HTMLElement).getAllByRole('row').slice(1);
    expect(rikRow.textContent).toBe('Rik Brouwer31 deployment (1 own pull request)');
    expect(chungRow.textContent).toBe('Chung Lok Lam (you)11 deployment (1 own deployment, 1 own pull request)');
    expect(chungRow.querySelector('td.da-conflicts')!.getAttribute('title')).toBe(
      'Chung Lok Lam approved their own deployment\nChung Lok Lam approved a deployment of their own pull request !156',
    );
  });

  it('hands the chosen person to the hub by unique name, and marks the one the table is filtered to', () => {
    const chosen: { key: string; name: string }[] = [];
    render(<PeopleView rows={rows} me={{ id: '', name: '' }} selected={[rik.uniqueName.toLowerCase()]} onSelect={(person) => chosen.push(person)} />);
    const button = screen.getByRole('button', { name: 'Show the 3 deployments Rik Brouwer approved' });
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Show the 1 deployment Chung Lok Lam approved' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(chosen).toEqual([{ key: rik.uniqueName.toLowerCase(), name: 'Rik Brouwer' }]);
    expect(button.closest('tr')!.className).toBe('da-people-selected');
  });
});
