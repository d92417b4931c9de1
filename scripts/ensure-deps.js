#!/usr/bin/env node
// Installs the project's dependencies when they are missing, so `npm start` and `npm test` work on a fresh clone.
// "Missing" is judged by content, not by file times: a fresh checkout (or a git worktree) has a newer
// package-lock.json than an install that already matches it, and reinstalling then would be wasted (or, where
// node_modules is shared, destructive).
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const root = path.resolve(__dirname, '..');

/** Whether node_modules holds every package the lock requires, at the locked version. */
function installedMatchesLock() {
  let lock;
  let installed;
  try {
    lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    installed = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '.package-lock.json'), 'utf8'));
  } catch {
    return false;
  }
  const have = installed.packages || {};
  for (const [key, entry] of Object.entries(lock.packages || {})) {
    // The root is not installed; optional packages (other platforms' binaries) may rightly be absent.
    if (key === '' || entry.optional || entry.link) continue;
    if (!have[key] || have[key].version !== entry.version) return false;
  }
  return true;
}

if (!installedMatchesLock()) {
  process.stderr.write('Installing dependencies (npm ci)…\n');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
