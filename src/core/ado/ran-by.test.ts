import { identityFromConnectionData } from './ran-by';

describe('who runs the audit, from connectionData', () => {
  it('is the authenticated user: id, providerDisplayName and the account; the organization is the instanceId', () => {
    const body = {
      authenticatedUser: { id: 'u-1', providerDisplayName: 'Alice Director', properties: { Account: { $type: 'System.String', $value: 'alice@contoso.com' } } },
      instanceId: 'org-1',
    };
    expect(identityFromConnectionData(body)).toEqual({ ranBy: { id: 'u-1', displayName: 'Alice Director', uniqueName: 'alice@contoso.com' }, organizationId: 'org-1' });
  });

  it('is not known when the answer does not say (an anonymous or odd answer)', () => {
    expect(identityFromConnectionData({})).toEqual({ ranBy: null, organizationId: null });
    expect(identityFromConnectionData(null)).toEqual({ ranBy: null, organizationId: null });
    expect(identityFromConnectionData({ authenticatedUser: { providerDisplayName: 'x' }, instanceId: 'o' })).toEqual({ ranBy: null, organizationId: 'o' });
    expect(identityFromConnectionData({ authenticatedUser: { id: 'u', providerDisplayName: 'Build Service' } }).ranBy).toEqual({ id: 'u', displayName: 'Build Service', uniqueName: 'Build Service' });
  });
});
