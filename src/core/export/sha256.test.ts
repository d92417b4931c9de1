import { createHash, randomBytes } from 'node:crypto';
import { encodeUtf8, Sha256, sha256Base64, sha256Hex } from './sha256';

const nodeSha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('Sha256', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with Node’s crypto at every length around the block boundaries, whole or in pieces', () => {
    for (let length = 0; length < 300; length++) {
      const data = randomBytes(length);
      expect(sha256Hex(new Uint8Array(data))).toBe(nodeSha256(data));
      const hash = new Sha256();
      for (let at = 0; at < length; at += 7) hash.update(new Uint8Array(data.subarray(at, at + 7)));
      expect(hash.hex()).toBe(nodeSha256(data));
    }
  });

  it('hashes strings as UTF-8', () => {
    const text = 'Pruyssenaere — € 😀 naïve';
    expect(sha256Hex(text)).toBe(nodeSha256(Buffer.from(text, 'utf8')));
  });
});

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

describe('encodeUtf8', () => {
  it('encodes as TextEncoder does, lone surrogates as U+FFFD', () => {
    for (const text of ['', 'abc', 'é€😀', 'Łukasz · ✓', 'lone \ud800 high', 'lone \udc00 low', 'pair at end \ud83d\ude00', '\ud800', '\u07ff\u0800\uffff']) {
      expect([...encodeUtf8(text)]).toEqual([...new TextEncoder().encode(text)]);
    }
  });
});
