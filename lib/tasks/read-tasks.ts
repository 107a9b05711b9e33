import type { App } from "@/lib/app";
import { AppError } from "@/lib/errors";
import { encodeCursor, type Cursor } from "@/lib/tasks/cursor";
import { isTerminal } from "@/lib/tasks/outcomes";
import { presentTask, type TaskView } from "@/lib/tasks/present-task";
import { trySubmitQueuedTask } from "@/lib/tasks/queue";
import { reconcileTask } from "@/lib/tasks/reconcile";
import { getTaskById, listGallery, listTasksByUser, markReconciled } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

const notFound = () => new AppError("not_found", "There is no task with this id, or it is private.");

/** A task its viewer may see: the owner always, anyone else only when it is public. */
export async function getVisibleTask(app: App, id: string, viewerId: string | null): Promise<Task> {
  const task = await getTaskById(app.db, { id });
  if (!task || (task.isPrivate && task.userId !== viewerId)) throw notFound();
  return task;
}

export async function getOwnTask(app: App, id: string, ownerId: string): Promise<Task> {
  const task = await getTaskById(app.db, { id });
  if (!task || task.userId !== ownerId) throw notFound();
  return task;
}

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

export interface TaskPage {
  tasks: TaskView[];
  next_cursor: string | null;
}

function page(result: { tasks: Task[]; nextCursor: Cursor | null }): TaskPage {
  return { tasks: result.tasks.map(presentTask), next_cursor: encodeCursor(result.nextCursor) };
}

export async function listOwnTasks(app: App, userId: string, limit: number, cursor?: Cursor): Promise<TaskPage> {
  return page(await listTasksByUser(app.db, { userId, limit, cursor }));
}

export async function listPublicGallery(app: App, limit: number, cursor?: Cursor): Promise<TaskPage> {
  return page(await listGallery(app.db, { limit, cursor }));
}
