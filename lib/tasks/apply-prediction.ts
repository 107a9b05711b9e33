import "server-only";
import type { Prediction } from "@/lib/ai-gateway";
import type { App } from "@/lib/platform/app";
import { outputUrls, REPLICATE_MODELS } from "@/lib/ai-gateway/replicate-models";
import { isModelKey, MODEL_CARDS } from "@/lib/shared/models/catalogue";
import { chargedRule, chargeMicrosFor, imagesAskedFor, priceMicrosOfInput } from "@/lib/shared/models/price";
import { microsToUsd } from "@/lib/shared/money";
import { type DownloadedOutput, downloadOutputs, OutputRefusedError } from "@/lib/images/download-outputs";
import { storeOutputs } from "@/lib/images/r2-store";
import type { ImageSize } from "@/lib/shared/image-types";
import { failureOfPrediction, taskStatusOf } from "@/lib/tasks/outcomes";
import { isTerminal } from "@/lib/shared/task-status";
import { parseProgress, parseSeed } from "@/lib/tasks/progress";
import { advanceTaskStatus, recordProviderProgress } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

// Progress is written in steps of 10 points at most once a second (100 % always), so a 28-step model costs a
// few row writes, not one per log line; the event stream checks the row about once a second, so finer steps would go unseen.
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
 * Returns the task as it stands afterwards; a caller whose event ended it gives its slot on (lib/tasks/queue.ts).
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
      task,
      await advanceTaskStatus(app.db, { ...base, status: "failed", errorCode, errorMessage, completedAt: toMs(prediction.completed_at) ?? now }),
    );

  if (status === "succeeded") {
    const urls = outputUrlsOf(task, prediction.output);
    if (urls.length === 0) {
      return failWith("output_missing", "The provider finished without an image (its files may have expired). Try again.");
    }
    const copyStarted = Date.now();
    let outputKeys: string[];
    let outputSizes: ImageSize[];
    try {
      const downloads = prefetched
        ? (await prefetched).slice(0, urls.length)
        : await downloadOutputs({ fetch: app.fetch, allowedHosts: app.env.REPLICATE_OUTPUT_HOSTS, urls });
      outputKeys = await storeOutputs(app.images, task.id, downloads);
      outputSizes = downloads.map((download) => download.size);
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
      task,
      await advanceTaskStatus(app.db, {
        ...base,
        status,
        progress: 100,
        outputKeys,
        outputSizes,
        costUsd: microsToUsd(charged),
        chargedMicros: charged,
        completedAt: toMs(prediction.completed_at) ?? now,
      }),
    );
  }

  if (status === "failed" || status === "canceled") {
    const failure = failureOfPrediction(prediction.status, prediction.error);
    // Replicate bills a prediction canceled while running for what it made; an aborted or failed one costs nothing.
    const made = status === "canceled" && prediction.status !== "aborted" ? outputUrlsOf(task, prediction.output).length : 0;
    const charged = made > 0 ? chargeFor(app, task, made) : undefined;
    return settle(
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

/** A prediction's outputs, in the shape the task's model answers with. */
function outputUrlsOf(task: Task, output: unknown): string[] {
  return isModelKey(task.modelKey) ? outputUrls(REPLICATE_MODELS[task.modelKey], output) : [];
}

/** What the delivered images cost: their share of what was reserved for every image asked for. */
function chargeFor(app: App, task: Task, images: number): number {
  const asked = imagesAskedFor(task.params);
  // A task from before budgets has no reservation; it pays its model's price at the defaults.
  const reserved =
    task.budgetDay === null && isModelKey(task.modelKey)
      ? priceMicrosOfInput(chargedRule(task.modelKey, MODEL_CARDS[task.modelKey].price, app.env.MODEL_PRICES_USD), task.params, NO_FACTS)
      : task.reservedMicros;
  return chargeMicrosFor(reserved, asked, images);
}

const NO_FACTS = { outputMegapixels: 1, inputImages: [] };

/** The task after an UPDATE that may have been a no-op (a stale event). */
function settle(before: Task, after: Task | undefined): Task {
  return after ?? before;
}
