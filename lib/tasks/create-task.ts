import "server-only";
import type { App } from "@/lib/platform/app";
import type { GenerateBody } from "@/lib/shared/api/generate";
import { taskOfInputImage } from "@/lib/shared/input-image-ref";
import { MODEL_CARDS } from "@/lib/shared/models/catalogue";
import { chargedRule, expectedOutputMegapixels, priceMicrosOfInput } from "@/lib/shared/models/price";
import { REPLICATE_MODELS } from "@/lib/ai-gateway/replicate-models";
import { AppError } from "@/lib/platform/errors";
import { enforceRateLimits } from "@/lib/spend/rate-limit";
import { releaseBudget, reserveBudget, type Payer } from "@/lib/spend/budgets";
import { checkFillRequest } from "@/lib/tasks/fill-inputs";
import { resolveVisibleInputImage } from "@/lib/tasks/input-image";
import { promoteQueuedTasks } from "@/lib/tasks/queue";
import { submitTask } from "@/lib/tasks/submit-task";
import { checkUpscaleRequest } from "@/lib/tasks/upscale-inputs";
import { getVisibleTask } from "@/lib/tasks/visibility";
import { countQueued, insertTaskWithinCaps } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

const ONE_MEGAPIXEL = { width: 1000, height: 1000 };

/**
 * Checks the caller may see every image the request names (and a fill's mask, an upscale's output size: see
 * fill-inputs.ts and upscale-inputs.ts), the limits, reserves the price of this input (it follows
 * the resolution, the images asked for and the reference images' sizes) against the day's budgets (before any
 * provider call), writes the task and submits it if the in-flight caps allow. The body
 * was parsed by the route; nothing here checks its fields again. The task's end settles the reservation.
 */
export async function createTask(app: App, payer: Payer, body: GenerateBody): Promise<Task> {
  const { userId, clientKey } = payer;
  const { model: modelKey, is_private, locale, parent_id, prompt, ...rest } = body;
  const { input_image, input_images, aspect_ratio, mask, ...params } = {
    input_image: undefined,
    input_images: undefined,
    aspect_ratio: undefined,
    mask: undefined,
    ...rest,
  };
  const card = MODEL_CARDS[modelKey];
  const references = input_images ?? [];
  const edited = input_image === undefined ? null : await resolveVisibleInputImage(app, input_image, userId);
  const referenced = await Promise.all(references.map((ref, index) => resolveVisibleInputImage(app, ref, userId, `input_images[${index}]`)));
  if (edited && body.model === "flux-fill-pro") await checkFillRequest(app, userId, { image: edited, mask, outpaint: body.outpaint });
  if (edited && body.model === "upscaler") await checkUpscaleRequest(app, edited, body.scale);
  // An edit links to what it edited: the image it edits, else the first reference that is a task's output.
  const parentId =
    parent_id ?? [input_image, ...references].map((ref) => (ref === undefined ? null : taskOfInputImage(ref))).find((id) => id !== null) ?? undefined;
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

  // A reference whose size is unknown (an output stored before sizes were kept) is priced as one megapixel.
  const inputSizes = [...(edited ? [edited] : []), ...referenced].map((image) => image.size ?? ONE_MEGAPIXEL);
  const facts = { outputMegapixels: expectedOutputMegapixels(card.size, params, inputSizes), inputImages: inputSizes };
  const price = priceMicrosOfInput(chargedRule(modelKey, card.price, app.env.MODEL_PRICES_USD), params, facts);
  const reservation = await reserveBudget(app, payer, price);
  const now = app.now();
  // Written once: as `submitting` when a slot is free (then sent at once), else as `queued`.
  const task = await insertTaskWithinCaps(app.db, {
    perUserCap: app.env.MAX_IN_FLIGHT_PER_USER,
    globalCap: app.env.MAX_IN_FLIGHT_GLOBAL,
    task: {
      id: `tsk_${crypto.randomUUID().replace(/-/g, "")}`,
      userId,
      modelKey,
      providerModel: REPLICATE_MODELS[modelKey].model,
      prompt,
      params,
      aspectRatio: aspect_ratio ?? card.defaultAspectRatio,
      isPrivate: is_private,
      locale,
      progress: 0,
      seed: "seed" in params && typeof params.seed === "number" ? params.seed : null,
      parentId: parentId ?? null,
      inputImage: input_image ?? null,
      inputImages: references,
      mask: mask ?? null,
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
