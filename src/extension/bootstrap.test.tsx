/** Starting a contribution: the handshake, the host context, the view, and messages instead of blank pages. */
jest.mock('azure-devops-extension-sdk', () => require('../../test/support/sdk-mock').sdkModule);

import * as React from 'react';
import { screen } from '@testing-library/react';
import { sdk } from '../../test/support/sdk-mock';
import { bootstrap } from './bootstrap';

beforeEach(() => {
  sdk.reset();
  document.body.innerHTML = '<div id="root"></div>';
});

it('renders the view with a service for the host’s project and user, then tells the host it loaded', async () => {
  await bootstrap((service) => <p>{`${service.context.project.name} as ${service.context.user.displayName} at ${service.context.orgUrl}`}</p>);
  expect(screen.getByText('Shop as Alice Director at https://dev.azure.com/contoso')).toBeTruthy();
  expect(sdk.state.calls.init).toEqual([{ loaded: false, applyTheme: true }]);
  expect(sdk.state.calls.notifyLoadSucceeded).toBe(1);
});

it('says it runs inside Azure DevOps when the host never answers', async () => {
  sdk.configure({ handshake: 'never' });
  await bootstrap(() => <p>view</p>, { handshakeTimeoutMs: 10 });
  expect(screen.getByText('Deploy Audit runs inside Azure DevOps')).toBeTruthy();
  expect(screen.queryByText('view')).toBeNull();
});

it('says a project is needed on a page without one', async () => {
  sdk.configure({ project: undefined });
  await bootstrap(() => <p>view</p>);
  expect(screen.getByText('Open Deploy Audit from a project: this page has no project.')).toBeTruthy();
  expect(sdk.state.calls.notifyLoadSucceeded).toBe(1);
});

it('turns a crash of the view into a message', async () => {
  const Broken = (): JSX.Element => {
    throw new Error('kaputt');
  };
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  await bootstrap(() => <Broken />);
  error.mockRestore();
  expect(screen.getByText('Something went wrong')).toBeTruthy();
  expect(screen.getByText('Kaputt.')).toBeTruthy();
});
