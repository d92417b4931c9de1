import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_NAME, ENGINE_VERSION } from './version';

describe('the engine version every manifest names', () => {
  it('is package.json’s version (change both together)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { name: string; version: string };
    expect(ENGINE_VERSION).toBe(pkg.version);
    expect(ENGINE_NAME).toBe(pkg.name);
  });
});
