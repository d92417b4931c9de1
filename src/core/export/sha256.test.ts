import { createHash } from 'node:crypto';
import { sha256Base64 } from './sha256';

const reference = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

describe('sha256Base64', () => {
  it('matches the FIPS 180-2 example', () => {
    expect(sha256Base64('abc')).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });

  it.each([
    ['empty', ''],
    ['one block less one byte', 'x'.repeat(55)],
    ['exactly one block with padding spilling over', 'y'.repeat(56)],
    ['several blocks', 'z'.repeat(1000)],
    ['non-ASCII', 'Łukasz · Pruyssenaere ✓ 😀'],
  ])('matches node:crypto for %s text', (_, text) => {
    expect(sha256Base64(text)).toBe(reference(text));
  });
});
