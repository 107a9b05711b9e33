import type { App } from "@/lib/app";
import { AppError } from "@/lib/errors";
import { applyPrediction } from "@/lib/tasks/apply-prediction";
import { isTerminal } from "@/lib/tasks/outcomes";
import { promoteQueuedTasks } from "@/lib/tasks/queue";
import { getOwnTask } from "@/lib/tasks/read-tasks";
import { advanceTaskStatus } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

/** Owner-only. A running prediction is canceled at the provider; a task not yet sent just stops. */
export async function cancelTask(app: App, id: string, ownerId: string): Promise<Task> {
  const task = await getOwnTask(app, id, ownerId);
  if (isTerminal(task.status)) {
    throw new AppError("conflict", `This task has already ${task.status}; there is nothing to cancel.`);
  }
  if (task.predictionId) {
    const prediction = await app.gateway.cancelPrediction(task.predictionId, { taskId: task.id, model: task.providerModel });
    return applyPrediction(app, task, prediction);
  }
  const canceled = await advanceTaskStatus(app.db, {
    id: task.id,
    status: "canceled",
    errorCode: "canceled",
    errorMessage: "You canceled this before it started.",
    completedAt: app.now(),
    now: app.now(),
  });
  if (!canceled) throw new AppError("conflict", "This task changed while canceling it; reload and try again.");
  await promoteQueuedTasks(app);
  return canceled;
}
