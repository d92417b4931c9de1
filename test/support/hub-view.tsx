/** The hub rendered over a FakeAuditService, for the hub's component tests: opened, and with an audit completed. */
import * as React from 'react';
import { act, render, screen, waitFor } from '@testing-library/react';
import { HubView } from '../../src/hub/HubView';
import { FakeAuditService, sampleDeployments } from './fake-audit-service';

/** The hub's clock in these tests. */
export const NOW = () => new Date('2026-11-21T09:00:00Z');

/** The hub, once it has started its first audit. */
export async function openHub(service = new FakeAuditService()) {
  const view = render(<HubView service={service} now={NOW} />);
  await waitFor(() => expect(service.collects).toHaveLength(1));
  return { service, view };
}

/** The hub with its first audit completed with these deployments. */
export async function auditOf(deployments = sampleDeployments(12), service = new FakeAuditService()) {
  const opened = await openHub(service);
  await act(async () => service.finish(deployments));
  await screen.findByText(/^Showing \d+ of/);
  return opened;
}
