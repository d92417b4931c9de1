/** The simulator hosts the contributions the extension's manifest fragments declare, by where they show. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSimulatorArgs } from './cli';
import { readExtensionManifest } from './manifest';

it('reads publisher, files and contributions from vss-extension.json and src/<name>/<name>.json', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  try {
    fs.writeFileSync(
      path.join(root, 'vss-extension.json'),
      JSON.stringify({ publisher: 'fabrikam', id: 'audit', version: '1.2.3', files: [{ path: 'dist/extension', addressable: true }, { path: 'secret' }] }),
    );
    const fragment = (name: string, contribution: object) => {
      fs.mkdirSync(path.join(root, 'src', name), { recursive: true });
      fs.writeFileSync(path.join(root, 'src', name, `${name}.json`), JSON.stringify({ contributions: [contribution] }));
    };
    fragment('run-tab', { id: 'run', type: 'ms.vss-build-web.build-results-tab', targets: ['ms.vss-build-web.build-results-view'], properties: { name: 'Run', uri: 'dist/extension/run-tab/run-tab.html' } });
    fragment('hub', { id: 'the-hub', type: 'ms.vss-web.hub', targets: ['ms.vss-build-web.build-release-hub-group'], properties: { name: 'Hub', uri: 'dist/extension/hub/hub.html' } });
    fragment('release-tab', { id: 'rel', type: 'ms.vss-releaseManagement-web.release-summary-tab', properties: { name: 'Rel', uri: 'dist/extension/release-tab/release-tab.html' } });
    expect(readExtensionManifest(root)).toEqual({
      publisherId: 'fabrikam',
      extensionId: 'audit',
      version: '1.2.3',
      addressable: ['dist/extension'],
      contributions: [
        { key: 'hub', kind: 'hub', label: 'Hub', id: 'the-hub', uri: 'dist/extension/hub/hub.html' },
        { key: 'release-tab', kind: 'release', label: 'Rel', id: 'rel', uri: 'dist/extension/release-tab/release-tab.html' },
        { key: 'run-tab', kind: 'run', label: 'Run', id: 'run', uri: 'dist/extension/run-tab/run-tab.html' },
      ],
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

it('parses npm start options: the demo by default, another server with --ado-url and --project', () => {
  expect(parseSimulatorArgs([])).toEqual({ port: 8080, probe: false });
  expect(parseSimulatorArgs(['--ado-url', 'https://dev.azure.com/contoso', '--project=Shop', '--port', '0'])).toMatchObject({
    adoUrl: 'https://dev.azure.com/contoso',
    project: 'Shop',
    port: 0,
  });
  expect(() => parseSimulatorArgs(['--ado-url', 'https://dev.azure.com/contoso'])).toThrow('--project');
  expect(() => parseSimulatorArgs(['--port', 'x'])).toThrow('number');
  expect(() => parseSimulatorArgs(['--bogus'])).toThrow('Unknown option --bogus');
  expect(parseSimulatorArgs(['--deployments', '20000', '--regions=4'])).toMatchObject({ deployments: 20000, regions: 4 });
});
