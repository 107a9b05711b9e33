import "server-only";
import { and, gte, lt, not, sql } from "drizzle-orm";
import type { Db } from "../client";
import { rateLimits } from "../schema";

export interface RateLimitHit {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  /** 0 when allowed; otherwise how long until the window resets. */
  retryAfterMs: number;
}

/**
 * Counts one hit on a fixed-window counter in ONE upsert, so concurrent hits are counted exactly. A window starts
 * at the first hit after the previous one expired.
 */
export async function hitRateLimit(
  db: Db,
  { key, windowMs, limit, now }: { key: string; windowMs: number; limit: number; now: number },
): Promise<RateLimitHit> {
  const expired = sql`${rateLimits.windowStart} <= ${now - windowMs}`;
  const row = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      // SQLite evaluates every SET expression against the old row, so both CASEs see the same window_start.
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        windowStart: sql`CASE WHEN ${expired} THEN ${now} ELSE ${rateLimits.windowStart} END`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart })
    .get();
  if (!row) throw new Error(`hitRateLimit: no row returned for ${key}`);
  const allowed = row.count <= limit;
  return { allowed, count: row.count, retryAfterMs: allowed ? 0 : Math.max(0, row.windowStart + windowMs - now) };
}

/** Deletes counters whose window started before `before`; returns how many. */
export async function pruneRateLimits(db: Db, { before }: { before: number }): Promise<number> {
  const result = await db.delete(rateLimits).where(lt(rateLimits.windowStart, before)).run();
  return result.meta.changes;
}

/**
 * Deletes counters whose window started before `before`, except those whose key starts with `keepPrefix` (a range
 * of the primary key; records kept longer, pruned by pruneRateLimits with an earlier `before`); returns how many.
 */
export async function pruneRateLimitsExcept(db: Db, { before, keepPrefix }: { before: number; keepPrefix: string }): Promise<number> {
  const prefixEnd = `${keepPrefix.slice(0, -1)}${String.fromCharCode(keepPrefix.charCodeAt(keepPrefix.length - 1) + 1)}`;
  const kept = and(gte(rateLimits.key, keepPrefix), lt(rateLimits.key, prefixEnd));
  const result = await db
    .delete(rateLimits)
    .where(and(lt(rateLimits.windowStart, before), not(kept!)))
    .run();
  return result.meta.changes;
}
