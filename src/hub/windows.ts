/**
 * The audit windows the hub offers. Like the command line's, a window runs from 00:00 UTC of its first day to
 * 00:00 UTC after its last day; the hub names the last day ("through"), the command line's --to the day after.
 */
import { defaultWindow, parseDay, type AuditWindow } from '../core/engine/window';
import { formatWindow } from '../core/export/text';

export type WindowPreset = 'last30Days' | 'lastQuarter' | 'last6Months' | 'custom';

export const WINDOW_PRESETS: readonly { id: WindowPreset; text: string }[] = [
  { id: 'last30Days', text: 'Last 30 days' },
  { id: 'lastQuarter', text: 'Last quarter' },
  { id: 'last6Months', text: 'Last 6 months' },
  { id: 'custom', text: 'Custom dates' },
];

const DAY = 86_400_000;

const startOfTomorrow = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY);

/** The window of a preset at `now`: last 30 days (today included, as the command line's default), the previous
 * calendar quarter, or the six months up to today. */
export function presetWindow(preset: Exclude<WindowPreset, 'custom'>, now = new Date()): AuditWindow {
  switch (preset) {
    case 'last30Days':
      return defaultWindow(now);
    case 'lastQuarter': {
      const quarterStart = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1);
      const start = new Date(quarterStart);
      return { from: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 3, 1)), to: start };
    }
    case 'last6Months': {
      const to = startOfTomorrow(now);
      return { from: new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 6, to.getUTCDate())), to };
    }
  }
}

export interface CustomDates {
  from: string;
  /** The last day, included. */
  through: string;
}

/** A custom window from two YYYY-MM-DD days, or what is wrong with them. */
export function customWindow(dates: CustomDates): { window: AuditWindow } | { error: string } {
  let from: Date;
  let through: Date;
  try {
    from = parseDay(dates.from.trim());
  } catch {
    return { error: 'Enter the first day as YYYY-MM-DD.' };
  }
  try {
    through = parseDay(dates.through.trim());
  } catch {
    return { error: 'Enter the last day as YYYY-MM-DD.' };
  }
  if (through < from) return { error: 'The last day is before the first day.' };
  return { window: { from, to: new Date(through.getTime() + DAY) } };
}

export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The window's first and last day, as every report names it: `1 Jul 2026 to 30 Sep 2026 (UTC)`. */
export const describeWindow = (window: AuditWindow): string => formatWindow(window);

/** The first and last day of a window, for the custom fields. */
export const windowDates = (window: AuditWindow): CustomDates => ({ from: isoDay(window.from), through: isoDay(new Date(window.to.getTime() - DAY)) });
