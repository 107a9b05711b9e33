// The task as the HTTP API returns it. Zod schemas (the types are inferred from them) that import only zod and
// lib/shared, so the browser code and the test fakes share the server's contract without pulling server code in, and
// the OpenAPI document (GET /api/openapi.json) is generated from the same source.

import * as z from "zod";
import { TASK_STATUSES } from "@/lib/shared/task-status";
import { ERROR_CODES } from "@/lib/shared/error-codes";

export const taskViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(TASK_STATUSES),
    progress: z.number().meta({ description: "0–100, as far as the provider reported it." }),
    model: z.string(),
    prompt: z.string(),
    aspect_ratio: z.string(),
    is_private: z.boolean(),
    locale: z.string(),
    seed: z
      .number()
      .nullable()
      .meta({ description: "The seed the provider used (the input's, else from its logs); null until known or when it reports none." }),
    seed_reproducible: z.boolean().meta({
      description:
        "False when the same seed need not give the same image again: cog-flux's `go_fast` (its default) runs in fp8, which is not deterministic.",
    }),
    parent_id: z.string().nullable().meta({ description: "The task this one was remixed, edited, expanded or upscaled from." }),
    run_id: z
      .string()
      .nullable()
      .meta({ description: "The run (several models or prompts started together) it belongs to; null for a task of its own." }),
    starred: z.boolean().meta({ description: "Its owner starred it." }),
    input_image: z.object({ url: z.string(), ref: z.string() }).nullable().meta({
      description:
        "The image this task edits (FLUX Kontext): `url` follows that image's own visibility; `ref` is how POST /api/generate names it again (`upl_…` or `task:<taskId>/<index>`).",
    }),
    input_images: z.array(z.object({ url: z.string(), ref: z.string() })).meta({
      description:
        "The reference images the model read, in order (the prompt's \"image 1\" is the first): `url` follows each image's own visibility; `ref` is how POST /api/generate names it again.",
    }),
    mask: z.object({ url: z.string(), ref: z.string() }).nullable().meta({
      description:
        "The mask a fill model repainted under (white = repaint), the size of `input_image`: `url` follows the mask's own visibility (its owner's); `ref` names it again.",
    }),
    settings: z.record(z.string(), z.unknown()).meta({
      description: "The model's own knobs as stored (num_outputs, output_format, guidance, …), so a remix can carry them all.",
    }),
    images: z
      .array(
        z.object({
          url: z.string(),
          width: z.number().nullable().meta({ description: "Pixel width, measured when the image was stored; null for older images." }),
          height: z.number().nullable().meta({ description: "Pixel height, as `width`." }),
        }),
      )
      .meta({ description: "The task's images, served by the app (GET /api/images/{taskId}/{index})." }),
    error: z
      .object({ code: z.enum(ERROR_CODES), message: z.string() })
      .nullable()
      .meta({ description: "Why the task failed or was canceled; null otherwise." }),
    cost_usd: z.number().nullable().meta({ description: "What the task was charged, in USD; null until a charge is recorded." }),
    cancel_requested: z.boolean().meta({
      description:
        "Its owner asked to cancel it. Until the provider confirms the prediction ended, the task keeps its status (and its slot and reservation) and reads as canceling; then it shows how it really ended.",
    }),
    created_at: z.string().meta({ description: "ISO 8601 time (UTC)." }),
    started_at: z.string().nullable().meta({ description: "ISO 8601 time (UTC) the provider started it; null before." }),
    completed_at: z.string().nullable().meta({ description: "ISO 8601 time (UTC) it ended; null before." }),
  })
  .meta({ description: "A task as the HTTP API returns it." });

export type TaskView = z.infer<typeof taskViewSchema>;

/** Where a search found its words in a task's prompt. */
const searchMatchSchema = z
  .object({
    ranges: z
      .array(z.tuple([z.number().int(), z.number().int()]))
      .meta({ description: "Each matched word as [start, end): UTF-16 offsets into `prompt` (JavaScript string indexes), in order." }),
  })
  .meta({ description: "Only in a search page (`q` given): where the words were found, to highlight without any HTML from the server." });

/** A page of tasks (GET /api/tasks, GET /api/gallery), newest first, or most relevant first when searching. */
export const taskPageSchema = z
  .object({
    tasks: z.array(taskViewSchema.extend({ match: searchMatchSchema.optional() })),
    next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last one." }),
  })
  .meta({ description: "A page of tasks (GET /api/tasks, GET /api/gallery), newest first; with `q`, most relevant first, each with `match`." });

export type TaskPage = z.infer<typeof taskPageSchema>;
