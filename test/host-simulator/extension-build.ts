/**
 * The production bundle the simulator serves (dist/extension/<name>/<name>.html + .js, `npm run build:extension`),
 * built when missing or older than its sources; `npm start` and parallel browser test files share one build
 * (a lock directory).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './root';

export const EXTENSION_DIR = path.join(ROOT, 'dist', 'extension');
export const BUNDLES = ['hub', 'release-tab', 'run-tab'].map((name) => path.join(EXTENSION_DIR, name, `${name}.html`));
const SOURCES = ['src', 'webpack.config.js', 'vss-extension.json', 'package-lock.json', 'tsconfig.json'];
const LOCK = path.join(ROOT, 'dist', '.extension-build.lock');
const LOCK_STALE_MS = 10 * 60_000;

function newestSource(file: string): number {
  // The command line is not part of the extension.
  if (!fs.existsSync(file) || file === path.join(ROOT, 'src', 'cli')) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(file) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestSource(path.join(file, entry)));
  return newest;
}

/** Why the bundle must be (re)built, or null when it is fresh. */
export function staleness(): string | null {
  const missing = BUNDLES.find((b) => !fs.existsSync(b) || !fs.existsSync(b.replace(/\.html$/, '.js')));
  if (missing) return `${path.relative(ROOT, missing)} is missing`;
  const built = Math.min(...BUNDLES.map((b) => Math.min(fs.statSync(b).mtimeMs, fs.statSync(b.replace(/\.html$/, '.js')).mtimeMs)));
  const newest = Math.max(...SOURCES.map((s) => newestSource(path.join(ROOT, s))));
  return newest > built ? 'the sources changed since the last build' : null;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquire(): void {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - fs.statSync(LOCK).mtimeMs;
      if (age > LOCK_STALE_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      else sleep(250);
    }
  }
}

/** Builds the production bundle unless it is fresh. Synchronous: called before anything starts. */
export function ensureExtensionBuilt(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (process.env.DEPLOY_AUDIT_SKIP_EXTENSION_BUILD === '1' || staleness() === null) return;
  acquire();
  try {
    const reason = staleness();
    if (reason === null) return;
    log(`Building the extension (${reason}): npm run build:extension…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const started = Date.now();
    const result = spawnSync(npm, ['run', 'build:extension'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (result.status !== 0) {
      throw new Error(`npm run build:extension failed (${reason}):\n${result.stdout}\n${result.stderr}`.slice(-6000));
    }
    // webpack leaves unchanged files alone (compareBeforeEmit): mark the build as done now.
    const now = new Date();
    for (const bundle of BUNDLES) {
      if (fs.existsSync(bundle)) fs.utimesSync(bundle, now, now);
      const script = bundle.replace(/\.html$/, '.js');
      if (fs.existsSync(script)) fs.utimesSync(script, now, now);
    }
    const still = staleness();
    if (still) throw new Error(`npm run build:extension ran but ${still}`);
    log(`Built the extension in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}
