import { customWindow, describeWindow, presetWindow, windowDates } from './windows';

const NOW = new Date('2026-11-21T09:30:00Z');
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('audit windows', () => {
  it('last 30 days is the command line’s default window: today included', () => {
    expect(presetWindow('last30Days', NOW)).toEqual({ from: day('2026-10-23'), to: day('2026-11-22') });
  });

  it('last quarter is the previous calendar quarter, across a year end too', () => {
    expect(presetWindow('lastQuarter', NOW)).toEqual({ from: day('2026-07-01'), to: day('2026-10-01') });
    expect(presetWindow('lastQuarter', new Date('2027-02-10T00:00:00Z'))).toEqual({ from: day('2026-10-01'), to: day('2027-01-01') });
  });

  it('last 6 months runs to the end of today', () => {
    expect(presetWindow('last6Months', NOW)).toEqual({ from: day('2026-05-22'), to: day('2026-11-22') });
  });

  it('custom dates include the last day', () => {
    expect(customWindow({ from: '2026-01-01', through: '2026-03-31' })).toEqual({ window: { from: day('2026-01-01'), to: day('2026-04-01') } });
    expect(customWindow({ from: '2026-01-01', through: '2026-01-01' })).toEqual({ window: { from: day('2026-01-01'), to: day('2026-01-02') } });
  });

  it('custom dates say what is wrong', () => {
    expect(customWindow({ from: '2026-02-30', through: '2026-03-31' })).toEqual({ error: 'Enter the first day as YYYY-MM-DD.' });
    expect(customWindow({ from: '2026-01-01', through: '31/03/2026' })).toEqual({ error: 'Enter the last day as YYYY-MM-DD.' });
    expect(customWindow({ from: '2026-04-01', through: '2026-03-31' })).toEqual({ error: 'The last day is before the first day.' });
  });

  it('are described by their first and last day', () => {
    const window = presetWindow('lastQuarter', NOW);
    expect(describeWindow(window)).toBe('1 Jul 2026 to 30 Sep 2026 (UTC)');
    expect(windowDates(window)).toEqual({ from: '2026-07-01', through: '2026-09-30' });
  });
});
