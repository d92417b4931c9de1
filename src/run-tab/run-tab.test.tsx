/** The run tab as the host loads it: the run from the build page data service or onBuildChanged, the checklist. */
jest.mock('azure-devops-extension-sdk', () => require('../../test/support/sdk-mock').sdkModule);
jest.mock('../core/engine/scoped', () => ({ collectReleaseDeployments: jest.fn(), collectRunDeployments: jest.fn() }));

import { act, screen, waitFor } from '@testing-library/react';
import { evidence } from '../../test/support/control-evidence';
import { ignoreActWarnings, sdk } from '../../test/support/sdk-mock';

ignoreActWarnings();

type Collect = jest.MockedFunction<typeof import('../core/engine/scoped').collectRunDeployments>;

/** Loads the entry afresh, as the host's frame would; returns the engine's (mocked) audit of one run. */
function start(result: Awaited<ReturnType<Collect>>): Collect {
  let collect: Collect | undefined;
  jest.isolateModules(() => {
    collect = require('../core/engine/scoped').collectRunDeployments as Collect;
    collect.mockResolvedValue(result);
    require('./run-tab');
  });
  return collect!;
}

beforeEach(() => {
  sdk.reset();
  document.body.innerHTML = '<div id="root"></div>';
});

it('audits the run the build page data service names', async () => {
  sdk.configure({ buildPageData: { build: { id: 33102 } } });
  const collect = start([evidence()]);
  await waitFor(() => expect(collect).toHaveBeenCalledTimes(1));
  expect((collect.mock.calls[0][0] as { runId: number }).runId).toBe(33102);
  expect(await screen.findByText(/1 production deployment of this run/)).toBeTruthy();
  expect(screen.getByText('All controls pass')).toBeTruthy();
});

it('follows onBuildChanged', async () => {
  let onBuildChanged: ((build: { id: number }) => void) | undefined;
  sdk.configure({ configuration: { onBuildChanged: (handler: typeof onBuildChanged) => (onBuildChanged = handler) } });
  const collect = start([]);
  await waitFor(() => expect(sdk.state.calls.notifyLoadSucceeded).toBe(1));
  await waitFor(() => expect(onBuildChanged).toBeDefined());
  await act(async () => onBuildChanged!({ id: 41 }));
  await waitFor(() => expect(collect).toHaveBeenCalledTimes(1));
  expect((collect.mock.calls[0][0] as { runId: number }).runId).toBe(41);
  await act(async () => onBuildChanged!({ id: 41 }));
  expect(collect).toHaveBeenCalledTimes(1);
});
