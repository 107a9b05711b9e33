import * as z from "zod";
import type { App } from "@/lib/app";
import { parseWith } from "@/lib/api/body";
import { AppError } from "@/lib/errors";
import { LOCALES } from "@/lib/i18n/locales";
import { IMAGE_MODEL_KEYS, getImageModel } from "@/lib/models";
import { enforceRateLimit } from "@/lib/rate-limit";
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

export async function createTask(app: App, userId: string, body: unknown): Promise<Task> {
  const { model: modelKey, is_private, locale, ...input } = parseWith(createTaskBodySchema, body);
  const model = getImageModel(modelKey);
  const { prompt, aspect_ratio, ...params } = parseWith(model.inputSchema, input) as {
    prompt: string;
    aspect_ratio?: string;
    [name: string]: unknown;
  };

  await enforceRateLimit(app, "generate", userId, app.env.GENERATE_RATE_LIMIT_PER_MINUTE);
  const queued = await countQueued(app.db, { userId });
  if (queued >= app.env.MAX_QUEUED_PER_USER) {
    throw new AppError("queue_full", `You already have ${queued} images waiting. Wait for one to finish.`, {
      retryAfterSeconds: 30,
    });
  }

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
      createdAt: now,
      updatedAt: now,
    },
  });
  return trySubmitQueuedTask(app, task);
}
