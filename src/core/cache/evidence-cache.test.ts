import { evidence } from '../../../test/support/control-evidence';
import { EVIDENCE_CACHE_VERSION, EvidenceCache, MemoryEvidenceStore } from './evidence-cache';

/** A store holding these entries as a file or IndexedDB would give them back: parsed JSON. */
async function cacheWith(entries: [string, unknown][]) {
  const store = new MemoryEvidenceStore();
  await store.save('scope', new Map(entries.map(([key, value]) => [key, { version: EVIDENCE_CACHE_VERSION, evidence: JSON.parse(JSON.stringify(value)) }])));
  return new EvidenceCache(store, 'scope');
}

describe('kept evidence is checked, not trusted', () => {
  const kept = evidence({ capturedAt: '2026-11-01T00:00:00.000Z' });

  it('gives back evidence of the shape the engine writes', async () => {
    const cache = await cacheWith([[kept.key, kept]]);
    expect(await cache.get(kept.key)).toEqual(kept);
  });

  it('ignores an entry edited into another shape, so the deployment is collected again', async () => {
    const edited = { ...kept, tests: { total: 124, passed: 124, failed: 'none', other: 0 } };
    const noApprovals = { ...kept, approvals: undefined };
    const badStatus = { ...kept, approvals: [{ ...kept.approvals[0], status: 'approved-by-me' }] };
    const cache = await cacheWith([
      ['a', { ...edited, key: 'a' }],
      ['b', { ...noApprovals, key: 'b' }],
      ['c', { ...badStatus, key: 'c' }],
    ]);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('c')).toBeUndefined();
  });

  it("ignores evidence kept under another deployment's key", async () => {
    const cache = await cacheWith([['yaml:1:2:Production:1', kept]]);
    expect(await cache.get('yaml:1:2:Production:1')).toBeUndefined();
  });

  it('ignores entries of an older engine', async () => {
    const store = new MemoryEvidenceStore();
    await store.save('scope', new Map([[kept.key, { version: EVIDENCE_CACHE_VERSION - 1, evidence: kept }]]));
    expect(await new EvidenceCache(store, 'scope').get(kept.key)).toBeUndefined();
  });

  it('keeps evidence missing only what is gone for good (404), and asks again for what may come back', async () => {
    const cache = new EvidenceCache(new MemoryEvidenceStore(), 'scope');
    const gone = evidence({ key: 'gone', errors: [{ source: 'build', status: 404, message: 'build 1: not found' }] });
    const denied = evidence({ key: 'denied', errors: [{ source: 'approvals', status: 403, message: 'access denied' }] });
    const failing = evidence({ key: 'failing', errors: [{ source: 'tests', status: 503, message: 'unavailable' }] });
    const malformed = evidence({ key: 'malformed', errors: [{ source: 'timeline', status: null, message: 'unexpected answer' }] });
    await cache.remember([gone, denied, failing, malformed]);
    expect(await cache.get('gone')).toBe(gone);
    for (const key of ['denied', 'failing', 'malformed']) expect(await cache.get(key)).toBeUndefined();
  });
});
