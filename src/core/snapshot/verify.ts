/**
 * Reassembling a snapshot and checking it: every part's SHA-256 against the head, the whole's, and the report's own
 * integrity hash. "verified" only when every one matches; otherwise each difference is named. A snapshot whose text
 * no longer parses as a report cannot be shown at all (SnapshotUnreadableError, with the differences).
 */
import { utf8Bytes } from '../export/sha256';
import { concatenate, sha256Of } from './digest';
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
export async function reassemble(
  head: SnapshotHead,
  parts: readonly Pick<SnapshotPart, 'index' | 'text'>[],
): Promise<{ text: string; verification: SnapshotVerification }> {
  const problems: string[] = [];
  const byIndex = new Map<number, string>();
  for (const part of parts) if (typeof part.text === 'string' && Number.isInteger(part.index)) byIndex.set(part.index, part.text);
  const texts: string[] = [];
  const encoded: Uint8Array[] = [];
  for (const ref of head.parts) {
    const text = byIndex.get(ref.index);
    if (text === undefined) {
      problems.push(`part ${ref.index + 1} of ${head.parts.length} is missing`);
      continue;
    }
    texts.push(text);
    const bytes = utf8Bytes(text);
    encoded.push(bytes);
    const sha256 = await sha256Of(bytes);
    if (sha256 !== ref.sha256) problems.push(`part ${ref.index + 1} of ${head.parts.length} does not match its SHA-256 (published ${ref.sha256}, read ${sha256})`);
  }
  const extra = [...byIndex.keys()].filter((index) => !head.parts.some((ref) => ref.index === index));
  if (extra.length) problems.push(`${extra.length} part(s) not named by the snapshot's head`);
  const sha256 = await sha256Of(concatenate(encoded));
  if (sha256 !== head.sha256) problems.push(`the whole report does not match its SHA-256 (published ${head.sha256}, read ${sha256})`);
  return { text: texts.join(''), verification: { verified: problems.length === 0, problems } };
}

/**
 * The snapshot's report and whether it is verified: every part and the whole against the head, and the report's
 * integrity block against the head's record of it. (Its canonical hash is not recomputed here: with 20,000
 * deployments that is seconds more, and `deploy-audit verify` on an export does it.)
 */
export async function openSnapshot(head: SnapshotHead, parts: readonly Pick<SnapshotPart, 'index' | 'text'>[]): Promise<OpenedSnapshot> {
  const { text, verification } = await reassemble(head, parts);
  let report: AuditReport;
  try {
    report = JSON.parse(text) as AuditReport;
    if (!report || typeof report !== 'object' || !Array.isArray(report.deployments)) throw new Error('not a report');
  } catch {
    throw new SnapshotUnreadableError('The snapshot could not be read back as a report.', verification.problems.length ? verification.problems : ['its text is not a report']);
  }
  const problems = [...verification.problems];
  if (head.reportSha256 !== (report.integrity?.sha256 ?? null)) problems.push('the report’s integrity block is not the one the head records');
  return { head, report, verification: { verified: problems.length === 0, problems } };
}
