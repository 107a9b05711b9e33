import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { webhookEvents } from "../schema";

/** Records a delivery by its webhook id: true the first time, false for a redelivery (one statement). */
export async function recordWebhookEvent(
  db: Db,
  args: { webhookId: string; taskId: string; predictionId: string | null; status: string; now: number },
): Promise<boolean> {
  const row = await db
    .insert(webhookEvents)
    .values({
      webhookId: args.webhookId,
      taskId: args.taskId,
      predictionId: args.predictionId,
      status: args.status,
      receivedAt: args.now,
    })
    .onConflictDoNothing({ target: webhookEvents.webhookId })
    .returning({ webhookId: webhookEvents.webhookId })
    .get();
  return row !== undefined;
}

/** Drops a recorded delivery whose processing failed, so the sender's retry is applied instead of ignored. */
export async function forgetWebhookEvent(db: Db, { webhookId }: { webhookId: string }): Promise<boolean> {
  const row = await db.delete(webhookEvents).where(eq(webhookEvents.webhookId, webhookId)).returning({ webhookId: webhookEvents.webhookId }).get();
  return row !== undefined;
}

/**
 * Deletes up to `limit` of the oldest delivery records received before `before` (Replicate stops retrying about a
 * minute after completion, so old ids guard nothing). Rows arrive in time order, so the oldest rowids are the oldest
 * rows: the scan stops after `limit` rows instead of reading the whole table.
 */
export async function pruneWebhookEvents(db: Db, { before, limit }: { before: number; limit: number }): Promise<number> {
  const result = await db.run(
    sql`DELETE FROM ${webhookEvents} WHERE rowid IN (SELECT rowid FROM ${webhookEvents} ORDER BY rowid LIMIT ${limit}) AND ${webhookEvents.receivedAt} < ${before}`,
  );
  return result.meta.changes;
}
