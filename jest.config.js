/**
 * One command, three kinds of tests: the engine and command line in Node (*.test.ts), the views under jsdom
 * (*.test.tsx), and the real bundles in Chromium (test/browser/*.browser.test.ts).
 */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', transform: { react: { runtime: 'classic' } } } }] };
// azure-devops-ui ships ES modules and CSS imports; jest must transform the former and stub the latter.
const transformIgnorePatterns = ['/node_modules/(?!(azure-devops-ui|azure-devops-extension-sdk|azure-devops-extension-api)/)'];

module.exports = {
  // Per-project timeouts are not applied to hooks: the default lives here; browser tests raise their own.
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/global-setup.js',
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      testTimeout: 30000,
      roots: ['<rootDir>/src', '<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.browser\\.test\\.ts$'],
      transform,
    },
    {
      displayName: 'dom',
      testEnvironment: 'jsdom',
      testTimeout: 30000,
      roots: ['<rootDir>/src', '<rootDir>/test'],
      testMatch: ['**/*.test.tsx'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper: { '\\.(css|scss)$': '<rootDir>/test/support/style-stub.js' },
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      testTimeout: 120000,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.browser.test.ts'],
      transform,
    },
  ],
};
