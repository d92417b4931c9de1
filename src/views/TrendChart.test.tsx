import * as React from 'react';
import { render, screen } from '@testing-library/react';
import { computeTrends, type TrendDeployment } from '../core/trends';
import { TrendChart } from './TrendChart';

const deployment = (startedAt: string, status: 'pass' | 'fail'): TrendDeployment => ({
  startedAt,
  environment: 'Production',
  pipeline: { name: 'shop' },
  controls: { 'approval-count': { status } },
});

// Wednesday 2026-11-04 to Tuesday 2026-11-24: W45 (partial), W46, W47, W48 (partial).
const WINDOW = { from: new Date('2026-11-04T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') };

describe('TrendChart', () => {
  const trends = computeTrends(
    [deployment('2026-11-05T08:00:00Z', 'pass'), deployment('2026-11-05T09:00:00Z', 'fail'), deployment('2026-11-12T09:00:00Z', 'pass')],
    WINDOW,
  );

  it('is one image named with every week’s figures', () => {
    render(<TrendChart title="All deployments" weeks={trends.weeks} />);
    const chart = screen.getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe(
      'All deployments, 4 weeks. 2026-W45 (partial: 2026-11-04 – 2026-11-08): 1 of 2 passed (50 %); 2026-W46: 1 of 1 passed (100 %); 2026-W47: no deployments; 2026-W48 (partial: 2026-11-23 – 2026-11-24): no deployments.',
    );
    expect(chart.getAttribute('tabindex')).toBe('0');
  });

  it('draws a bar per week with deployments, lighter for a partial week, and a dash for a week without', () => {
    const { container } = render(<TrendChart title="All deployments" weeks={trends.weeks} />);
    const weeks = Array.from(container.querySelectorAll('.da-trend-week'));
    expect(weeks.map((week) => week.getAttribute('data-week'))).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    const bars = container.querySelectorAll('rect.da-trend-bar');
    expect(bars).toHaveLength(2);
    expect(bars[0].getAttribute('class')).toBe('da-trend-bar partial');
    expect(bars[1].getAttribute('class')).toBe('da-trend-bar');
    // Half the height for 50 %, the whole plot for 100 %.
    expect(Number(bars[1].getAttribute('height'))).toBeCloseTo(2 * Number(bars[0].getAttribute('height')), 0);
    expect(container.querySelectorAll('text.da-trend-empty')).toHaveLength(2);
    // Each week's figures as its tooltip; the axis marks partial weeks.
    expect(Array.from(container.querySelectorAll('title')).map((title) => title.textContent)[1]).toBe('2026-W46: 1 of 1 passed (100 %)');
    expect(Array.from(container.querySelectorAll('text.da-trend-axis')).map((text) => text.textContent)).toEqual(['0 %', '50 %', '100 %', 'W45*', 'W46', 'W47', 'W48*']);
  });
});
