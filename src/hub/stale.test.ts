import { defaultPolicy, parsePolicy } from '../core/policy';
import { staleness } from './stale';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const november = { from: day('2026-11-01'), to: day('2026-12-01') };
const policy = parsePolicy({ productionEnvironments: ['Production'] });

describe('staleness of the results on screen', () => {
  it('is none while the window, environments and settings are those of the audit', () => {
    expect(staleness({ window: november, policy }, { window: { ...november }, environments: ['Production'], policy: parsePolicy({ productionEnvironments: ['Other'] }) })).toBeNull();
  });

  it('names a changed window in the one date convention, and what the results are of', () => {
    const stale = staleness({ window: november, policy }, { window: { from: day('2026-10-01'), to: day('2026-11-01') }, environments: ['Production'], policy });
    expect(stale?.reasons).toEqual(['the window on screen is 1 Oct 2026 to 31 Oct 2026 (UTC)']);
    expect(stale?.text).toBe(
      'These results are of 1 Nov 2026 to 30 Nov 2026 (UTC), production environments Production; the window on screen is 1 Oct 2026 to 31 Oct 2026 (UTC).',
    );
  });

  it('names changed environments, a window being typed, and changed settings', () => {
    const stale = staleness({ window: november, policy }, { window: null, environments: ['Production', 'prod-*'], policy: { ...defaultPolicy(), requiredApprovals: 1 } });
    expect(stale?.reasons).toEqual([
      'the window on screen is not complete',
      'the production environments on screen are Production, prod-*',
      'the settings have changed since these verdicts',
    ]);
  });

  it('sees a disabled control as changed settings', () => {
    const disabled = parsePolicy({ productionEnvironments: ['Production'], controls: { 'tests-passed': { enabled: false } } });
    expect(staleness({ window: november, policy }, { window: november, environments: ['Production'], policy: disabled })?.reasons).toEqual([
      'the settings have changed since these verdicts',
    ]);
  });
});
