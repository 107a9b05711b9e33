import * as z from "zod";
import type { App } from "@/lib/app";
import { parseWith } from "@/lib/api/body";
import { AppError } from "@/lib/errors";
import { LOCALES } from "@/lib/i18n/locales";
import { IMAGE_MODEL_KEYS, getImageModel } from "@/lib/models";
import { enforceRateLimit } from "@/lib/rate-limit";
import { promoteQueuedTasks } from "@/lib/tasks/queue";
import { submitTask } from "@/lib/tasks/submit-task";
import { countQueued, insertTaskWithinCaps } from "@/db/queries/tasks";
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
      aspectRatio: aspect_ratio ?? "1:1",
      isPrivate: is_private,
      locale,
      progress: 0,
      createdAt: now,
      updatedAt: now,
    },
  });
  if (task.status !== "submitting") return task;
  const result = await submitTask(app, task);
  if (result.freedSlot) await promoteQueuedTasks(app);
  return result.task;
}
