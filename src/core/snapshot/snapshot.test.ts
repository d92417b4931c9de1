/**
 * Snapshots cut a report into documents of at most 512 KB and put it back together: verified only when every part,
 * the whole and the report's own hash match; a tampered, missing or reordered part is named.
 */
import { sampleDeployments } from '../../../test/support/fake-audit-service';
import { buildReport } from '../engine/report';
import { toJson } from '../export/json';
import { sha256Hex, utf8Bytes } from '../export/sha256';
import { defaultPolicy } from '../policy';
import type { AuditReport } from '../report';
import { PART_TEXT_BYTES, SNAPSHOT_DOCUMENT_BYTES, splitText } from './parts';
import { buildSnapshot, type SnapshotPart } from './snapshot';
import { openSnapshot, SnapshotUnreadableError } from './verify';

const WINDOW = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const BY = { id: 'user-alice', displayName: 'Alice Director', uniqueName: 'alice@contoso.com' };

function reportOf(count: number): AuditReport {
  return buildReport({
    orgUrl: 'https://dev.azure.com/contoso',
    project: 'Shop',
    window: WINDOW,
    policy: defaultPolicy(),
    deployments: sampleDeployments(count),
    generatedAt: new Date('2026-11-21T08:00:00Z'),
    manifest: { generator: 'hub', ranBy: BY, projectId: 'project-shop', policySource: { kind: 'defaults' } },
  });
}

/** A part as the Extension Data Service stores it: the document's JSON, whose UTF-8 size the limit is about. */
const documentBytes = (part: SnapshotPart) => utf8Bytes(JSON.stringify({ ...part, __etag: 1 })).length;

describe('splitText', () => {
  it('keeps every part within its size once escaped, and the parts joined are the text', async () => {
    const text = `{"a":"quotes \\" and \\\\ back\\nslashes","b":"ünïcødé 😀 ${'x'.repeat(50)}\u0001"}`.repeat(40);
    const parts = splitText(text, 64);
    expect(parts.join('')).toBe(text);
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts) expect(utf8Bytes(JSON.stringify(part)).length - 2).toBeLessThanOrEqual(64);
  });

  it('never cuts a surrogate pair', async () => {
    const parts = splitText('😀'.repeat(100), 6);
    expect(parts.join('')).toBe('😀'.repeat(100));
    for (const part of parts) expect(part).toMatch(/^(😀)+$/u);
  });
});

describe('buildSnapshot and openSnapshot', () => {
  const report = reportOf(30);
  const input = { id: 'snap-1', publishedAt: new Date('2026-11-21T09:00:00Z'), publishedBy: BY };

  it('stores the JSON export in parts, with the head naming each part’s hash, the whole’s and the report’s', async () => {
    const { head, parts } = await buildSnapshot(report, input, 4096);
    expect(parts.length).toBeGreaterThan(5);
    expect(JSON.parse(parts.map((part) => part.text).join(''))).toEqual(JSON.parse(toJson(report)));
    expect(head).toMatchObject({ id: 'snap-1', publishedBy: BY, publishedAt: '2026-11-21T09:00:00.000Z', deployments: 30, window: report.window });
    expect(head.parts.map((ref) => ref.id)).toEqual(parts.map((part) => part.id));
    expect(head.reportSha256).toBe(JSON.parse(toJson(report)).integrity.sha256);
    const opened = await openSnapshot(head, [...parts].reverse());
    expect(opened.verification).toEqual({ verified: true, problems: [] });
    expect(opened.report.deployments.map((d) => d.key)).toEqual(report.deployments.map((d) => d.key));
    expect(opened.report.manifest?.ranBy).toEqual(BY);
  });

  it('is not verified when a part was changed, even where the report still reads', async () => {
    const { head, parts } = await buildSnapshot(report, input, 4096);
    const tampered = parts.map((part) => (part.text.includes('"pass"') ? { ...part, text: part.text.replace('"pass"', '"fail"') } : part));
    const changed = tampered.findIndex((part, index) => part !== parts[index]);
    const opened = await openSnapshot(head, tampered);
    expect(opened.verification.verified).toBe(false);
    expect(opened.verification.problems).toEqual(
      expect.arrayContaining([expect.stringContaining(`part ${changed + 1} of ${parts.length} does not match`), expect.stringContaining('whole report does not match')]),
    );
  });

  it('is not verified when the report’s integrity block is not the one the head records', async () => {
    const { head, parts } = await buildSnapshot(report, input, 1 << 20);
    const text = parts[0].text.replace(/"sha256":"[0-9a-f]{64}"\}\}$/, `"sha256":"${'0'.repeat(64)}"}}`);
    expect(text).not.toBe(parts[0].text);
    const sha256 = sha256Hex(text);
    const opened = await openSnapshot({ ...head, parts: [{ ...head.parts[0], sha256 }], sha256 }, [{ index: 0, text }]);
    expect(opened.verification).toEqual({ verified: false, problems: ['the report’s integrity block is not the one the head records'] });
  });

  it('computes the hashes standard tools compute: SHA-256 of each part’s UTF-8 and of the parts joined', async () => {
    const { head, parts } = await buildSnapshot(report, input, 4096);
    expect(head.parts.map((ref) => ref.sha256)).toEqual(parts.map((part) => sha256Hex(part.text)));
    expect(head.sha256).toBe(sha256Hex(parts.map((part) => part.text).join('')));
    expect(head.bytes).toBe(utf8Bytes(parts.map((part) => part.text).join('')).length);
  });

  it('names a missing part, and cannot show a report whose text no longer parses', async () => {
    const { head, parts } = await buildSnapshot(report, input, 4096);
    const error = await openSnapshot(head, parts.slice(1)).then(
      () => {
        throw new Error('expected the snapshot to be unreadable');
      },
      (caught: unknown) => caught as SnapshotUnreadableError,
    );
    expect(error).toBeInstanceOf(SnapshotUnreadableError);
    expect(error.problems).toContain(`part 1 of ${parts.length} is missing`);
  });
});

describe('20,000 deployments', () => {
  it('publish in documents of at most 512 KB each and open verified, deployment for deployment', async () => {
    const report = reportOf(20_000);
    const { head, parts } = await buildSnapshot(report, { id: 'big', publishedAt: new Date('2026-11-21T09:00:00Z'), publishedBy: BY });
    expect(parts.length).toBe(head.parts.length);
    expect(parts.length).toBeGreaterThan(Math.floor(head.bytes / PART_TEXT_BYTES));
    for (const part of parts) expect(documentBytes(part)).toBeLessThanOrEqual(SNAPSHOT_DOCUMENT_BYTES);
    expect(utf8Bytes(JSON.stringify(head)).length).toBeLessThanOrEqual(SNAPSHOT_DOCUMENT_BYTES);
    const opened = await openSnapshot(head, parts);
    expect(opened.verification.verified).toBe(true);
    // Tens of parts, not thousands of requests.
    expect(parts.length).toBeLessThan(500);
    expect(opened.report.deployments).toHaveLength(20_000);
    expect(opened.report.deployments[19_999].key).toBe(report.deployments[19_999].key);
  }, 180_000);
});
