/**
 * Reassembling a snapshot and checking it: every part's SHA-256 against the head, the whole's, and the report's own
 * integrity hash. "verified" only when every one matches; otherwise each difference is named. A snapshot whose text
 * no longer parses as a report cannot be shown at all (SnapshotUnreadableError, with the differences).
 */
import { checkIntegrity } from '../export/integrity';
import { Sha256, utf8Bytes } from '../export/sha256';
import type { AuditReport } from '../report';
import type { SnapshotHead, SnapshotPart } from './snapshot';

export interface SnapshotVerification {
  verified: boolean;
  /** What does not match, in words; empty when verified. */
  problems: string[];
}

export interface OpenedSnapshot {
  head: SnapshotHead;
  report: AuditReport;
  verification: SnapshotVerification;
}

export class SnapshotUnreadableError extends Error {
  override name = 'SnapshotUnreadableError';
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

/** Joins the parts in the head's order, checking each against the head. Parts may come in any order. */
export function reassemble(head: SnapshotHead, parts: readonly Pick<SnapshotPart, 'index' | 'text'>[]): { text: string; verification: SnapshotVerification } {
  const problems: string[] = [];
  const byIndex = new Map<number, string>();
  for (const part of parts) if (typeof part.text === 'string' && Number.isInteger(part.index)) byIndex.set(part.index, part.text);
  const whole = new Sha256();
  let bytes = 0;
  const texts: string[] = [];
  for (const ref of head.parts) {
    const text = byIndex.get(ref.index);
    if (text === undefined) {
      problems.push(`part ${ref.index + 1} of ${head.parts.length} is missing`);
      continue;
    }
    const encoded = utf8Bytes(text);
    whole.update(encoded);
    bytes += encoded.length;
    texts.push(text);
    const sha256 = new Sha256().update(encoded).hex();
    if (sha256 !== ref.sha256) problems.push(`part ${ref.index + 1} of ${head.parts.length} does not match its SHA-256 (published ${ref.sha256}, read ${sha256})`);
  }
  const extra = [...byIndex.keys()].filter((index) => !head.parts.some((ref) => ref.index === index));
  if (extra.length) problems.push(`${extra.length} part(s) not named by the snapshot's head`);
  const sha256 = whole.hex();
  if (sha256 !== head.sha256 || bytes !== head.bytes) problems.push(`the whole report does not match its SHA-256 (published ${head.sha256}, read ${sha256})`);
  return { text: texts.join(''), verification: { verified: problems.length === 0, problems } };
}

/** The snapshot's report and whether it is verified: parts, whole, and the report's own integrity hash. */
export function openSnapshot(head: SnapshotHead, parts: readonly Pick<SnapshotPart, 'index' | 'text'>[]): OpenedSnapshot {
  const { text, verification } = reassemble(head, parts);
  let report: AuditReport;
  try {
    report = JSON.parse(text) as AuditReport;
    if (!report || typeof report !== 'object' || !Array.isArray(report.deployments)) throw new Error('not a report');
  } catch {
    throw new SnapshotUnreadableError('The snapshot could not be read back as a report.', verification.problems.length ? verification.problems : ['its text is not a report']);
  }
  const problems = [...verification.problems];
  const integrity = checkIntegrity(report);
  if (integrity.status !== 'intact') problems.push(`the report's own integrity hash does not match (${integrity.status})`);
  else if (head.reportSha256 && integrity.sha256 !== head.reportSha256) problems.push('the report is not the one the head names');
  return { head, report, verification: { verified: problems.length === 0, problems } };
}
