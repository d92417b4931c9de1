import { approverName, checkApprovers, namesIdentity, searchText, type DirectoryIdentity } from './approvers';

// As the IdentityPicker search answers (azure-devops-extension-api Identities: entityId, entityType, origin…).
const priya: DirectoryIdentity = {
  entityId: 'vss.ds.v1.aad.user.5a1e',
  entityType: 'User',
  originDirectory: 'aad',
  originId: '5a1e',
  displayName: 'Priya Raman',
  signInAddress: 'priya.raman@fabrikam.com',
  mail: 'priya.raman@fabrikam.com',
  samAccountName: 'priya.raman@fabrikam.com',
};
const approvers: DirectoryIdentity = {
  entityId: 'vss.ds.v1.vsd.group.77aa',
  entityType: 'Group',
  originDirectory: 'vsd',
  originId: '77aa',
  displayName: '[Fabrikam Shop]\\Release Approvers',
  scopeName: 'Fabrikam Shop',
};

describe('approvers named in the policy', () => {
  it('are a person’s sign-in address and a group’s [Project]\\Name', () => {
    expect(approverName(priya)).toBe('priya.raman@fabrikam.com');
    expect(approverName(approvers)).toBe('[Fabrikam Shop]\\Release Approvers');
    expect(approverName({ ...approvers, displayName: 'Release Approvers' })).toBe('[Fabrikam Shop]\\Release Approvers');
  });

  it('match an identity by any of its names, case-insensitive, as the engine compares them', () => {
    expect(namesIdentity('Priya Raman', priya)).toBe(true);
    expect(namesIdentity('PRIYA.RAMAN@fabrikam.com', priya)).toBe(true);
    expect(namesIdentity('Priya', priya)).toBe(false);
    expect(namesIdentity('[fabrikam shop]\\release approvers', approvers)).toBe(true);
    expect(searchText('[Fabrikam Shop]\\Release Approvers')).toBe('Release Approvers');
  });

  it('flag a name no identity answers to', async () => {
    const search = async (query: string) => [priya, approvers].filter((identity) => identity.displayName!.toLowerCase().includes(query.toLowerCase()));
    expect(await checkApprovers(['Priya Raman', '[Fabrikam Shop]\\Release Approvers', 'Pirya Raman'], search)).toEqual([
      { name: 'Priya Raman', identity: priya },
      { name: '[Fabrikam Shop]\\Release Approvers', identity: approvers },
      { name: 'Pirya Raman', identity: null },
    ]);
  });
});
