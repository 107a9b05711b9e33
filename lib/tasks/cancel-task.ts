import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { applyPrediction } from "@/lib/tasks/apply-prediction";
import { isTerminal } from "@/lib/shared/task-status";
import { promoteIfEnded, promoteQueuedTasks } from "@/lib/tasks/queue";
import { getOwnTask } from "@/lib/tasks/visibility";
import { advanceTaskStatus, requestCancel } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

const nothingToCancel = (status: string) => new AppError("conflict", `This task has already ${status}; there is nothing to cancel.`);

/**
 * Owner-only. A task not yet sent just stops. Otherwise the wish is recorded first, so it cannot be lost while a
 * create call is in flight: with the prediction id known, the prediction is canceled at the provider now; without
 * it, whoever learns the id (the create's answer, a webhook, the reconciler) cancels it. Until the provider says
 * the prediction ended, the task keeps its slot and its reservation (it reads as canceling).
 */
export async function cancelTask(app: App, id: string, ownerId: string): Promise<Task> {
  const task = await getOwnTask(app, id, ownerId);
  if (isTerminal(task.status)) throw nothingToCancel(task.status);
  if (task.status === "queued") {
    const canceled = await advanceTaskStatus(app.db, {
      id: task.id,
      status: "canceled",
      onlyFrom: "queued",
      errorCode: "canceled",
      errorMessage: "You canceled this before it started.",
      now: app.now(),
    });
    if (canceled) {
      await promoteQueuedTasks(app);
      return canceled;
    }
    // It was promoted meanwhile: its create may be under way, so it is canceled like a submitted task.
  }
  const requested = await requestCancel(app.db, { id: task.id, now: app.now() });
  if (!requested) throw nothingToCancel((await getOwnTask(app, id, ownerId)).status);
  if (requested.predictionId === null) return requested;
  const prediction = await app.gateway.cancelPrediction(requested.predictionId, { taskId: task.id, model: task.providerModel });
  return promoteIfEnded(app, requested, await applyPrediction(app, requested, prediction));
}
