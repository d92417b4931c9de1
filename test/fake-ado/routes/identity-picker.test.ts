import { sampleOrganization, TOKENS } from '../sample-org';
import { startFakeAdo } from '../server';

describe('the identity search of the people pickers (IdentityPicker/Identities)', () => {
  it('answers people and groups whose names start with the query, in the shape of the Identities API', async () => {
    const sample = sampleOrganization(0);
    const group = sample.org.group('[Shop]\\Release Approvers');
    const ado = await startFakeAdo(sample.org);
    try {
      const search = async (body: unknown) => {
        const res = await fetch(`${ado.orgUrl}/_apis/IdentityPicker/Identities?api-version=5.0-preview.1`, {
          method: 'POST',
          headers: { Authorization: `Basic ${Buffer.from(`:${TOKENS.good}`).toString('base64')}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { results: Array<{ queryToken: string; identities: Array<Record<string, unknown>> }> }).results;
      };
      const [alice] = await search({ query: 'ali', identityTypes: ['user', 'group'], operationScopes: ['ims', 'source'] });
      expect(alice.queryToken).toBe('ali');
      expect(alice.identities).toEqual([
        expect.objectContaining({ entityType: 'User', originDirectory: 'aad', localId: sample.people.alice.id, displayName: 'Alice Director', signInAddress: 'alice@contoso.com' }),
      ]);
      const [groups] = await search({ query: 'release', identityTypes: ['group'] });
      expect(groups.identities).toEqual([expect.objectContaining({ entityType: 'Group', localId: group.id, displayName: '[Shop]\\Release Approvers', scopeName: 'Shop' })]);
      const [onlyUsers] = await search({ query: 'release', identityTypes: ['user'] });
      expect(onlyUsers.identities).toEqual([]);
    } finally {
      await ado.close();
    }
  });
});
