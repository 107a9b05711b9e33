import type { App } from "@/lib/app";
import { parseWith } from "@/lib/api/body";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locales";
import { getImageModel, type ImageModelKey, priceMicrosFor } from "@/lib/models";
import { enforceRateLimits } from "@/lib/rate-limit";
import { releaseBudget, reserveBudget, type Payer } from "@/lib/spend/budgets";
import { promoteQueuedTasks } from "@/lib/tasks/queue";
import { submitTask } from "@/lib/tasks/submit-task";
import { getVisibleTask } from "@/lib/tasks/read-tasks";
import { INPUT_IMAGE_FORMAT, resolveVisibleInputImage, taskOfInputImage } from "@/lib/uploads/input-image";
import { signInputImageUrl } from "@/lib/uploads/signed-input-url";
import { countQueued, insertTaskWithinCaps } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

/**
 * The envelope of POST /api/generate as its route parsed it (app/api/generate/schema.ts); the rest of the body is
 * the model's own input, which the registry's schema checks here, once.
 */
export interface CreateTaskRequest {
  model: ImageModelKey;
  is_private: boolean;
  locale: Locale;
  input_image?: string;
  parent_id?: string;
  [knob: string]: unknown;
}

/**
 * Checks the limits, reserves the price of every image asked for against the day's budgets (before any provider
 * call), writes the task and submits it if the in-flight caps allow. The task's end settles the reservation.
 */
export async function createTask(app: App, payer: Payer, body: CreateTaskRequest): Promise<Task> {
  const { userId, clientKey } = payer;
  const { model: modelKey, is_private, locale, input_image, parent_id, ...input } = body;
  const model = getImageModel(modelKey);
  if (model.inputImage === "required" && input_image === undefined) {
    throw new AppError("invalid_input", `input_image: ${model.label} edits an image; give ${INPUT_IMAGE_FORMAT}.`);
  }
  if (model.inputImage === "none" && input_image !== undefined) {
    throw new AppError("invalid_input", `input_image: ${model.label} takes no input image; edit with flux-kontext-pro.`);
  }
  // The provider reads the image through a signed URL made when the task is submitted; parsing with one now
  // checks the whole input once, as the provider will receive it.
  const inputImageUrl =
    input_image === undefined
      ? undefined
      : await signInputImageUrl(app.env.APP_URL, app.env.SESSION_SECRET, await resolveVisibleInputImage(app, input_image, userId), app.now());
  const parsed = parseWith(model.inputSchema, inputImageUrl ? { ...input, input_image: inputImageUrl } : input) as {
    prompt: string;
    aspect_ratio?: string;
    input_image?: string;
    [name: string]: unknown;
  };
  const { prompt, aspect_ratio, input_image: _signedUrl, ...params } = parsed;
  const parentId = parent_id ?? (input_image === undefined ? undefined : taskOfInputImage(input_image));
  if (parentId !== undefined && parentId !== null) {
    await getVisibleTask(app, parentId, userId).catch(() => {
      throw new AppError("not_found", "parent_id: there is no such task, or it is private.");
    });
  }

  await enforceRateLimits(app, "generate", payer);
  const queued = app.env.MAX_QUEUED_PER_USER === 0 ? 0 : await countQueued(app.db, { userId });
  if (app.env.MAX_QUEUED_PER_USER > 0 && queued >= app.env.MAX_QUEUED_PER_USER) {
    throw new AppError("queue_full", `You already have ${queued} images waiting. Wait for one to finish.`, {
      retryAfterSeconds: 30,
    });
  }

  const images = typeof params.num_outputs === "number" ? params.num_outputs : 1;
  const reservation = await reserveBudget(app, payer, priceMicrosFor(modelKey, images, app.env.MODEL_PRICES_USD));
  const now = app.now();
  // Written once: as `submitting` when a slot is free (then sent at once), else as `queued`.
  const task = await insertTaskWithinCaps(app.db, {
    perUserCap: app.env.MAX_IN_FLIGHT_PER_USER,
    globalCap: app.env.MAX_IN_FLIGHT_GLOBAL,
    task: {
      id: `tsk_${crypto.randomUUID().replace(/-/g, "")}`,
      userId,
      modelKey,
      providerModel: model.providerModel,
      prompt,
      params,
      aspectRatio: aspect_ratio ?? model.defaultAspectRatio,
      isPrivate: is_private,
      locale,
      progress: 0,
      seed: typeof params.seed === "number" ? params.seed : null,
      parentId: parentId ?? null,
      inputImage: input_image ?? null,
      clientKey,
      budgetDay: reservation.day,
      reservedMicros: reservation.micros,
      createdAt: now,
      updatedAt: now,
    },
  }).catch(async (error: unknown) => {
    await releaseBudget(app, reservation);
    throw error;
  });
  if (task.status !== "submitting") return task;
  const result = await submitTask(app, task);
  if (result.freedSlot) await promoteQueuedTasks(app);
  return result.task;
}
