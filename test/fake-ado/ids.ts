/**
 * Deterministic identifiers for the fake organization: the same builder calls always produce the same GUIDs,
 * commit ids and descriptors, so that snapshots of what the fake serves stay stable.
 */
import { createHash } from 'node:crypto';

function digest(parts: ReadonlyArray<string | number>): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

/** A GUID derived from its parts (shaped like an RFC 4122 name-based GUID). */
export function guidFrom(...parts: ReadonlyArray<string | number>): string {
  const hex = digest(parts).slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** A 40-hex-digit git commit id derived from its parts. */
export function commitFrom(...parts: ReadonlyArray<string | number>): string {
  return digest(['commit', ...parts]);
}

/** An identity descriptor as Azure DevOps writes them: `aad.<base64 of the id>` or `vssgp.<…>` for groups. */
export function descriptorFor(id: string, isGroup: boolean): string {
  const payload = Buffer.from(id).toString('base64').replace(/=+$/, '');
  return `${isGroup ? 'vssgp' : 'aad'}.${payload}`;
}

/** A small seeded PRNG (mulberry32), the engine's own: deterministic sequences for generated data. */
export { mulberry32 } from '../../src/core/engine/sample';
