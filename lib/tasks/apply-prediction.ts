import type { Prediction } from "@/lib/ai-gateway";
import type { App } from "@/lib/app";
import { getImageModel, outputUrls, priceMicrosFor, type ImageModelKey } from "@/lib/models";
import { microsToUsd } from "@/lib/spend/money";
import { downloadOutputs, OutputRefusedError, storeOutputs, type DownloadedOutput } from "@/lib/storage";
import { failureOfPrediction, isTerminal, taskStatusOf } from "@/lib/tasks/outcomes";
import { parseProgress, parseSeed } from "@/lib/tasks/progress";
import { advanceTaskStatus, recordProviderProgress } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";
import { promoteQueuedTasks } from "@/lib/tasks/queue";

// Progress is written in steps of 10 points at most once a second (100 % always), so a 28-step model costs a
// few row writes, not one per log line; the browser polls no faster than that anyway.
const PROGRESS_WRITE_STEP = 10;
const PROGRESS_WRITE_INTERVAL_MS = 1000;

const toMs = (iso: string | null | undefined) => (iso ? Date.parse(iso) || null : null);

/** What a webhook adds to the prediction it carries. */
export interface WebhookDelivery {
  /** The outputs, already being downloaded (the webhook starts that before its D1 checks); in output order. */
  prefetched?: Promise<DownloadedOutput[]>;
  /** Its `webhook-id`: stored by the UPDATE that ends the task, so a redelivery is known for a duplicate. */
  webhookId?: string;
}

/**
 * The one path by which provider state reaches a task, for webhooks, polls and the reconciler alike.
 * The status only moves forward (one atomic UPDATE), so duplicate, late or racing events are no-ops.
 * Returns the task as it stands afterwards.
 */
export async function applyPrediction(app: App, task: Task, prediction: Prediction, delivery: WebhookDelivery = {}): Promise<Task> {
  const { prefetched, webhookId } = delivery;
  if (isTerminal(task.status)) return task;
  const status = taskStatusOf(prediction.status);
  const now = app.now();
  const base = {
    id: task.id,
    predictionId: prediction.id,
    now,
    startedAt: toMs(prediction.started_at) ?? undefined,
    seed: parseSeed(prediction.logs),
    finalWebhookId: webhookId,
  };

  // A success whose images cannot be kept ends the task as failed, settled like any other ending.
  const failWith = async (errorCode: "output_missing" | "output_refused", errorMessage: string) =>
    settle(
      app,
      task,
      await advanceTaskStatus(app.db, { ...base, status: "failed", errorCode, errorMessage, completedAt: toMs(prediction.completed_at) ?? now }),
    );

  if (status === "succeeded") {
    const model = getImageModel(task.modelKey);
    const urls = outputUrls(model, prediction.output);
    if (urls.length === 0) {
      return failWith("output_missing", "The provider finished without an image (its files may have expired). Try again.");
    }
    const copyStarted = Date.now();
    let outputKeys: string[];
    try {
      const downloads = prefetched
        ? (await prefetched).slice(0, urls.length)
        : await downloadOutputs({ fetch: app.fetch, allowedHosts: app.env.REPLICATE_OUTPUT_HOSTS, urls });
      outputKeys = await storeOutputs(app.images, task.id, downloads);
    } catch (error) {
      if (!(error instanceof OutputRefusedError)) throw error;
      app.logger.warn("output.refused", { taskId: task.id, reason: error.message });
      return failWith("output_refused", `${error.message} Try again.`);
    }
    // The copy is the slowest step between the provider's completed event and the image; its time is watched.
    app.logger.info("task.outputs_copied", { taskId: task.id, images: outputKeys.length, ms: Date.now() - copyStarted });
    // Images the safety filter dropped are not delivered, so not charged: the end of the task gives them back.
    const charged = chargeFor(app, task, outputKeys.length);
    return settle(
      app,
      task,
      await advanceTaskStatus(app.db, {
        ...base,
        status,
        progress: 100,
        outputKeys,
        costUsd: microsToUsd(charged),
        chargedMicros: charged,
        completedAt: toMs(prediction.completed_at) ?? now,
      }),
    );
  }

  if (status === "failed" || status === "canceled") {
    const failure = failureOfPrediction(prediction.status, prediction.error);
    // Replicate bills a prediction canceled while running for what it made; an aborted or failed one costs nothing.
    const made = status === "canceled" && prediction.status !== "aborted" ? outputUrls(getImageModel(task.modelKey), prediction.output).length : 0;
    const charged = made > 0 ? chargeFor(app, task, made) : undefined;
    return settle(
      app,
      task,
      await advanceTaskStatus(app.db, {
        ...base,
        status,
        errorCode: failure.code,
        errorMessage: failure.message,
        ...(charged === undefined ? {} : { chargedMicros: charged, costUsd: microsToUsd(charged) }),
        completedAt: toMs(prediction.completed_at) ?? now,
      }),
    );
  }

  return (await recordProgress(app, task.id, prediction)) ?? task;
}

/**
 * A starting/processing event in one statement without reading the task first (the webhook's hot path):
 * status and progress only move forward, so a duplicate or late event changes nothing.
 */
export function recordProgress(app: App, taskId: string, prediction: Prediction): Promise<Task | undefined> {
  const status = taskStatusOf(prediction.status);
  const now = app.now();
  return recordProviderProgress(app.db, {
    id: taskId,
    predictionId: prediction.id,
    status: status === "starting" ? "starting" : "processing",
    progress: parseProgress(prediction.logs),
    progressStep: PROGRESS_WRITE_STEP,
    progressIntervalMs: PROGRESS_WRITE_INTERVAL_MS,
    startedAt: toMs(prediction.started_at) ?? now,
    seed: parseSeed(prediction.logs),
    now,
  });
}

/** The price of the images delivered, never more than was reserved for the task. */
function chargeFor(app: App, task: Task, images: number): number {
  const price = priceMicrosFor(task.modelKey as ImageModelKey, images, app.env.MODEL_PRICES_USD);
  return task.budgetDay === null ? price : Math.min(price, task.reservedMicros);
}

/** After a terminal transition, the slot it frees goes to the next queued task. */
async function settle(app: App, before: Task, after: Task | undefined): Promise<Task> {
  if (!after) return before;
  if (isTerminal(after.status)) await promoteQueuedTasks(app);
  return after;
}
