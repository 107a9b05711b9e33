const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The windows the stats can cover, each with the bucket size of its time series (about 12–30 buckets). */
const STATS_WINDOWS = {
  "1h": { durationMs: HOUR, bucketMs: 5 * MINUTE },
  "24h": { durationMs: DAY, bucketMs: HOUR },
  "7d": { durationMs: 7 * DAY, bucketMs: 6 * HOUR },
  "30d": { durationMs: 30 * DAY, bucketMs: DAY },
} as const;

/** How long the dashboard's records (gateway calls, spend counters, refusals) are kept: its longest window and a day. */
export const STATS_RETENTION_MS = Math.max(...Object.values(STATS_WINDOWS).map((w) => w.durationMs)) + DAY;

export type StatsWindow = keyof typeof STATS_WINDOWS;
export const STATS_WINDOW_NAMES = Object.keys(STATS_WINDOWS) as StatsWindow[];
export const DEFAULT_STATS_WINDOW: StatsWindow = "24h";

export function isStatsWindow(value: unknown): value is StatsWindow {
  return typeof value === "string" && Object.hasOwn(STATS_WINDOWS, value);
}

export interface WindowRange {
  window: StatsWindow;
  /** Epoch ms; calls and tasks at or after this count. */
  since: number;
  until: number;
  bucketMs: number;
}

export function windowRange(window: StatsWindow, now: number): WindowRange {
  const { durationMs, bucketMs } = STATS_WINDOWS[window];
  return { window, since: now - durationMs, until: now, bucketMs };
}
