import "server-only";
import type { App } from "@/lib/platform/app";
import { getOwnTask } from "@/lib/tasks/visibility";
import { setTaskStar } from "@/db/queries/task-stars";
import type { Task } from "@/db/schema";

/**
 * Stars (or unstars) one of the owner's tasks. Idempotent: starring a starred task keeps its first star time. Anyone
 * else's task, public or not, is a 404, as if it did not exist.
 */
export async function starTask(app: App, id: string, ownerId: string, starred: boolean): Promise<Task> {
  const changed = await setTaskStar(app.db, { id, userId: ownerId, starredAt: starred ? app.now() : null });
  return changed ?? getOwnTask(app, id, ownerId);
}
