/**
 * A published snapshot (issue 10, part 4): the report as the JSON export writes it, in parts, and a head document
 * that says what it is (its manifest, window and counts), who published it and when, and the SHA-256 of every part
 * and of the whole, so that whoever opens it can tell whether what they read is what was published.
 *
 * Pure: the Extension Data Service's storage is src/extension/snapshots.ts.
 */
import type { ControlId } from '../controls/ids';
import type { Identity } from '../model';
import type { AuditReport, ReportManifest, StatusCounts } from '../report';
import { canonicalJson } from '../export/canonical-json';
import { INTEGRITY_ALGORITHM, INTEGRITY_CANONICALIZATION } from '../export/integrity';
import { orderReport } from '../export/json';
import { utf8Bytes } from '../export/sha256';
import { concatenate, sha256Of } from './digest';
import { SNAPSHOT_DOCUMENT_BYTES, splitText } from './parts';

export const SNAPSHOT_SCHEMA_VERSION = 1;
export const SNAPSHOT_KIND = 'deploy-audit-snapshot';

export interface SnapshotPartRef {
  index: number;
  /** The part document's id. */
  id: string;
  /** UTF-8 bytes of the part's text. */
  bytes: number;
  /** Hex SHA-256 of the part's text as UTF-8. */
  sha256: string;
}

/** The head document: everything the list of snapshots shows, and the hashes that prove the parts. */
export interface SnapshotHead {
  id: string;
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  kind: typeof SNAPSHOT_KIND;
  publishedAt: string;
  /** The authenticated user who published it (connectionData's), as the report's manifest names people. */
  publishedBy: Identity | null;
  organization: string;
  project: string;
  window: { from: string; to: string };
  generatedAt: string;
  deployments: number;
  summary: Partial<Record<ControlId, StatusCounts>>;
  /** The report's own manifest (who collected it, from which policy, what was listed). */
  manifest: ReportManifest | null;
  /** The report's integrity hash (RFC 8785), as its JSON says. */
  reportSha256: string | null;
  /** The whole report's JSON text: its UTF-8 size and hex SHA-256. */
  bytes: number;
  sha256: string;
  parts: SnapshotPartRef[];
}

/** A part document: its text and which snapshot and place it belongs to. */
export interface SnapshotPart {
  id: string;
  snapshotId: string;
  index: number;
  text: string;
}

export const partId = (snapshotId: string, index: number): string => `${snapshotId}-part-${index}`;

export interface PublishInput {
  id: string;
  publishedAt: Date;
  publishedBy: Identity | null;
}

/** The snapshot of a report: its head and parts, ready to be stored. */
export async function buildSnapshot(report: AuditReport, input: PublishInput, partBytes?: number): Promise<{ head: SnapshotHead; parts: SnapshotPart[] }> {
  // The JSON export's report (json.ts, toJson) without its indentation, which would add a third to what is stored:
  // the integrity hash is of the canonical form, the same whatever the whitespace.
  const ordered = orderReport(report);
  // The integrity block integrity.ts writes, hashed natively: the engine's digest takes seconds at 20,000 deployments.
  const integrity = { algorithm: INTEGRITY_ALGORITHM, canonicalization: INTEGRITY_CANONICALIZATION, sha256: await sha256Of(utf8Bytes(canonicalJson(ordered))) } as const;
  const texts = splitText(JSON.stringify({ ...ordered, integrity }), partBytes);
  const encoded = texts.map((text) => utf8Bytes(text));
  const bytes = encoded.reduce((sum, chunk) => sum + chunk.length, 0);
  const parts: SnapshotPart[] = texts.map((text, index) => ({ id: partId(input.id, index), snapshotId: input.id, index, text }));
  const refs: SnapshotPartRef[] = await Promise.all(
    encoded.map(async (chunk, index) => ({ index, id: parts[index].id, bytes: chunk.length, sha256: await sha256Of(chunk) })),
  );
  const sha256 = await sha256Of(concatenate(encoded, bytes));
  const head: SnapshotHead = {
    id: input.id,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    kind: SNAPSHOT_KIND,
    publishedAt: input.publishedAt.toISOString(),
    publishedBy: input.publishedBy,
    organization: report.organization,
    project: report.project,
    window: { from: report.window.from, to: report.window.to },
    generatedAt: report.generatedAt,
    deployments: report.deployments.length,
    summary: report.summary.controls,
    manifest: report.manifest ?? null,
    reportSha256: integrity.sha256,
    bytes,
    sha256,
    parts: refs,
  };
  // A head is one document too: a report whose manifest alone were too large could not be listed.
  const headBytes = utf8Bytes(JSON.stringify(head)).length;
  if (headBytes > SNAPSHOT_DOCUMENT_BYTES) throw new Error(`the snapshot's head would take ${headBytes} bytes, more than a document's ${SNAPSHOT_DOCUMENT_BYTES}`);
  return { head, parts };
}
