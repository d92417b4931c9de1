// Jest runs the command line's bundle (bin/deploy-audit.js → dist/cli.js) in some tests: build it fresh first.
// The browser tests run the extension's production bundle (dist/extension): build it when they are selected and it
// is missing or older than its sources (test/host-simulator/extension-build.ts), so that no test waits for webpack.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** Whether this run includes browser tests (no project or path filter excludes all of test/browser). */
function browserTestsSelected(globalConfig) {
  const selected = globalConfig.selectProjects;
  if (Array.isArray(selected) && !selected.includes('browser')) return false;
  if (Array.isArray(globalConfig.ignoreProjects) && globalConfig.ignoreProjects.includes('browser')) return false;
  const patterns = globalConfig.testPathPatterns?.patterns ?? [];
  if (!patterns.length) return true;
  const dir = path.join(root, 'test', 'browser');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.browser.test.ts')).map((f) => path.join(dir, f)) : [];
  return files.some((file) =>
    patterns.some((pattern) => {
      try {
        return new RegExp(pattern, 'i').test(file);
      } catch {
        return true;
      }
    }),
  );
}

module.exports = async (globalConfig) => {
  require('../scripts/build-cli.js');
  if (browserTestsSelected(globalConfig ?? {})) {
    require('../dist/host-simulator.js').ensureExtensionBuilt((line) => process.stderr.write(`${line}\n`));
    // Test files must not rebuild it while another file's page has it loaded (webpack cleans the old chunks).
    process.env.DEPLOY_AUDIT_SKIP_EXTENSION_BUILD = '1';
  }
};
