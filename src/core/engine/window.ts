/** The audit window: deployments that started at or after `from` and before `to`. */
export interface AuditWindow {
  from: Date;
  to: Date;
}

export const inWindow = (window: AuditWindow, iso: string): boolean => {
  const time = Date.parse(iso);
  return time >= window.from.getTime() && time < window.to.getTime();
};

/** Parses YYYY-MM-DD as 00:00 UTC of that day. */
export function parseDay(day: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== day) throw new RangeError(`"${day}" is not a date of the form YYYY-MM-DD`);
  return date;
}

const DAY = 86_400_000;

/** Default window: the last 30 days, today included (up to the start of tomorrow, UTC). */
export function defaultWindow(now = new Date()): AuditWindow {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY);
  return { from: new Date(to.getTime() - 30 * DAY), to };
}
