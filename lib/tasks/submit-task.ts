import "server-only";
import { AiGatewayError, WEBHOOK_EVENTS } from "@/lib/ai-gateway";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { REPLICATE_MODELS } from "@/lib/ai-gateway/replicate-models";
import { isModelKey, type ModelKey } from "@/lib/shared/models/catalogue";
import { toAppError } from "@/lib/ai-gateway/to-app-error";
import { cancelOrphanPrediction, carryOutCancel } from "@/lib/tasks/cancel-at-provider";
import { taskStatusOf } from "@/lib/tasks/outcomes";
import { isTerminal } from "@/lib/shared/task-status";
import { webhookUrlFor } from "@/lib/tasks/webhook-url";
import { inputImageKey } from "@/lib/tasks/input-image";
import { signInputImageUrl } from "@/lib/images/signed-input-url";
import { advanceTaskStatus, failTask, getTaskById, setPredictionId } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

/** The model's deadline (lib/ai-gateway/replicate-models.ts), unless REPLICATE_CANCEL_AFTER overrides it. */
function cancelAfterFor(app: App, key: ModelKey): string {
  return app.env.REPLICATE_CANCEL_AFTER[key] ?? REPLICATE_MODELS[key].cancelAfter;
}

/** A task's stored input as the model takes it; `null` in older rows means "not set". */
function modelInputOf(task: Task, images: SignedImages): Record<string, unknown> {
  const input: Record<string, unknown> = { prompt: task.prompt, aspect_ratio: task.aspectRatio };
  for (const [name, value] of Object.entries(task.params)) if (value !== null && value !== undefined) input[name] = value;
  if (images.inputImage !== undefined) input.input_image = images.inputImage;
  if (images.inputImages !== undefined) input.input_images = images.inputImages;
  if (images.mask !== undefined) input.mask = images.mask;
  return input;
}

/**
 * Creates the prediction for a task already moved to `submitting`. A definite failure fails the
 * task with an actionable message; an unknown outcome (the request may have reached Replicate)
 * leaves it `submitting` for the webhook or the reconciler, because a second create could bill twice.
 * Returns the task as it stands afterwards and whether it ended (a definite failure, a cancel carried out), freeing its slot.
 */
export async function submitTask(app: App, task: Task): Promise<{ task: Task; freedSlot: boolean }> {
  try {
    const modelKey = task.modelKey;
    if (!isModelKey(modelKey)) throw new AppError("invalid_input", `The model ${modelKey} is no longer offered. Choose another one.`);
    const prediction = await app.gateway.createImagePrediction(
      {
        model: modelKey,
        input: modelInputOf(task, await signedImages(app, task)),
        webhook: await webhookUrlFor(app.env.APP_URL, task.id, app.env.REPLICATE_WEBHOOK_SECRET),
        webhookEventsFilter: WEBHOOK_EVENTS,
        metadata: { taskId: task.id, userId: task.userId, locale: task.locale, isPrivate: task.isPrivate },
      },
      { cancelAfter: cancelAfterFor(app, modelKey) },
    );
    const now = app.now();
    const status = taskStatusOf(prediction.status);
    const advanced =
      status === "starting" || status === "processing"
        ? await advanceTaskStatus(app.db, { id: task.id, status, predictionId: prediction.id, storePredictionId: true, now })
        : undefined;
    // A webhook may already have moved the task on (and set this id); then only the id needs storing.
    const current = advanced ?? (await setPredictionId(app.db, { id: task.id, predictionId: prediction.id, now }));
    if (current === undefined) {
      // The task ended while the create was in flight: by this prediction's own events, or without it.
      const ended = (await getTaskById(app.db, { id: task.id })) ?? task;
      if (ended.predictionId !== prediction.id) await cancelOrphanPrediction(app, ended, prediction.id);
      return { task: ended, freedSlot: false };
    }
    // Its owner canceled while the create was in flight: carried out now that the prediction has an id.
    if (current.cancelRequestedAt !== null) {
      const after = await carryOutCancel(app, current);
      return { task: after, freedSlot: isTerminal(after.status) };
    }
    return { task: current, freedSlot: false };
  } catch (error) {
    if (error instanceof AiGatewayError && error.outcomeUnknown) {
      app.logger.warn("task.submit_outcome_unknown", { taskId: task.id, kind: error.kind });
      return { task, freedSlot: false };
    }
    const reason =
      error instanceof AiGatewayError
        ? toAppError(error)
        : error instanceof AppError
          ? error
          : new AppError("internal", "The image request could not be sent. Try again.");
    if (!(error instanceof AiGatewayError) && !(error instanceof AppError)) {
      app.logger.error("task.submit_failed", { taskId: task.id, error: String(error) });
    }
    const failed = await failTask(app.db, {
      id: task.id,
      errorCode: reason.code,
      errorMessage: reason.message,
      now: app.now(),
    });
    return { task: failed ?? task, freedSlot: failed !== undefined };
  }
}

interface SignedImages {
  inputImage?: string;
  inputImages?: string[];
  mask?: string;
}

/**
 * Fresh signed URLs for the images the task reads (a queued task may wait longer than an earlier URL lives): the
 * image it edits, its reference images in order, and the mask a fill repaints under.
 */
async function signedImages(app: App, task: Task): Promise<SignedImages> {
  const sign = async (ref: string, what: string) => {
    const key = await inputImageKey(app, ref);
    if (key === null) throw new AppError("not_found", `${what} is no longer available. Choose it again.`);
    return signInputImageUrl(app.env.APP_URL, app.env.SESSION_SECRET, key, app.now());
  };
  return {
    ...(task.inputImage === null ? {} : { inputImage: await sign(task.inputImage, "The image to edit") }),
    ...(task.inputImages.length === 0
      ? {}
      : { inputImages: await Promise.all(task.inputImages.map((ref, index) => sign(ref, `Reference image ${index + 1}`))) }),
    ...(task.mask === null ? {} : { mask: await sign(task.mask, "The mask") }),
  };
}
