import "server-only";
import type { App } from "@/lib/platform/app";
import { isTerminal } from "@/lib/shared/task-status";
import { submitTask } from "@/lib/tasks/submit-task";
import { promoteQueuedTask } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

const MAX_PROMOTIONS_PER_CALL = 10;

function caps(app: App) {
  return { perUserCap: app.env.MAX_IN_FLIGHT_PER_USER, globalCap: app.env.MAX_IN_FLIGHT_GLOBAL };
}

/** Moves this queued task to `submitting` and creates its prediction, if the in-flight caps allow. */
export async function trySubmitQueuedTask(app: App, task: Task): Promise<Task> {
  const promoted = await promoteQueuedTask(app.db, { id: task.id, ...caps(app), now: app.now() });
  if (!promoted) return task;
  const result = await submitTask(app, promoted);
  if (result.freedSlot) await promoteQueuedTasks(app);
  return result.task;
}

/**
 * Fills free in-flight slots with the oldest queued tasks whose owners are under their cap.
 * Each promotion is one atomic UPDATE, so concurrent callers never exceed a cap.
 */
export async function promoteQueuedTasks(app: App): Promise<number> {
  let promotedCount = 0;
  while (promotedCount < MAX_PROMOTIONS_PER_CALL) {
    const promoted = await promoteQueuedTask(app.db, { ...caps(app), now: app.now() });
    if (!promoted) break;
    promotedCount += 1;
    // A failed submit frees its slot again, so the next round can fill it.
    await submitTask(app, promoted);
  }
  return promotedCount;
}

/** After an event that may have ended a task: the slot it frees goes to the next queued task. */
export async function promoteIfEnded(app: App, before: Task, after: Task): Promise<Task> {
  if (!isTerminal(before.status) && isTerminal(after.status)) await promoteQueuedTasks(app);
  return after;
}
