import "server-only";
import type { CallBucketRow } from "@/db/queries/stats-gateway";
import type { SeriesPoint } from "@/lib/shared/admin-stats";
import { DAY_MS } from "@/lib/shared/time";

/**
 * Bucket starts covering [since, until], aligned to the bucket size; the first and last buckets may be partial.
 * @internal Exported for its unit test (tests/unit/stats-figures.test.ts).
 */
export function bucketStarts(since: number, until: number, bucketMs: number): number[] {
  const first = Math.floor(since / bucketMs) * bucketMs;
  const last = Math.floor(until / bucketMs) * bucketMs;
  const starts: number[] = [];
  for (let start = first; start <= last; start += bucketMs) starts.push(start);
  return starts;
}

/** Every bucket of the window, in order, with zeros where no call happened (a chart needs the gaps). */
export function fillSeries(rows: CallBucketRow[], range: { since: number; until: number; bucketMs: number }): SeriesPoint[] {
  const byStart = new Map(rows.map((row) => [row.bucketStart, row]));
  return bucketStarts(range.since, range.until, range.bucketMs).map((start) => {
    const row = byStart.get(start);
    return { start: new Date(start).toISOString(), calls: row?.calls ?? 0, errors: row?.errors ?? 0, cache_hits: row?.cacheHits ?? 0 };
  });
}

/** UTC days (YYYY-MM-DD) from the day of `since` to the day of `until`. */
export function daysBetween(since: number, until: number): string[] {
  return bucketStarts(since, until, DAY_MS).map((start) => new Date(start).toISOString().slice(0, 10));
}
