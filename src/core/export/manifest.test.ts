import ExcelJS from 'exceljs';
import { parse } from 'papaparse';
import { buildReport, type ManifestInput } from '../engine/report';
import { parsePolicy } from '../policy';
import type { AuditReport } from '../report';
import { ENGINE_VERSION } from '../version';
import { evidenceDeployments } from '../../../test/support/evidence-report';
import { toCsv } from './csv';
import { toHtml } from './html';
import { checkIntegrity } from './integrity';
import { toJson } from './json';
import { manifestFacts, manifestNotices, manifestSource } from './manifest';
import { toXlsx } from './xlsx';

const GENERATED = new Date('2026-12-01T06:00:00Z');

function report(manifest: Partial<ManifestInput> = {}, policy = parsePolicy({ productionEnvironments: ['production*'] })): AuditReport {
  const deployments = evidenceDeployments();
  // Two deployments from evidence kept by earlier audits, one captured minutes ago (the same audit).
  deployments[2] = { ...deployments[2], capturedAt: '2026-11-20T10:00:00.000Z' };
  deployments[5] = { ...deployments[5], capturedAt: '2026-11-25T10:00:00.000Z' };
  deployments[6] = { ...deployments[6], capturedAt: '2026-12-01T05:55:00.000Z' };
  return buildReport({
    orgUrl: 'https://dev.azure.com/contoso/',
    project: 'Shop',
    window: { from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') },
    policy,
    deployments,
    generatedAt: GENERATED,
    population: { patterns: [{ pattern: 'production*', matched: ['production', 'production-eu'] }], waiting: 1 },
    manifest: { generator: 'command line', ranBy: { id: 'u-1', displayName: 'Alice', uniqueName: 'alice@contoso.com' }, policySource: { kind: 'defaults' }, ...manifest },
  });
}

describe('the report’s manifest', () => {
  it('counts the deployments, those from kept evidence (captured over an hour before) and the oldest capture', () => {
    const { manifest } = report();
    expect(manifest).toMatchObject({
      engine: { name: 'deploy-audit', version: ENGINE_VERSION },
      generatedAt: GENERATED.toISOString(),
      organization: { name: 'contoso', id: null, url: 'https://dev.azure.com/contoso' },
      project: { name: 'Shop', id: null },
      deployments: { inReport: 12, fromKeptEvidence: 2, oldestCapture: '2026-11-20T10:00:00.000Z' },
      collection: null,
      filtered: null,
    });
  });

  it('is written after policy and population, before deployments, in the contract’s key order, and the integrity hash covers it', () => {
    const written = toJson(report({ filtered: { total: 40, text: 'environment is production', filters: [{ field: 'environment', values: ['production'] }] } }));
    const parsed = JSON.parse(written) as AuditReport;
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'organization', 'project', 'window', 'generatedAt', 'policy', 'population', 'manifest', 'deployments', 'summary', 'integrity']);
    expect(Object.keys(parsed.manifest!)).toEqual(['engine', 'generator', 'ranBy', 'generatedAt', 'organization', 'project', 'window', 'deployments', 'collection', 'filtered', 'policy']);
    expect(parsed.manifest!.filtered).toEqual({ shown: 12, total: 40, text: 'environment is production', filters: [{ field: 'environment', values: ['production'] }] });
    expect(checkIntegrity(parsed).status).toBe('intact');
    expect(checkIntegrity({ ...parsed, manifest: { ...parsed.manifest!, filtered: null } }).status).toBe('changed');
  });

  it('has no notice for an unfiltered, complete audit under the defaults, and then the CSV starts with its header', () => {
    const plain = report();
    expect(manifestNotices(plain)).toEqual([]);
    expect(toCsv(plain, { bom: false }).startsWith('"key",')).toBe(true);
    expect(toHtml(plain)).not.toContain('class="notice"');
  });

  it('says FILTERED, INCOMPLETE and RELAXED POLICY in that order, first in the CSV (one quoted cell a row, whatever the delimiter)', () => {
    const relaxed = parsePolicy({ productionEnvironments: ['production*'], requiredApprovals: 1, controls: { 'tests-passed': { enabled: false } } });
    const marked = report(
      { filtered: { total: 40, text: 'pipeline is "web", shop', filters: [] }, collection: { state: 'incomplete', collected: 30, total: 35 } },
      relaxed,
    );
    expect(manifestNotices(marked)).toEqual([
      'FILTERED: 12 of 40 deployments (pipeline is "web", shop)',
      'INCOMPLETE: 30 of 35 deployments collected (the audit was not complete)',
      'RELAXED POLICY: requiredApprovals is 1 (default 2); control tests-passed is disabled',
    ]);
    for (const delimiter of [',', ';', '\t'] as const) {
      const rows = parse<string[]>(toCsv(marked, { bom: false, delimiter }), { delimiter }).data;
      expect(rows.slice(0, 3).map((row) => row.length)).toEqual([1, 1, 1]);
      expect(rows[0][0]).toBe('FILTERED: 12 of 40 deployments (pipeline is "web", shop)');
      expect(rows[3][0]).toBe('key');
    }
  });

  it('says STALE first, in every format, for results that no longer matched the screen, and names the window one way', async () => {
    const stale = report({ generator: 'hub', stale: 'These results are of 1 Sep 2026 to 30 Nov 2026 (UTC), production environments production*; the window on screen is 1 Oct 2026 to 31 Oct 2026 (UTC).' });
    const notice = 'STALE: These results are of 1 Sep 2026 to 30 Nov 2026 (UTC), production environments production*; the window on screen is 1 Oct 2026 to 31 Oct 2026 (UTC). Refresh to apply.';
    expect(manifestNotices(stale)).toEqual([notice]);
    expect(JSON.parse(toJson(stale)).manifest.stale).toEqual({ text: stale.manifest!.stale!.text });
    expect(checkIntegrity(JSON.parse(toJson(stale))).status).toBe('intact');
    expect(parse<string[]>(toCsv(stale, { bom: false })).data[0][0]).toBe(notice);
    expect(toHtml(stale)).toContain('<strong>STALE</strong>: These results are of 1 Sep 2026 to 30 Nov 2026 (UTC)');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await toXlsx(stale)) as never);
    expect(workbook.worksheets[0].getRow(1).getCell(1).value).toBe(notice);
    expect(Object.fromEntries(manifestFacts(report()))['Window']).toBe('1 Sep 2026 to 30 Nov 2026 (UTC)');
    expect(JSON.parse(toJson(report())).manifest).not.toHaveProperty('stale');
  });

  it('names the published snapshot an export came from, and says so loudly when its hashes did not match', () => {
    const snapshot = {
      id: 'b3f1c2d4-0000-4000-8000-000000000001',
      publishedAt: '2026-12-01T07:00:00.000Z',
      publishedBy: { id: 'u-2', displayName: 'Margaret Chen', uniqueName: 'margaret@fabrikam.com' },
      capturedAt: '2026-12-01T06:30:00.000Z',
      reportSha256: 'ab'.repeat(32),
      verified: true,
    };
    const exported = report({ generator: 'hub', snapshot });
    expect(manifestNotices(exported)).toEqual([
      `FROM SNAPSHOT: audited 2026-12-01 06:30 UTC, published 2026-12-01 07:00 UTC by Margaret Chen (snapshot ${snapshot.id}; every part's SHA-256 matched)`,
    ]);
    const json = JSON.parse(toJson(exported));
    expect(json.manifest.snapshot).toEqual(snapshot);
    expect(checkIntegrity(json).status).toBe('intact');
    expect(manifestNotices(report({ generator: 'hub', snapshot: { ...snapshot, verified: false } }))[0]).toMatch(/^FROM AN UNVERIFIED SNAPSHOT: .*did not match/);
    expect(toHtml(exported)).toContain('FROM SNAPSHOT');
    expect(json.manifest).toHaveProperty('snapshot');
    expect(JSON.parse(toJson(report())).manifest).not.toHaveProperty('snapshot');
  });

  it('opens the HTML report: the notices escaped in warning boxes, then the manifest, before the overview', () => {
    const html = toHtml(report({ filtered: { total: 40, text: '<script>alert(1)</script>', filters: [] } }));
    const main = html.slice(html.indexOf('<main'));
    expect(main.indexOf('<strong>FILTERED</strong>: 12 of 40 deployments (&lt;script&gt;alert(1)&lt;/script&gt;)')).toBeGreaterThan(0);
    expect(main).not.toContain('<script>alert');
    expect(main.indexOf('<h2>Manifest</h2>')).toBeLessThan(main.indexOf('class="tiles"'));
    expect(main).toContain('<dt>Run by</dt><dd>Alice &lt;alice@contoso.com&gt;</dd>');
    expect(main).toContain('<dt>From kept evidence</dt><dd>2, the oldest captured 2026-11-20T10:00:00.000Z</dd>');
  });

  it('is the workbook’s first sheet, its notices in the first rows', async () => {
    const bytes = await toXlsx(report({ collection: { state: 'cancelled', collected: 12, total: 20 } }, parsePolicy({ requiredApprovals: 1 })));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as never);
    const sheet = workbook.worksheets[0];
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Manifest', 'Summary', 'Deployments', 'Trends']);
    expect(sheet.getRow(1).getCell(1).value).toBe('INCOMPLETE: 12 of 20 deployments collected (the audit was cancelled)');
    expect(sheet.getRow(2).getCell(1).value).toBe('RELAXED POLICY: requiredApprovals is 1 (default 2)');
    const facts = Object.fromEntries(manifestFacts(report()));
    expect(facts['Policy from']).toBe('the defaults (no policy file or settings)');
    expect(facts['Production pattern production*']).toBe('production, production-eu');
  });

  it('gives a sample the essentials of its population’s manifest, whose notices it repeats', () => {
    const population = report({ filtered: { total: 40, text: 'environment is production', filters: [] } });
    const source = manifestSource(population);
    expect(source).toEqual({
      engine: { name: 'deploy-audit', version: ENGINE_VERSION },
      generator: 'command line',
      ranBy: { id: 'u-1', displayName: 'Alice', uniqueName: 'alice@contoso.com' },
      generatedAt: GENERATED.toISOString(),
      policy: population.manifest!.policy,
      filtered: population.manifest!.filtered,
      collection: null,
    });
    const sample = { ...report(), manifest: { ...report().manifest!, source } };
    expect(manifestNotices(sample)).toEqual(['FILTERED: 12 of 40 deployments in the report this sample was drawn from (environment is production)']);
    // A report of an older engine has no manifest: its sample says what is known.
    const { manifest: _none, ...older } = population;
    expect(manifestSource(older as AuditReport)).toMatchObject({ engine: null, generator: null, ranBy: null, policy: null, filtered: null });
  });
});
