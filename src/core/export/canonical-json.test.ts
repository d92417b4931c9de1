import { CanonicalizationError, canonicalJson, sortedKeys } from './canonical-json';

/** A double from its IEEE 754 bits, as RFC 8785's Appendix B lists them. */
const fromBits = (hex: string): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

describe('canonicalJson (RFC 8785)', () => {
  it('writes the numbers of RFC 8785 Appendix B as the RFC does', () => {
    const vectors: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'], // -0
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, expected] of vectors) expect([bits, canonicalJson(fromBits(bits))]).toEqual([bits, expected]);
  });

  it('refuses NaN and the infinities, which JSON cannot hold', () => {
    expect(() => canonicalJson(fromBits('7fffffffffffffff'))).toThrow(CanonicalizationError);
    expect(() => canonicalJson({ a: [Infinity] })).toThrow('$.a[0]: Infinity is not a JSON number');
    expect(() => canonicalJson({ a: 1n })).toThrow('$.a: a bigint is not JSON');
  });

  it('gives the output of RFC 8785 section 3.2.2 for its example', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalJson(JSON.parse(input))).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3)', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    // Read the order from the text: JSON.parse would put the integer-like key "1" first again.
    const values = [...canonicalJson(JSON.parse(input)).matchAll(/:"([^"]*)"/g)].map((match) => match[1]);
    expect(values).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
    // The emoji (a surrogate pair, 0xD83D…) sorts before U+FB33 by code units though its code point is larger.
    expect(canonicalJson({ '\ufb33': 1, '\u{1f600}': 2 })).toBe('{"\u{1f600}":2,"\ufb33":1}');
  });

  it('nests without whitespace, leaves undefined members out and writes undefined array elements as null', () => {
    expect(canonicalJson({ b: [1, { d: undefined, c: 'x' }, undefined], a: { z: null, y: false } })).toBe(
      '{"a":{"y":false,"z":null},"b":[1,{"c":"x"},null]}',
    );
  });

  it('writes deep values (written whole, a deployment at a time) exactly as shallow ones', () => {
    const input = JSON.parse(String.raw`{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001, -0],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false], "\ud83d\ude00": 1, "\ufb33": 2}`);
    const deep = { a: [{ b: input }] };
    expect(canonicalJson(deep)).toBe(`{"a":[{"b":${canonicalJson(input)}}]}`);
    expect(canonicalJson(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27,0],"string":"€$\u000f\nA'B\"\\\\\"/",` +
        '"\u{1f600}":1,"\ufb33":2}',
    );
    // Index-like keys, which no JavaScript object keeps in sorted order, deep down too.
    expect(canonicalJson({ a: { b: { x: 3, '2': 2, '10': 1 } } })).toBe('{"a":{"b":{"10":1,"2":2,"x":3}}}');
    expect(() => canonicalJson({ a: { b: { c: [NaN] } } })).toThrow('$.a.b.c[0]: NaN is not a JSON number');
  });

  it('equals the canonical form of the same value written and read back', () => {
    const value = { when: new Date('2024-05-14T09:12:31.553Z'), n: -0, list: [undefined], s: 'lone \ud800 surrogate' };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });
});

describe('sortedKeys', () => {
  it('copies a value with every object’s keys sorted and undefined members dropped', () => {
    const copy = sortedKeys({ b: { y: 1, x: [{ q: 1, p: undefined }] }, a: 2 });
    expect(JSON.stringify(copy)).toBe('{"a":2,"b":{"x":[{"q":1}],"y":1}}');
  });
});
