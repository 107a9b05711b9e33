import "server-only";
import { and, count, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "../client";
import { openStreams } from "../schema";

export interface OpenStreamArgs {
  clientKey: string;
  taskId: string;
  viewerKey: string;
  now: number;
  /** When the row stops counting, if its stream never deletes it. */
  expiresAt: number;
  /** Streams open at once from one client; 0 turns the cap off. */
  clientCap: number;
  /** Streams open at once on one task by one viewer; 0 turns the cap off. */
  taskViewerCap: number;
}

/**
 * Records one open stream when its client and its viewer (on this task) are under their caps, counted inside the
 * INSERT itself (D1 runs one statement at a time, so concurrent opens cannot both take the last place); rows past
 * their `expires_at` do not count. The client's expired rows are deleted in the same round trip. Returns the row's
 * id, or null when a cap refused it.
 */
export async function openStreamWithinCaps(db: Db, args: OpenStreamArgs): Promise<number | null> {
  const live = gt(openStreams.expiresAt, args.now);
  const clientOpen = db
    .select({ n: count() })
    .from(openStreams)
    .where(and(eq(openStreams.clientKey, args.clientKey), live));
  const viewerOpen = db
    .select({ n: count() })
    .from(openStreams)
    .where(and(eq(openStreams.taskId, args.taskId), eq(openStreams.viewerKey, args.viewerKey), live));
  const underCaps = and(
    sql`1`,
    args.clientCap === 0 ? undefined : sql`(${clientOpen}) < ${args.clientCap}`,
    args.taskViewerCap === 0 ? undefined : sql`(${viewerOpen}) < ${args.taskViewerCap}`,
  );
  // The NULL id lets SQLite assign the rowid.
  const row = sql`SELECT NULL, ${args.clientKey}, ${args.taskId}, ${args.viewerKey}, ${args.expiresAt} WHERE ${underCaps}`;
  const [, inserted] = await db.batch([
    db.delete(openStreams).where(and(eq(openStreams.clientKey, args.clientKey), lte(openStreams.expiresAt, args.now))),
    db.insert(openStreams).select(row).returning({ id: openStreams.id }),
  ]);
  return inserted[0]?.id ?? null;
}

/** Deletes the row of a stream that ended. */
export async function closeStream(db: Db, { id }: { id: number }): Promise<void> {
  await db.delete(openStreams).where(eq(openStreams.id, id)).run();
}
