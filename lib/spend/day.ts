const DAY_MS = 86_400_000;

/** Budgets run per UTC day; this is the day's name, `YYYY-MM-DD`. */
export function utcDayOf(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** When the day's budgets reset: the next UTC midnight, epoch ms. */
export function nextUtcMidnight(now: number): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS;
}

/** `3 h 12 min`, `12 min`: how long until a reset, for messages (rounded up to the minute). */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
