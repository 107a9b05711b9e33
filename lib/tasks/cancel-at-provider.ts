import "server-only";
import { AiGatewayError } from "@/lib/ai-gateway";
import type { App } from "@/lib/platform/app";
import { applyPrediction } from "@/lib/tasks/apply-prediction";
import type { Task } from "@/db/schema";

/**
 * Carries out a recorded cancel once the task's prediction id is known. The provider answers a cancel with the
 * prediction, which settles the task like any provider event: charged for what it made, refunded only when the
 * provider confirms nothing was delivered. A provider that does not answer leaves the request on the task, and
 * the reconciler carries it out on its next pass.
 */
export async function carryOutCancel(app: App, task: Task): Promise<Task> {
  if (task.predictionId === null) return task;
  try {
    const prediction = await app.gateway.cancelPrediction(task.predictionId, { taskId: task.id, model: task.providerModel });
    return await applyPrediction(app, task, prediction);
  } catch (error) {
    if (!(error instanceof AiGatewayError)) throw error;
    app.logger.warn("task.cancel_deferred", { taskId: task.id, kind: error.kind });
    return task;
  }
}

/** A prediction whose task ended while its create call was in flight has no one to pay for it: it stops at once. */
export async function cancelOrphanPrediction(app: App, task: Task, predictionId: string): Promise<void> {
  app.logger.warn("task.orphan_prediction", { taskId: task.id, predictionId });
  await app.gateway.cancelPrediction(predictionId, { taskId: task.id, model: task.providerModel }).catch((error: unknown) => {
    if (!(error instanceof AiGatewayError)) throw error;
    app.logger.error("task.orphan_prediction_cancel_failed", { taskId: task.id, predictionId, kind: error.kind });
  });
}
