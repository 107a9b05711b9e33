import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { getTaskById } from "@/db/queries/tasks";
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
