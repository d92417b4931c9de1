/** The release tab as the host loads it: the SDK handshake, the release from onReleaseChanged, the checklist. */
jest.mock('azure-devops-extension-sdk', () => require('../../test/support/sdk-mock').sdkModule);
jest.mock('../core/engine/scoped', () => ({ collectReleaseDeployments: jest.fn(), collectRunDeployments: jest.fn() }));

import { act, screen, waitFor } from '@testing-library/react';
import { classicEvidence } from '../../test/support/control-evidence';
import type { AdoClient } from '../core/ado/client';
import { ignoreActWarnings, sdk } from '../../test/support/sdk-mock';

ignoreActWarnings();

type Collect = jest.MockedFunction<typeof import('../core/engine/scoped').collectReleaseDeployments>;

/** Loads the entry afresh, as the host's frame would; returns the engine's (mocked) audit of one release. */
function start(result: Awaited<ReturnType<Collect>>): Collect {
  let collect: Collect | undefined;
  jest.isolateModules(() => {
    collect = require('../core/engine/scoped').collectReleaseDeployments as Collect;
    collect.mockResolvedValue(result);
    require('./release-tab');
  });
  return collect!;
}

beforeEach(() => {
  sdk.reset();
  document.body.innerHTML = '<div id="root"></div>';
});

it('audits the release the page shows, and the next one when the page moves on', async () => {
  let onReleaseChanged: ((release: { id: number }) => void) | undefined;
  sdk.configure({ configuration: { onReleaseChanged: (handler: typeof onReleaseChanged) => (onReleaseChanged = handler) } });
  const collect = start([classicEvidence()]);

  await waitFor(() => expect(sdk.state.calls.notifyLoadSucceeded).toBe(1));
  expect(sdk.state.calls.init).toEqual([{ loaded: false, applyTheme: true }]);
  expect(screen.getByText('Waiting for the release…')).toBeTruthy();

  await waitFor(() => expect(onReleaseChanged).toBeDefined());
  await act(async () => onReleaseChanged!({ id: 398 }));
  await waitFor(() => expect(collect).toHaveBeenCalledTimes(1));
  const { client, releaseId } = collect.mock.calls[0][0] as { client: AdoClient; releaseId: number };
  expect(releaseId).toBe(398);
  expect(client.orgUrl).toBe('https://dev.azure.com/contoso');
  expect(client.project).toBe('Shop');
  expect(client.url('release', 'release/releases/398', '7.1')).toBe('https://vsrm.dev.azure.com/contoso/Shop/_apis/release/releases/398?api-version=7.1');
  expect(await screen.findByText(/1 production deployment of this release/)).toBeTruthy();

  await act(async () => onReleaseChanged!({ id: 399 }));
  await waitFor(() => expect(collect).toHaveBeenCalledTimes(2));
  expect((collect.mock.calls[1][0] as { releaseId: number }).releaseId).toBe(399);
});

it('uses a release id the configuration gives', async () => {
  sdk.configure({ configuration: { releaseId: 12 } });
  const collect = start([]);
  await waitFor(() => expect(collect).toHaveBeenCalledTimes(1));
  expect((collect.mock.calls[0][0] as { releaseId: number }).releaseId).toBe(12);
  expect(await screen.findByText(/No deployment of this release went to a production environment/)).toBeTruthy();
});
