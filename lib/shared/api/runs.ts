import * as z from "zod";
import { type GenerateBody, generateBodySchema, modelKeySchema } from "@/lib/shared/api/generate";
import { RUN_MAX_MODELS, RUN_MAX_PROMPTS, RUN_MIN_MODELS } from "@/lib/shared/limits";
import { taskViewSchema } from "@/lib/shared/task-view";

/**
 * The body of POST /api/runs: one prompt on 2–4 models (a compare run), or 1–10 prompts on one model. Every other
 * field is a setting shared by all the run's tasks; each task's input (the shared settings, its model and its prompt)
 * is then parsed by that model's own generate schema, so a setting a model does not take is a 422 naming the model
 * and the field, exactly as POST /api/generate would answer it.
 */

const sharedSettings = {
  is_private: z.boolean().optional(),
  locale: z.string().optional().meta({ description: "`en` or `zh`." }),
  aspect_ratio: z.string().optional().meta({ description: "Checked against each model's own ratios." }),
};

const compareRequestSchema = z
  .looseObject({
    models: z
      .array(modelKeySchema)
      .min(RUN_MIN_MODELS, { message: `compare at least ${RUN_MIN_MODELS} models` })
      .max(RUN_MAX_MODELS, { message: `compare at most ${RUN_MAX_MODELS} models at once` })
      .meta({ description: `${RUN_MIN_MODELS}–${RUN_MAX_MODELS} model keys, none twice; one task each, in this order.` }),
    prompt: z.string({ error: "write the prompt every model is given" }).meta({ description: "The prompt every model is given." }),
    ...sharedSettings,
  })
  .meta({ description: "One prompt on several models. Any other field is a setting every model's task takes (its generate body's fields)." });

const promptsRequestSchema = z
  .looseObject({
    model: modelKeySchema,
    prompts: z
      .array(z.string())
      .min(1, { message: "give at least one prompt" })
      .max(RUN_MAX_PROMPTS, { message: `at most ${RUN_MAX_PROMPTS} prompts at once` })
      .meta({ description: `1–${RUN_MAX_PROMPTS} prompts, none empty; one task each, in this order.` }),
    ...sharedSettings,
  })
  .meta({ description: "Several prompts on one model. Any other field is a setting every task takes (the model's generate body's fields)." });

/** The run as the API documents it and the studio sends it. */
export const runRequestSchema = z.union([compareRequestSchema, promptsRequestSchema]);

/** A parsed run: its tasks' bodies, each checked by its model's generate schema, in the run's order. */
export interface RunBody {
  is_private: boolean;
  inputs: GenerateBody[];
}

type Issue = z.core.$ZodIssue;
const describe = (issue: Issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message);

const SHAPES = "either `models` (2–4) with one `prompt`, or one `model` with `prompts` (one per line)";

// The fields of the other shape are refused, so a body never means two things.
const compareShape = compareRequestSchema.extend({
  model: z.never({ error: `give \`models\` to compare, or \`model\` with \`prompts\`, not both` }).optional(),
  prompts: z.never({ error: "a compare run takes one `prompt`" }).optional(),
});
const promptsShape = promptsRequestSchema.extend({
  models: z.never({ error: `give \`models\` with one \`prompt\`, or \`model\` with \`prompts\`, not both` }).optional(),
  prompt: z.never({ error: "a run of several prompts takes `prompts`" }).optional(),
});

/** The tasks a request asks for, each with the label its errors are named by, before their models' schemas check them. */
function tasksOf(value: unknown, ctx: z.core.$RefinementCtx): { label: string; body: Record<string, unknown> }[] | null {
  const isObject = typeof value === "object" && value !== null;
  const shape = isObject && "models" in value ? compareShape : isObject && ("prompts" in value || "model" in value) ? promptsShape : null;
  if (shape === null) {
    ctx.addIssue({ code: "custom", message: `A run takes ${SHAPES}.` });
    return null;
  }
  const parsed = shape.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return null;
  }
  const { models, prompt, model, prompts, ...shared } = parsed.data as Record<string, unknown> & {
    models?: string[];
    prompt?: string;
    model?: string;
    prompts?: string[];
  };
  if (models !== undefined) {
    const twice = models.find((key, index) => models.indexOf(key) !== index);
    if (twice !== undefined) {
      ctx.addIssue({ code: "custom", path: ["models"], message: `${twice} is named twice; compare different models` });
      return null;
    }
    return models.map((key, index) => ({ label: `models[${index}] (${key})`, body: { ...shared, model: key, prompt } }));
  }
  const empty = (prompts ?? []).findIndex((text) => text.trim() === "");
  if (empty >= 0) {
    ctx.addIssue({ code: "custom", path: ["prompts", empty], message: "is empty; write one prompt per line" });
    return null;
  }
  return (prompts ?? []).map((text, index) => ({ label: `prompts[${index}]`, body: { ...shared, model, prompt: text } }));
}

/** What the route parses: the run's shape, then every task's input through its model's own schema (all or nothing). */
export const runBodySchema = z.unknown().transform((value, ctx): RunBody => {
  const tasks = tasksOf(value, ctx);
  if (tasks === null) return z.NEVER;
  const inputs: GenerateBody[] = [];
  for (const task of tasks) {
    const parsed = generateBodySchema.safeParse(task.body);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: `${task.label}: ${describe(parsed.error.issues[0]!)}` });
      return z.NEVER;
    }
    inputs.push(parsed.data);
  }
  return { is_private: inputs[0]?.is_private ?? false, inputs };
});

/** A run as the HTTP API returns it. */
const runViewSchema = z
  .object({
    id: z.string(),
    is_private: z.boolean().meta({ description: "A private run (and its tasks) is seen by its owner alone." }),
    created_at: z.string().meta({ description: "ISO 8601 time (UTC)." }),
    tasks: z.array(taskViewSchema).meta({ description: "One task per model or prompt, in the order the request named them." }),
  })
  .meta({ description: "Several models or prompts started together." });

export type RunView = z.infer<typeof runViewSchema>;

export const runEnvelopeSchema = z.object({ run: runViewSchema });
