/**
 * The engine's version, as package.json says: every report's manifest names it. A constant rather than an import of
 * package.json, so the core stays browser-safe and bundles nothing else of it; version.test.ts keeps the two equal.
 */
export const ENGINE_NAME = 'deploy-audit';
export const ENGINE_VERSION = '0.1.0';
