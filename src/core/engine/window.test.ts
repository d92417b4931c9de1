import { defaultWindow, inWindow, parseDay } from './window';

describe('audit window', () => {
  it('includes its start and excludes its end', () => {
    const window = { from: parseDay('2026-11-01'), to: parseDay('2026-11-02') };
    expect(inWindow(window, '2026-11-01T00:00:00.000Z')).toBe(true);
    expect(inWindow(window, '2026-11-01T23:59:59.999Z')).toBe(true);
    expect(inWindow(window, '2026-11-02T00:00:00.000Z')).toBe(false);
    expect(inWindow(window, '2026-10-31T23:59:59.999Z')).toBe(false);
  });

  it('rejects dates that are not real days', () => {
    expect(() => parseDay('2026-02-30')).toThrow('YYYY-MM-DD');
    expect(() => parseDay('2026-1-5')).toThrow();
  });

  it('covers today by default', () => {
    const window = defaultWindow(new Date('2026-11-30T15:00:00Z'));
    expect(window.to.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(window.from.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
});
