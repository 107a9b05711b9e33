import "server-only";
import { gte, lt, sql, sum } from "drizzle-orm";
import type { Db } from "../client";
import type { RefusalReason } from "../../lib/shared/refusal-reasons";
import { refusals } from "../schema";

const HOUR_MS = 3_600_000;

/** Counts one refused request in its hour, in one upsert. */
export async function countRefusal(db: Db, { reason, now }: { reason: RefusalReason; now: number }): Promise<void> {
  await db
    .insert(refusals)
    .values({ hour: Math.floor(now / HOUR_MS) * HOUR_MS, reason, count: 1 })
    .onConflictDoUpdate({ target: [refusals.hour, refusals.reason], set: { count: sql`${refusals.count} + 1` } })
    .run();
}

/** Refusals per reason since `since` (epoch ms; counted by the hour). */
export async function sumRefusals(db: Db, { since }: { since: number }) {
  return db
    .select({ reason: refusals.reason, count: sum(refusals.count).mapWith(Number) })
    .from(refusals)
    .where(gte(refusals.hour, Math.floor(since / HOUR_MS) * HOUR_MS))
    .groupBy(refusals.reason)
    .all();
}

/** Deletes the hourly counts of hours that began before `before`; returns how many (a few rows an hour at most). */
export async function pruneRefusals(db: Db, { before }: { before: number }): Promise<number> {
  const result = await db.delete(refusals).where(lt(refusals.hour, before)).run();
  return result.meta.changes;
}
