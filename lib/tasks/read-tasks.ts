import "server-only";
import type { App } from "@/lib/platform/app";
import type { PageCursor } from "@/lib/shared/api/page-query";
import { encodeCursor } from "@/lib/tasks/cursor";
import { isTerminal } from "@/lib/shared/task-status";
import { presentTask } from "@/lib/tasks/present-task";
import type { TaskPage } from "@/lib/shared/task-view";
import { trySubmitQueuedTask } from "@/lib/tasks/queue";
import { reconcileTask } from "@/lib/tasks/reconcile";
import { getVisibleTask } from "@/lib/tasks/visibility";
import { listGallery, listTasksByUser, markReconciled } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

/**
 * Reading a task that has not moved for a while settles it from the provider (Pages has no cron).
 * The claim is atomic, so concurrent readers reconcile a task at most once per interval.
 */
export async function readTaskWithReconcile(app: App, id: string, viewerId: string | null): Promise<Task> {
  return reconcileIfStale(app, await getVisibleTask(app, id, viewerId));
}

/**
 * The task just read, settled from the provider when it has not moved for RECONCILE_AFTER_SECONDS. Only the reader
 * that wins the claim (one atomic UPDATE) writes or calls the provider, and the claim is looked for in the row first:
 * once someone claimed it this interval, a read issues no write at all, however many watch the task. A stale queued
 * task (its promotion was missed) is offered a free slot behind the same claim, so at most once per interval.
 */
export async function reconcileIfStale(app: App, task: Task): Promise<Task> {
  if (isTerminal(task.status)) return task;
  const now = app.now();
  const staleBefore = now - app.env.RECONCILE_AFTER_SECONDS * 1000;
  if (task.updatedAt >= staleBefore) return task;
  if (task.reconciledAt !== null && task.reconciledAt >= staleBefore) return task;
  if (!(await markReconciled(app.db, { id: task.id, now, notBefore: staleBefore }))) return task;
  const claimed = { ...task, reconciledAt: now };
  // One atomic UPDATE gives it a slot if the caps leave one.
  if (claimed.status === "queued") return trySubmitQueuedTask(app, claimed);
  return reconcileTask(app, claimed);
}

function page(result: { tasks: Task[]; nextCursor: PageCursor | null }, viewerId: string | null): TaskPage {
  return { tasks: result.tasks.map((task) => presentTask(task, viewerId)), next_cursor: encodeCursor(result.nextCursor) };
}

export async function listOwnTasks(app: App, userId: string, limit: number, cursor?: PageCursor): Promise<TaskPage> {
  return page(await listTasksByUser(app.db, { userId, limit, cursor }), userId);
}

export async function listPublicGallery(app: App, viewerId: string | null, limit: number, cursor?: PageCursor): Promise<TaskPage> {
  return page(await listGallery(app.db, { limit, cursor }), viewerId);
}
