/**
 * JSON Canonicalization Scheme (RFC 8785, "JCS"): the one serialization of a JSON value that a hash can be taken of.
 * Object keys sorted by their UTF-16 code units, no whitespace, numbers as ECMAScript writes them (1e+21, 0 for -0),
 * strings escaped as JSON.stringify escapes them. ECMAScript's own JSON.stringify already writes strings, numbers and
 * literals the RFC's way (the RFC was written after it), so only the key order and the absence of whitespace are ours.
 *
 * `undefined` object members are left out, as JSON.stringify and JSON.parse leave them out, so that the canonical
 * form of a report before it is written equals the canonical form of the file read back.
 */

/** Receives the canonical text in pieces, so that a large report need not exist as one string to be hashed. */
export type CanonicalSink = (chunk: string) => void;

export class CanonicalizationError extends Error {
  override name = 'CanonicalizationError';
}

/** The canonical (RFC 8785) form of a JSON value. */
export function canonicalJson(value: unknown): string {
  const chunks: string[] = [];
  writeCanonicalJson(value, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/** Writes the canonical form of a JSON value to a sink, piece by piece. */
export function writeCanonicalJson(value: unknown, sink: CanonicalSink): void {
  write(value, sink, '$', 0);
}

/** Below this depth values are written whole (a deployment at a time), above it piece by piece. */
const WHOLE_BELOW = 2;

/** An array index as a key: JavaScript objects list such keys first, whatever order they were added in. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

/**
 * The canonical form by JSON.stringify of a copy whose objects have their keys added in sorted order: several times
 * faster than writing piece by piece. Null when the value holds an object with an index-like key, whose order no
 * JavaScript object keeps ("10" would come before "2"), or a number JSON cannot hold: the caller writes those piece by
 * piece (and names the bad number).
 */
function whole(value: unknown): string | null {
  let exact = true;
  const copy = (inner: unknown): unknown => {
    if (typeof inner === 'number') {
      if (!Number.isFinite(inner)) exact = false;
      return inner;
    }
    if (inner === null || typeof inner !== 'object') return inner;
    if (typeof (inner as { toJSON?: unknown }).toJSON === 'function') return copy((inner as { toJSON(): unknown }).toJSON());
    if (Array.isArray(inner)) return inner.map(copy);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) {
      if (INDEX_KEY.test(key)) exact = false;
      const member = (inner as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = copy(member);
    }
    return out;
  };
  const sorted = copy(value);
  return exact ? JSON.stringify(sorted) : null;
}

function write(value: unknown, sink: CanonicalSink, path: string, depth: number): void {
  if (depth >= WHOLE_BELOW && value !== null && typeof value === 'object') {
    const text = whole(value);
    if (text !== null) return sink(text);
  }
  if (value === null) return sink('null');
  switch (typeof value) {
    case 'boolean':
      return sink(value ? 'true' : 'false');
    case 'string':
      return sink(JSON.stringify(value));
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(`${path}: ${value} is not a JSON number`);
      // ECMAScript's Number-to-String: shortest round-trip digits, exponent from 1e21 and below 1e-6; -0 is "0".
      return sink(JSON.stringify(value));
    case 'object': {
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return write((value as { toJSON(): unknown }).toJSON(), sink, path, depth);
      if (Array.isArray(value)) {
        sink('[');
        value.forEach((item, index) => {
          if (index) sink(',');
          // As JSON.stringify: an undefined array element is null.
          write(item === undefined ? null : item, sink, `${path}[${index}]`, depth + 1);
        });
        return sink(']');
      }
      // Array.prototype.sort without a comparator compares UTF-16 code units: RFC 8785's order.
      const keys = Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort();
      sink('{');
      keys.forEach((key, index) => {
        sink(index ? `,${JSON.stringify(key)}:` : `${JSON.stringify(key)}:`);
        write((value as Record<string, unknown>)[key], sink, `${path}.${key}`, depth + 1);
      });
      return sink('}');
    }
    default:
      throw new CanonicalizationError(`${path}: a ${typeof value} is not JSON`);
  }
}

/**
 * A copy of a JSON value with every object's keys in canonical (sorted) order and undefined members left out: how the
 * report writes values whose shape it does not fix itself, such as the evidence, so that the bytes never depend on
 * the order the value was built in.
 */
export function sortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => sortedKeys(item)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== undefined) out[key] = sortedKeys(inner);
    }
    return out as T;
  }
  return value;
}
