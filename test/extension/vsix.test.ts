/**
 * `npm run package` makes a .vsix that tfx accepts: the three contributions, exactly the read-only scopes (plus the
 * settings' data), and every file the manifest and the pages reference. The package is made again when it is
 * missing or older than what it is made from (DEPLOY_AUDIT_REBUILD_VSIX=1: always): from the production bundle
 * the browser tests share when that one is fresh (only the package script's tfx step then runs, so that no webpack
 * run wipes dist/extension under a browser test), else by `npm run package` as a whole.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { staleness } from '../host-simulator/extension-build';
import { readZip } from '../support/zip';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'vss-extension.json'), 'utf8'));
const VSIX = path.join(ROOT, 'out', `${manifest.publisher}.${manifest.id}-${manifest.version}.vsix`);

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  if (process.env.DEPLOY_AUDIT_REBUILD_VSIX === '1' || !fs.existsSync(VSIX)) return true;
  const sources = [path.join(ROOT, 'src'), path.join(ROOT, 'images')].map(newestSource);
  const files = ['vss-extension.json', 'overview.md', 'webpack.config.js', 'package.json'].map((file) => fs.statSync(path.join(ROOT, file)).mtimeMs);
  return Math.max(...sources, ...files) > fs.statSync(VSIX).mtimeMs;
}

let entries: Map<string, Buffer>;
let packaged: { scopes: string[]; contributions: { id: string; type: string; targets: string[]; properties: Record<string, unknown> }[] };

/** The production bundle in dist/extension is up to date (a development build does not count). */
function productionBundleFresh(): boolean {
  const info = path.join(ROOT, 'dist', 'extension', 'build-info.json');
  return staleness() === null && fs.existsSync(info) && JSON.parse(fs.readFileSync(info, 'utf8')).mode === 'production';
}

function makePackage(): void {
  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
  if (!productionBundleFresh()) {
    execFileSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
    return;
  }
  // "npm run build:extension && tfx extension create …": the bundle is built; run the rest.
  const [build, tfx] = scripts.package.split(' && ');
  expect(build).toBe('npm run build:extension');
  execFileSync('sh', ['-c', `npx ${tfx}`], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}

beforeAll(() => {
  if (stale()) makePackage();
  entries = readZip(fs.readFileSync(VSIX));
  packaged = JSON.parse(entries.get('extension.vsomanifest')!.toString('utf8'));
}, 300_000);

describe('the extension package', () => {
  it('holds the three contributions where Azure DevOps shows them', () => {
    const byId = Object.fromEntries(packaged.contributions.map((contribution) => [contribution.id, contribution]));
    expect(Object.keys(byId).sort()).toEqual(['deployment-audit-hub', 'release-audit-tab', 'run-audit-tab']);
    expect(byId['deployment-audit-hub']).toMatchObject({
      type: 'ms.vss-web.hub',
      targets: ['ms.vss-build-web.build-release-hub-group'],
      properties: { name: 'Deployment Audit', uri: 'dist/extension/hub/hub.html' },
    });
    expect(byId['release-audit-tab']).toMatchObject({
      type: 'ms.vss-releaseManagement-web.release-summary-tab',
      targets: ['ms.vss-releaseManagement-web.release-details-view'],
      properties: { uri: 'dist/extension/release-tab/release-tab.html' },
    });
    expect(byId['run-audit-tab']).toMatchObject({
      type: 'ms.vss-build-web.build-results-tab',
      targets: ['ms.vss-build-web.build-results-view'],
      properties: { uri: 'dist/extension/run-tab/run-tab.html' },
    });
  });

  it('asks for the read scopes and the settings’ data, nothing more', () => {
    expect(packaged.scopes).toEqual(['vso.build', 'vso.release', 'vso.code', 'vso.test', 'vso.extension.data_write']);
  });

  it('names the publisher, the extension, its icon and its Marketplace page', () => {
    const vsix = entries.get('extension.vsixmanifest')!.toString('utf8');
    expect(vsix).toContain('Id="deploy-audit"');
    expect(vsix).toContain('Publisher="deployaudit"');
    expect(vsix).toContain('<DisplayName>Deploy Audit</DisplayName>');
    expect(vsix).toContain('Path="images/logo.png"');
    expect(vsix).toContain('Path="overview.md"');
    expect(vsix).toContain('Azure Pipelines');
  });

  it('contains every file the manifest and the pages reference', () => {
    const referenced = new Set<string>(['images/logo.png', 'overview.md']);
    for (const contribution of packaged.contributions) {
      for (const value of Object.values(contribution.properties)) {
        if (typeof value === 'string' && /\.(html|png)$/.test(value)) referenced.add(value);
      }
    }
    for (const page of [...referenced].filter((file) => file.endsWith('.html'))) {
      const html = entries.get(page)?.toString('utf8') ?? '';
      for (const [, src] of html.matchAll(/<script[^>]*\ssrc=["']?([^"'\s>]+)/g)) referenced.add(path.posix.join(path.posix.dirname(page), src));
    }
    const missing = [...referenced].filter((file) => !entries.has(file));
    expect(missing).toEqual([]);
    expect([...referenced].filter((file) => file.endsWith('.js')).sort()).toEqual([
      'dist/extension/hub/hub.js',
      'dist/extension/release-tab/release-tab.js',
      'dist/extension/run-tab/run-tab.js',
    ]);
  });

  it('ships the code the bundles load on demand and the icon fonts their styles name', () => {
    const chunks = [...entries.keys()].filter((file) => file.startsWith('dist/extension/chunks/') && file.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(0);
    const hub = entries.get('dist/extension/hub/hub.js')!.toString('utf8');
    // Every chunk is loaded by the hub, or by what the hub loads (the export worker loads the exporters' chunks).
    const reached = new Set<string>();
    const loaders = [hub];
    while (loaders.length) {
      const loader = loaders.pop()!;
      for (const chunk of chunks) {
        if (reached.has(chunk) || !loader.includes(path.posix.basename(chunk).split('.')[1])) continue;
        reached.add(chunk);
        loaders.push(entries.get(chunk)!.toString('utf8'));
      }
    }
    expect(chunks.filter((chunk) => !reached.has(chunk))).toEqual([]);
    const fonts = [...entries.keys()].filter((file) => /\.(woff2?)$/.test(file));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(hub).toContain(path.posix.basename(font));
  });

  it('bundles one copy of the SDK per page, minified, without source maps', () => {
    for (const name of ['hub', 'release-tab', 'run-tab']) {
      const bundle = entries.get(`dist/extension/${name}/${name}.js`)!.toString('utf8');
      expect(bundle.match(/_AzureDevOpsSDKVersion/g)).toHaveLength(2); // the check and the assignment of one copy
      expect(Math.max(...bundle.split('\n').map((line) => line.length))).toBeGreaterThan(100_000);
      expect(/\/\/# sourceMappingURL=\S+\.js\.map\s*$/.test(bundle)).toBe(false);
    }
    expect([...entries.keys()].filter((file) => file.endsWith('.map'))).toEqual([]);
  });
});
