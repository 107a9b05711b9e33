import "server-only";
import type { Prediction } from "@/lib/ai-gateway";
import type { App } from "@/lib/platform/app";
import { isUniqueViolation } from "@/db/errors";
import { setPredictionId } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

/** Pages of Replicate's list read per search (100 predictions each); the window holds seconds of creates. */
const MAX_PAGES = 5;
/** Clock skew allowed between our clock and the provider's `created_at`. */
const SKEW_MS = 60_000;

/**
 * A create whose answer was lost (timeout, dropped connection) may still have made a prediction. It is looked up
 * in the account's list of predictions created while the call could have been in flight: same model, same
 * prompt, not already the prediction of another task. The id is stored on the task (the unique index settles a
 * race between two searches); returns the task with its id, or undefined when the provider has no such
 * prediction, which confirms nothing was made.
 */
export async function findLostPrediction(app: App, task: Task): Promise<Task | undefined> {
  const context = { taskId: task.id, model: task.modelKey };
  const window = {
    createdAfter: new Date(task.updatedAt - SKEW_MS).toISOString(),
    createdBefore: new Date(task.updatedAt + app.env.PROVIDER_TIMEOUT_SECONDS * 1000 + SKEW_MS).toISOString(),
  };
  let page = await app.gateway.listPredictions(window, context);
  for (let read = 1; ; read++) {
    for (const prediction of page.results.filter((candidate) => isCreateOf(task, candidate)).reverse()) {
      const stored = await claim(app, task, prediction);
      if (stored) return stored;
    }
    if (page.nextQuery === null || read >= MAX_PAGES) return undefined;
    page = await app.gateway.listPredictions({ nextQuery: page.nextQuery }, context);
  }
}

function isCreateOf(task: Task, prediction: Prediction): boolean {
  return prediction.model === task.providerModel && prediction.input.prompt === task.prompt;
}

async function claim(app: App, task: Task, prediction: Prediction): Promise<Task | undefined> {
  try {
    const stored = await setPredictionId(app.db, { id: task.id, predictionId: prediction.id, now: app.now() });
    return stored?.predictionId === prediction.id ? stored : undefined;
  } catch (error) {
    // Another task's prediction (same prompt, same minute): try the next candidate.
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
}
