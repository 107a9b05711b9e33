import "server-only";
import { and, asc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../client";
import { isOpen } from "./task-queue";
import { tasks, type Task } from "../schema";
import { IN_FLIGHT_STATUSES, TERMINAL_RANK } from "../../lib/shared/task-status";

/**
 * Tasks past `submitting` but not terminal, with no change and no reconciler read since `olderThan`, oldest first.
 * Queued tasks are left out: they have no prediction to read and move only when a slot frees up.
 */
export async function listStaleTasks(db: Db, { olderThan, limit }: { olderThan: number; limit: number }): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        isOpen(tasks),
        inArray(tasks.status, IN_FLIGHT_STATUSES),
        lt(tasks.updatedAt, olderThan),
        or(isNull(tasks.reconciledAt), lt(tasks.reconciledAt, olderThan)),
      ),
    )
    .orderBy(asc(tasks.updatedAt), asc(tasks.id))
    .limit(Math.max(1, Math.floor(limit)))
    .all();
}

/**
 * Claims a non-terminal task for one reconciler read: true for exactly one of several concurrent callers, false
 * when someone reconciled it at or after `notBefore`. Leaves updated_at alone (nothing about the task changed).
 */
export async function markReconciled(db: Db, { id, now, notBefore }: { id: string; now: number; notBefore: number }): Promise<boolean> {
  const row = await db
    .update(tasks)
    .set({ reconciledAt: now })
    .where(and(eq(tasks.id, id), lt(tasks.statusRank, TERMINAL_RANK), or(isNull(tasks.reconciledAt), lt(tasks.reconciledAt, notBefore))))
    .returning({ id: tasks.id })
    .get();
  return row !== undefined;
}
