/**
 * The report's integrity block: the SHA-256 of the report without that block, in its RFC 8785 canonical form.
 * Anyone can check it with standard tools (README: "Checking a report's integrity"); `deploy-audit verify` does.
 */
import type { ReportIntegrity } from '../report';
import { writeCanonicalJson } from './canonical-json';
import { Sha256 } from './sha256';

export const INTEGRITY_ALGORITHM = 'sha256';
export const INTEGRITY_CANONICALIZATION = 'RFC 8785';

/** Characters gathered before they are hashed: large enough to be fast, small enough never to hold a report twice. */
const CHUNK = 1 << 16;

/** Hex SHA-256 of the canonical form of a JSON value, streamed through the hash. */
export function canonicalSha256(value: unknown): string {
  const hash = new Sha256();
  let pending = '';
  writeCanonicalJson(value, (chunk) => {
    pending += chunk;
    if (pending.length >= CHUNK) {
      hash.update(pending);
      pending = '';
    }
  });
  return hash.update(pending).hex();
}

/** Hex SHA-256 of a report (or its parsed JSON) without its `integrity` member. */
export function reportSha256(report: object): string {
  const { integrity: _ignored, ...rest } = report as { integrity?: unknown };
  return canonicalSha256(rest);
}

export const integrityOf = (report: object): ReportIntegrity => ({
  algorithm: INTEGRITY_ALGORITHM,
  canonicalization: INTEGRITY_CANONICALIZATION,
  sha256: reportSha256(report),
});

export type IntegrityCheck =
  | { status: 'intact'; sha256: string }
  /** The recorded hash is not the report's: something was changed after it was written. */
  | { status: 'changed'; recorded: string; sha256: string }
  /** No integrity block (an older engine's report, or one it was removed from). */
  | { status: 'missing'; sha256: string }
  /** A block this version cannot check (another algorithm or canonicalization), or not a block at all. */
  | { status: 'unsupported'; sha256: string; message: string };

/** Checks the integrity block of a report as read from its JSON file. */
export function checkIntegrity(report: object): IntegrityCheck {
  const sha256 = reportSha256(report);
  const block = (report as { integrity?: unknown }).integrity;
  if (block === undefined) return { status: 'missing', sha256 };
  const { algorithm, canonicalization, sha256: recorded } = (block ?? {}) as Partial<Record<keyof ReportIntegrity, unknown>>;
  if (algorithm !== INTEGRITY_ALGORITHM || canonicalization !== INTEGRITY_CANONICALIZATION || typeof recorded !== 'string') {
    return {
      status: 'unsupported',
      sha256,
      message: `integrity block ${JSON.stringify(block)} is not {"algorithm": "sha256", "canonicalization": "RFC 8785", "sha256": …}`,
    };
  }
  return recorded.toLowerCase() === sha256 ? { status: 'intact', sha256 } : { status: 'changed', recorded, sha256 };
}
