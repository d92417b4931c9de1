import { sharedToken } from './token';

describe('sharedToken', () => {
  it('asks the host once a minute, not once per request', async () => {
    let time = 0;
    let asked = 0;
    const token = sharedToken(async () => `token-${++asked}`, 60_000, () => time);
    expect(await Promise.all([token(), token(), token()])).toEqual(['token-1', 'token-1', 'token-1']);
    time = 59_000;
    expect(await token()).toBe('token-1');
    time = 61_000;
    expect(await token()).toBe('token-2');
  });

  it('asks again after a failure', async () => {
    let asked = 0;
    const token = sharedToken(async () => {
      asked++;
      if (asked === 1) throw new Error('host busy');
      return 'fresh';
    });
    await expect(token()).rejects.toThrow('host busy');
    expect(await token()).toBe('fresh');
  });
});
