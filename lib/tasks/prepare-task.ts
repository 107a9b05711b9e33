import "server-only";
import type { App } from "@/lib/platform/app";
import type { GenerateBody } from "@/lib/shared/api/generate";
import { taskOfInputImage } from "@/lib/shared/input-image-ref";
import { MODEL_CARDS } from "@/lib/shared/models/catalogue";
import { chargedRule, expectedOutputMegapixels, priceMicrosOfInput } from "@/lib/shared/models/price";
import { REPLICATE_MODELS } from "@/lib/ai-gateway/replicate-models";
import { AppError } from "@/lib/platform/errors";
import type { Reservation } from "@/lib/spend/budgets";
import { resolveVisibleInputImage } from "@/lib/tasks/input-image";
import { getVisibleTask } from "@/lib/tasks/visibility";
import type { NewTask } from "@/db/schema";

const ONE_MEGAPIXEL = { width: 1000, height: 1000 };

/** A task as a request describes it, checked and priced, before any money is reserved or any row written. */
export interface PreparedTask {
  fields: Omit<NewTask, "id" | "status" | "statusRank" | "budgetDay" | "reservedMicros" | "createdAt" | "updatedAt" | "clientKey">;
  priceMicros: number;
}

/**
 * Checks the caller may see every image the request names (and the task it came from) and prices this input: the
 * price follows the resolution, the images asked for and the reference images' sizes. Reads only; the body was
 * parsed by the route, so nothing here checks its fields again.
 */
export async function prepareTask(app: App, userId: string, body: GenerateBody): Promise<PreparedTask> {
  const { model: modelKey, is_private, locale, parent_id, prompt, aspect_ratio, ...rest } = body;
  const { input_image, input_images, ...params } = { input_image: undefined, input_images: undefined, ...rest };
  const card = MODEL_CARDS[modelKey];
  const references = input_images ?? [];
  const edited = input_image === undefined ? null : await resolveVisibleInputImage(app, input_image, userId);
  const referenced = await Promise.all(references.map((ref, index) => resolveVisibleInputImage(app, ref, userId, `input_images[${index}]`)));
  // An edit links to what it edited: the image it edits, else the first reference that is a task's output.
  const parentId =
    parent_id ?? [input_image, ...references].map((ref) => (ref === undefined ? null : taskOfInputImage(ref))).find((id) => id !== null) ?? undefined;
  if (parentId !== undefined && parentId !== null) {
    await getVisibleTask(app, parentId, userId).catch(() => {
      throw new AppError("not_found", "parent_id: there is no such task, or it is private.");
    });
  }

  // A reference whose size is unknown (an output stored before sizes were kept) is priced as one megapixel.
  const inputSizes = [...(edited ? [edited] : []), ...referenced].map((image) => image.size ?? ONE_MEGAPIXEL);
  const facts = { outputMegapixels: expectedOutputMegapixels(card.size, params, inputSizes), inputImages: inputSizes };
  const priceMicros = priceMicrosOfInput(chargedRule(modelKey, card.price, app.env.MODEL_PRICES_USD), params, facts);
  return {
    priceMicros,
    fields: {
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
    },
  };
}

/** The row of a prepared task whose price is held in `reservation` (which may hold a whole run's). */
export function newTaskRow(
  prepared: PreparedTask,
  reservation: Reservation,
  extra: { clientKey: string; runId?: string; now: number },
): Omit<NewTask, "status" | "statusRank"> {
  return {
    ...prepared.fields,
    id: `tsk_${crypto.randomUUID().replace(/-/g, "")}`,
    clientKey: extra.clientKey,
    runId: extra.runId ?? null,
    budgetDay: reservation.day,
    // Each task holds its own share: its end settles that share alone (trigger tasks_settle_spend).
    reservedMicros: prepared.priceMicros,
    createdAt: extra.now,
    updatedAt: extra.now,
  };
}
