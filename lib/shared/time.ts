/** One day in milliseconds: budgets, windows and retention count whole UTC days. */
export const DAY_MS = 86_400_000;

/** Budgets run per UTC day; this is the day's name, `YYYY-MM-DD`. */
export function utcDayOf(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** When the day's budgets reset: the next UTC midnight, epoch ms. */
export function nextUtcMidnight(now: number): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS;
}

/**
 * How long until a reset, in whole hours and minutes, rounded up to the minute and never zero: the one rule that
 * the server's refusal message and the studio's notice (in the page's language) both follow.
 */
export function waitUntilReset(ms: number): { hours: number; minutes: number } {
  const total = Math.max(1, Math.ceil(ms / 60_000));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** `3 h 12 min`, `12 min`: how long until a reset, for messages. */
export function describeWait(ms: number): string {
  const { hours, minutes } = waitUntilReset(ms);
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
