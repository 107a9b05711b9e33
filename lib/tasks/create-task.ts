import * as z from "zod";
import type { App } from "@/lib/app";
import { parseWith } from "@/lib/api/body";
import { AppError } from "@/lib/errors";
import { LOCALES } from "@/lib/i18n/locales";
import { IMAGE_MODEL_KEYS, getImageModel, priceMicrosFor } from "@/lib/models";
import { enforceRateLimits } from "@/lib/rate-limit";
import { releaseBudget, reserveBudget, type Payer } from "@/lib/spend/budgets";
import { trySubmitQueuedTask } from "@/lib/tasks/queue";
import { countQueued, insertTask } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

/** The envelope of POST /api/generate; the model's own schema (from the registry) checks the rest. */
const createTaskBodySchema = z
  .object({
    model: z.enum(IMAGE_MODEL_KEYS, { message: `must be one of ${IMAGE_MODEL_KEYS.join(", ")}` }),
    is_private: z.boolean().default(false),
    locale: z.enum(LOCALES).default("en"),
  })
  .loose();

/**
 * Checks the limits, reserves the price of every image asked for against the day's budgets (before any provider
 * call), writes the task and submits it if the in-flight caps allow. The task's end settles the reservation.
 */
export async function createTask(app: App, payer: Payer, body: unknown): Promise<Task> {
  const { userId, clientKey } = payer;
  const { model: modelKey, is_private, locale, ...input } = parseWith(createTaskBodySchema, body);
  const model = getImageModel(modelKey);
  const { prompt, aspect_ratio, ...params } = parseWith(model.inputSchema, input) as {
    prompt: string;
    aspect_ratio?: string;
    [name: string]: unknown;
  };

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
  const task = await insertTask(app.db, {
    task: {
      id: `tsk_${crypto.randomUUID().replace(/-/g, "")}`,
      userId,
      modelKey,
      providerModel: model.providerModel,
      prompt,
      params,
      aspectRatio: aspect_ratio ?? "1:1",
      isPrivate: is_private,
      locale,
      status: "queued",
      statusRank: 0,
      progress: 0,
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
  return trySubmitQueuedTask(app, task);
}
