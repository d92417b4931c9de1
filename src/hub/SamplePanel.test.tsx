/**
 * The Sample panel: 25 by default with its rule, 40 and 60 offered, a seed that can be typed (and is refused when it
 * is not one), statuses included first; the sample shown is the command line's draw of the population handed to it.
 */
import * as React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { drawSample } from '../core/engine/sample';
import { defaultPolicy } from '../core/policy';
import { FakeAuditService, sampleDeployments } from '../../test/support/fake-audit-service';
import { viewReport } from './export';
import { toRow } from './rows';
import { SamplePanel } from './SamplePanel';

const service = new FakeAuditService();
const policy = defaultPolicy();
const population = viewReport(
  sampleDeployments(90).map((d) => toRow(d, policy)),
  service.context,
  { window: { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') }, policy },
);

function open() {
  render(<SamplePanel population={() => population} populationText="the 90 deployments shown" context={service.context} onSave={() => undefined} onDismiss={() => undefined} initialSeed={7} />);
  return screen.getByRole('dialog');
}

it('offers 25 by default with its rule, and shows the rule of the size chosen', () => {
  const panel = open();
  expect(within(panel).getByLabelText('Sample size (deployments)')).toHaveProperty('value', '25');
  expect(panel.textContent).toContain('Rule: size 25: the usual attribute-sampling size for a control that operates many times a day, lower risk');
  fireEvent.change(within(panel).getByLabelText('Sample size (deployments)'), { target: { value: '60' } });
  expect(panel.textContent).toContain('Rule: size 60: the usual attribute-sampling size for a control that operates many times a day, higher reliance');
  fireEvent.change(within(panel).getByLabelText('Sample size (deployments)'), { target: { value: '33' } });
  expect(panel.textContent).toContain('Rule: size 33: chosen by the auditor');
});

it('draws the command line’s sample for the seed, with failing deployments included first when asked', () => {
  const panel = open();
  expect(within(panel).getByLabelText('Seed')).toHaveProperty('value', '7');
  fireEvent.click(within(panel).getByText('Include every deployment with a failing control'));
  fireEvent.click(within(panel).getByRole('button', { name: 'Draw sample' }));
  const expected = drawSample(population, { size: 25, seed: 7, stratify: null, include: ['fail'] }).deployments.map((d) => d.key);
  const shown = Array.from(panel.querySelectorAll('.da-sample-table tbody tr')).map((row) => row.getAttribute('data-key'));
  expect(shown).toEqual(expected);
  expect(panel.querySelector('.da-sample-summary')?.textContent).toBe(`${expected.length} deployments of 90 · seed 7 · every deployment with a control fail included`);
});

it('refuses a seed that is not a whole number from 0 to 4294967295', () => {
  const panel = open();
  fireEvent.change(within(panel).getByLabelText('Seed'), { target: { value: 'abc' } });
  expect(panel.textContent).toContain('The seed must be a whole number from 0 to 4294967295.');
  expect(within(panel).getByRole('button', { name: 'Draw sample' }).getAttribute('aria-disabled')).toBe('true');
});
