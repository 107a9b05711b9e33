import "server-only";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { tasks, type Task } from "../schema";

/**
 * Stars or unstars a task of `userId`; returns it when the star changed, undefined when it already was so (or the
 * task is not theirs). The WHERE leaves a task already in that state untouched: assigning starred_at would rewrite
 * its entry in tasks_user_starred_idx (a row D1 bills) for nothing.
 */
export async function setTaskStar(
  db: Db,
  { id, userId, starredAt }: { id: string; userId: string; starredAt: number | null },
): Promise<Task | undefined> {
  return db
    .update(tasks)
    .set({ starredAt })
    .where(and(eq(tasks.id, id), eq(tasks.userId, userId), starredAt === null ? isNotNull(tasks.starredAt) : isNull(tasks.starredAt)))
    .returning()
    .get();
}
