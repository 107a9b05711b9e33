import "server-only";
import { and, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { rateLimits } from "../schema";

// Bytes uploaded per UTC day live in rate_limits, one counter per key (`count` holds bytes; `window_start` is the
// day's start): per user and per client address (`upload-bytes:<day>:user:<id>`, `…:client:<key>`, needed only for
// their day, so pruned with the other windows), and everyone's (`upload-total:<day>`, the dashboard's figure, kept
// as long as its other records: see pruneBookkeeping in lib/tasks/reconcile.ts).

/** The prefix of the daily totals, which outlive the per-minute windows. */
export const UPLOAD_TOTAL_PREFIX = "upload-total:";
const UPLOAD_TOTAL_END = "upload-total;";

/** Whose bytes one upload counts against: a user and a client address (hashed), on one UTC day. */
export interface UploadQuotaSubjects {
  day: string;
  userId: string;
  clientKey: string;
}

/** Daily quotas in bytes; 0 means none. */
export interface UploadQuotaCaps {
  user: number;
  client: number;
}

const keysOf = ({ day, userId, clientKey }: UploadQuotaSubjects) => ({
  user: `upload-bytes:${day}:user:${userId}`,
  client: `upload-bytes:${day}:client:${clientKey}`,
  total: `${UPLOAD_TOTAL_PREFIX}${day}`,
});

/**
 * Adds `bytes` to the user's, the client's and everyone's counter of the day in ONE statement, only if the user's
 * and the client's stay within their quotas: the checks are uncorrelated subqueries evaluated once before any row is
 * written, and D1 runs one statement at a time, so concurrent uploads can never overshoot a quota and a refused one
 * counts nothing. True when counted.
 */
export async function reserveUploadBytes(
  db: Db,
  { bytes, caps, dayStart, ...subjects }: UploadQuotaSubjects & { bytes: number; caps: UploadQuotaCaps; dayStart: number },
): Promise<boolean> {
  const keys = keysOf(subjects);
  const within = (key: string, cap: number) =>
    cap === 0 ? sql`1` : sql`coalesce((SELECT ${rateLimits.count} FROM ${rateLimits} WHERE ${rateLimits.key} = ${key}), 0) + ${bytes} <= ${cap}`;
  const rows = await db.all<{ key: string }>(sql`
    INSERT INTO ${rateLimits} (key, window_start, count)
    SELECT subjects.key, ${dayStart}, ${bytes}
    FROM (SELECT ${keys.user} AS key UNION ALL SELECT ${keys.client} UNION ALL SELECT ${keys.total}) AS subjects
    WHERE ${within(keys.user, caps.user)} AND ${within(keys.client, caps.client)}
    ON CONFLICT (key) DO UPDATE SET count = count + excluded.count
    RETURNING key`);
  return rows.length === 3;
}

/** Gives back bytes counted for an upload that was not stored after all. */
export async function releaseUploadBytes(db: Db, { bytes, ...subjects }: UploadQuotaSubjects & { bytes: number }): Promise<void> {
  const keys = keysOf(subjects);
  await db
    .update(rateLimits)
    .set({ count: sql`max(0, ${rateLimits.count} - ${bytes})` })
    .where(inArray(rateLimits.key, [keys.user, keys.client, keys.total]))
    .run();
}

/** The bytes the user and the client address have uploaded on that day. */
export async function readUploadBytes(db: Db, subjects: UploadQuotaSubjects): Promise<{ user: number; client: number }> {
  const keys = keysOf(subjects);
  const rows = await db
    .select({ key: rateLimits.key, count: rateLimits.count })
    .from(rateLimits)
    .where(inArray(rateLimits.key, [keys.user, keys.client]))
    .all();
  const of = (key: string) => rows.find((row) => row.key === key)?.count ?? 0;
  return { user: of(keys.user), client: of(keys.client) };
}

/** Everyone's uploaded bytes per UTC day since `fromDay` (a range of the primary key), oldest first. */
export async function listDailyUploadBytes(db: Db, { fromDay }: { fromDay: string }): Promise<{ day: string; bytes: number }[]> {
  const rows = await db
    .select({ key: rateLimits.key, bytes: rateLimits.count })
    .from(rateLimits)
    .where(and(gte(rateLimits.key, `${UPLOAD_TOTAL_PREFIX}${fromDay}`), lt(rateLimits.key, UPLOAD_TOTAL_END)))
    .orderBy(rateLimits.key)
    .all();
  return rows.map((row) => ({ day: row.key.slice(UPLOAD_TOTAL_PREFIX.length), bytes: row.bytes }));
}
