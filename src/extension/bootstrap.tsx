/**
 * How every contribution starts: the SDK handshake (with a time limit, so a page opened outside Azure DevOps says
 * so instead of staying blank), the host context and services (connect.ts), then the view. A failure at any step
 * is shown as a message; the host is told the page loaded either way, so it shows the page and its message.
 */
import 'azure-devops-ui/Core/override.css';
import '../views/deploy-audit.css';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as SDK from 'azure-devops-extension-sdk';
import { ErrorBoundary, FailureMessage } from '../views/FailureMessage';
import { describeFailure, HostUnavailableError } from '../views/messages';
import type { AuditService } from './audit-service';
import { connectToHost } from './connect';

export const HANDSHAKE_TIMEOUT_MS = 20_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HostUnavailableError()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export interface BootstrapOptions {
  /** The element to render into (default #root). */
  root?: HTMLElement;
  handshakeTimeoutMs?: number;
}

/** Starts a contribution: `render` gets the AuditService once the host is known. */
export async function bootstrap(render: (service: AuditService) => React.ReactElement, options: BootstrapOptions = {}): Promise<void> {
  const root = options.root ?? document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
  let handshake = false;
  try {
    await withTimeout(SDK.init({ loaded: false, applyTheme: true }).then(() => SDK.ready()), options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS);
    handshake = true;
    const service = await connectToHost();
    ReactDOM.render(<ErrorBoundary>{render(service)}</ErrorBoundary>, root);
  } catch (error) {
    ReactDOM.render(<FailureMessage failure={describeFailure(error, 'this page')} />, root);
  } finally {
    if (handshake) await SDK.notifyLoadSucceeded().catch(() => undefined);
  }
}
