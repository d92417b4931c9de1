/** Published snapshots of a report (issue 10, part 4): parts, head, reassembly and verification. */
export { PART_TEXT_BYTES, SNAPSHOT_DOCUMENT_BYTES, splitText } from './parts';
export { buildSnapshot, partId, SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, type PublishInput, type SnapshotHead, type SnapshotPart, type SnapshotPartRef } from './snapshot';
export { openSnapshot, reassemble, SnapshotUnreadableError, type OpenedSnapshot, type SnapshotVerification } from './verify';
