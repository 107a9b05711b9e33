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
  const task = await getVisibleTask(app, id, viewerId);
  if (isTerminal(task.status)) return task;
  const now = app.now();
  const staleBefore = now - app.env.RECONCILE_AFTER_SECONDS * 1000;
  if (task.updatedAt >= staleBefore) return task;
  // A queued task whose promotion was missed gets a slot if one is free (one atomic UPDATE).
  if (task.status === "queued") return trySubmitQueuedTask(app, task);
  if (!(await markReconciled(app.db, { id, now, notBefore: staleBefore }))) return task;
  return reconcileTask(app, task);
}

function page(result: { tasks: Task[]; nextCursor: PageCursor | null }): TaskPage {
  return { tasks: result.tasks.map(presentTask), next_cursor: encodeCursor(result.nextCursor) };
}

export async function listOwnTasks(app: App, userId: string, limit: number, cursor?: PageCursor): Promise<TaskPage> {
  return page(await listTasksByUser(app.db, { userId, limit, cursor }));
}

export async function listPublicGallery(app: App, limit: number, cursor?: PageCursor): Promise<TaskPage> {
  return page(await listGallery(app.db, { limit, cursor }));
}
