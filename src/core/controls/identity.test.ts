import { distinctIdentities, isGroup, isNamed, nameOf, sameIdentity } from './identity';
import { group, person } from '../../../test/support/control-evidence';

describe('sameIdentity', () => {
  it('is the same person by id', () => {
    expect(sameIdentity(person('Rik Brouwer'), person('Rik Brouwer', { uniqueName: 'rik@elsewhere.example' }))).toBe(true);
  });

  it('is the same person by uniqueName, ignoring case, when the ids differ', () => {
    const other = person('Rik Brouwer', { id: '11111111-2222-3333-4444-555555555555', uniqueName: 'RIK.BROUWER@RABOBANK.COM' });
    expect(sameIdentity(person('Rik Brouwer'), other)).toBe(true);
  });

  it('tells different people apart', () => {
    expect(sameIdentity(person('Rik Brouwer'), person('Peter Dol'))).toBe(false);
  });

  it('does not take the same display name for the same person', () => {
    expect(sameIdentity(person('Jan Jansen'), person('Jan Jansen', { id: 'a-other-id', uniqueName: 'Jan.Jansen2@rabobank.nl' }))).toBe(false);
  });

  it('never matches empty or all-zero ids, nor a missing identity', () => {
    const nobody = { id: '', displayName: 'Nobody', uniqueName: '' };
    expect(sameIdentity(nobody, { ...nobody })).toBe(false);
    const service = { id: '00000000-0000-0000-0000-000000000000', displayName: 'Microsoft.VisualStudio.Services.TFS', uniqueName: '' };
    expect(sameIdentity(service, { ...service, displayName: 'Project Collection Build Service' })).toBe(false);
    expect(sameIdentity(person('Rik Brouwer'), null)).toBe(false);
  });
});

describe('isGroup', () => {
  it('recognises project groups and teams by their names', () => {
    expect(isGroup(group('Release Approvers'))).toBe(true);
    expect(isGroup({ id: 'g', displayName: 'Release Approvers', uniqueName: '[MyProject]\\Release Approvers' })).toBe(true);
    expect(isGroup({ id: 'g', displayName: '[TEAM FOUNDATION]\\Auditors', uniqueName: '' })).toBe(true);
  });

  it('recognises a group by a vstfs:/// uniqueName whatever its display name', () => {
    // As in the captured pull request 156: the Rocca-Reviewers group shown under a person's display name.
    const rocca = {
      id: '36bca3d9-448e-654e-a009-af83d334c70e',
      displayName: 'Chung Lok Lam',
      uniqueName: 'vstfs:///Classification/TeamProject/77e2647f-e1a3-4b56-8cbb-64f6f2751642\\Rocca-Reviewers',
    };
    expect(isGroup(rocca)).toBe(true);
  });

  it('takes people, with an e-mail address or DOMAIN\\user, for people', () => {
    expect(isGroup(person('Rik Brouwer'))).toBe(false);
    expect(isGroup({ id: 'p', displayName: 'Jan Jansen', uniqueName: 'CORP\\jjansen' })).toBe(false);
  });
});

describe('isNamed', () => {
  it('matches a person by uniqueName or id, ignoring case and surrounding spaces, never by display name', () => {
    expect(isNamed(person('Peter Dol'), ' peter.dol@RABOBANK.nl ')).toBe(true);
    expect(isNamed(person('Peter Dol'), person('Peter Dol').id.toUpperCase())).toBe(true);
    expect(isNamed(person('Peter Dol'), 'PETER DOL')).toBe(false);
    expect(isNamed(person('Peter Dol'), 'Peter')).toBe(false);
    expect(isNamed(person('Peter Dol'), '')).toBe(false);
  });

  it('matches a group by its scoped name or uniqueName', () => {
    expect(isNamed(group('Release Approvers'), '[sox-compliant-demo]\\release approvers')).toBe(true);
    expect(isNamed(group('Release Approvers'), group('Release Approvers').uniqueName)).toBe(true);
    expect(isNamed(group('Release Approvers'), 'Release Approvers')).toBe(false);
  });
});

it('nameOf falls back from displayName to uniqueName to id', () => {
  expect(nameOf(person('Peter Dol'))).toBe('Peter Dol');
  expect(nameOf({ id: 'x', displayName: '', uniqueName: 'peter@x.nl' })).toBe('peter@x.nl');
  expect(nameOf({ id: 'x', displayName: '', uniqueName: '' })).toBe('x');
  expect(nameOf(null)).toBe('an unknown identity');
});

it('distinctIdentities keeps the first of each person', () => {
  const rikAgain = person('Rik Brouwer', { id: 'other', displayName: 'Brouwer, R (Rik)', uniqueName: 'rik.brouwer@rabobank.com' });
  expect(distinctIdentities([person('Rik Brouwer'), person('Peter Dol'), rikAgain])).toEqual([person('Rik Brouwer'), person('Peter Dol')]);
});
