import { eq } from "drizzle-orm";
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
  const row = await db
    .delete(webhookEvents)
    .where(eq(webhookEvents.webhookId, webhookId))
    .returning({ webhookId: webhookEvents.webhookId })
    .get();
  return row !== undefined;
}
