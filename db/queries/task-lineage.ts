import "server-only";
import { and, asc, eq, gte } from "drizzle-orm";
import type { Db } from "../client";
import { tasks, type Task } from "../schema";

/**
 * Tasks its owner made from `parentId` (expanded, upscaled, repainted, edited, remixed), oldest first. Read through the
 * owner's (user_id, created_at) index from the parent's creation on, as tasks has no index on parent_id: the rows read
 * are the owner's later tasks, not the table.
 */
export async function listChildTasksOfOwner(
  db: Db,
  { ownerId, parentId, since, limit }: { ownerId: string; parentId: string; since: number; limit: number },
): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.userId, ownerId), gte(tasks.createdAt, since), eq(tasks.parentId, parentId)))
    .orderBy(asc(tasks.createdAt), asc(tasks.id))
    .limit(limit)
    .all();
}
