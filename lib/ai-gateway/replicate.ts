import "server-only";
import * as z from "zod";
import { modelInputSchema } from "../shared/api/generate";
import type { OutputFormat } from "../shared/limits";
import { isModelKey, MODEL_KEYS, type ModelKey } from "../shared/models/catalogue";
import { REPLICATE_MODELS, type ReplicateModel } from "./replicate-models";
import { isRecord } from "./retry";

/** Replicate's wire format: prediction objects, the create body, and readable error text. */

const PREDICTION_STATUSES = ["starting", "processing", "succeeded", "failed", "canceled", "aborted"] as const;

/** Replicate's webhook events (replicate.com/docs/topics/webhooks); the app subscribes to all four. */
export const WEBHOOK_EVENTS = ["start", "output", "logs", "completed"] as const;
type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * A prediction as Replicate sends it, the one reading for the create answer, a poll and a webhook body: `output`
 * is a URI string, an array or null (null once the data is removed, about an hour after an API prediction ends),
 * `error` a string, an object or null (kept as readable text), `status` includes `aborted` (a Cancel-After
 * deadline hit before the run started). Source: replicate.com/docs/topics/predictions and the
 * 2025-10-16 prediction-deadlines changelog.
 */
export const predictionSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(PREDICTION_STATUSES),
  input: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((input) => input ?? {}),
  output: z
    .union([z.string(), z.array(z.unknown()), z.null()])
    .optional()
    .transform((output) => output ?? null),
  // Replicate sends a string; an object or anything else is kept readable rather than rejected.
  error: z
    .unknown()
    .optional()
    .transform((error) => (error === null || error === undefined || error === "" ? null : typeof error === "string" ? error : JSON.stringify(error))),
  logs: z
    .string()
    .nullish()
    .transform((logs) => logs ?? null),
  metrics: z.looseObject({ predict_time: z.number().optional(), total_time: z.number().optional() }).optional(),
  created_at: z.string().nullish(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  urls: z.record(z.string(), z.string()).optional(),
});

export type Prediction = z.infer<typeof predictionSchema>;

export interface GenerateImageParams {
  model: ModelKey | string;
  input_prompt: string;
  aspect_ratio?: string;
  is_private?: boolean | 0 | 1;
  user_id: string;
  locale?: string;
  task_id?: string;
  webhook?: string;
  webhook_events_filter?: WebhookEvent[];
  seed?: number;
  num_outputs?: number;
  output_format?: OutputFormat;
  /** Model-specific inputs (num_inference_steps, guidance, lora_weights, …), checked against the model's schema. */
  [extra: string]: unknown;
}

// Fields of GenerateImageParams that describe the call rather than the model input.
const CALL_FIELDS = ["model", "input_prompt", "is_private", "user_id", "locale", "task_id", "webhook", "webhook_events_filter"];

const callFieldsSchema = z.object({
  user_id: z.string().trim().min(1, { message: "user_id is required" }).max(200),
  is_private: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
  locale: z.string().trim().min(1).max(35).optional(),
  task_id: z.string().trim().min(1).max(200).optional(),
  webhook: z.url({ protocol: /^https?$/ }).optional(),
  webhook_events_filter: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
});

/** A create whose model input was already checked (by the app's route, or by `checkGenerateImageParams`). */
export interface ImagePredictionRequest {
  model: ModelKey;
  /** The model's own input as the app names it, with `prompt` (and `input_image` as a URL for an edit). */
  input: Record<string, unknown>;
  webhook?: string;
  webhookEventsFilter?: readonly WebhookEvent[];
  /** For the gateway's analytics (cf-aig-metadata). */
  metadata: { taskId?: string; userId: string; locale?: string; isPrivate?: boolean };
}

interface CreatePredictionRequest {
  model: ReplicateModel;
  /** Path under the gateway's `/replicate` prefix. */
  path: string;
  body: Record<string, unknown>;
  taskId: string | null;
  metadata: Record<string, string | number | boolean | undefined>;
}

/** The create call for a checked request: the provider's path and body, the model's renames applied. */
export function buildCreatePrediction(request: ImagePredictionRequest): CreatePredictionRequest {
  const model = REPLICATE_MODELS[request.model];
  const [owner, name] = model.model.split(":")[0]!.split("/");
  const pinned = model.model.includes(":");
  const input = model.toInput(request.input);
  const body: Record<string, unknown> = pinned ? { version: model.model, input } : { input };
  if (request.webhook) body.webhook = request.webhook;
  if (request.webhookEventsFilter) body.webhook_events_filter = [...request.webhookEventsFilter];
  const { taskId, userId, locale, isPrivate } = request.metadata;
  return {
    model,
    path: pinned ? "/predictions" : `/models/${owner}/${name}/predictions`,
    body,
    taskId: taskId ?? null,
    metadata: { task_id: taskId, user_id: userId, model: model.key, locale, private: isPrivate },
  };
}

export type CheckResult = { ok: true; request: ImagePredictionRequest } | { ok: false; message: string; details: unknown };

/**
 * The public face's check, for callers that did not parse their input (the smoke test, scripts): an unknown model
 * or an input the model does not take is refused before any request, against the same schemas the route uses.
 */
export function checkGenerateImageParams(params: GenerateImageParams): CheckResult {
  const key = String(params.model);
  if (!isModelKey(key)) {
    return {
      ok: false,
      message: `Unknown image model "${key}". Choose one of: ${MODEL_KEYS.join(", ")}.`,
      details: { field: "model", value: params.model },
    };
  }
  const call = callFieldsSchema.safeParse(params);
  if (!call.success) return { ok: false, message: describeIssues(call.error.issues), details: call.error.issues };

  const rawInput: Record<string, unknown> = { prompt: params.input_prompt };
  for (const [name, value] of Object.entries(params)) {
    // null means "not set" in stored JSON params; the provider would reject it rather than use its default.
    if (!CALL_FIELDS.includes(name) && value !== undefined && value !== null) rawInput[name] = value;
  }
  const input = modelInputSchema(key).safeParse(rawInput);
  if (!input.success) return { ok: false, message: describeIssues(input.error.issues), details: input.error.issues };

  const { webhook, webhook_events_filter, task_id, user_id, locale, is_private } = call.data;
  return {
    ok: true,
    request: {
      model: key,
      input: input.data,
      webhook,
      webhookEventsFilter: webhook_events_filter,
      metadata: { taskId: task_id, userId: user_id, locale, isPrivate: is_private === undefined ? undefined : Boolean(is_private) },
    },
  };
}

export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const where = issue.path.map(String).join(".");
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  return `Invalid input: ${parts.join("; ")}`;
}

/** Readable text from a Replicate problem-details body (detail + invalid_fields). */
export function replicateErrorText(body: unknown): string | null {
  if (!isRecord(body)) return typeof body === "string" && body.trim() ? body.trim().slice(0, 500) : null;
  const parts: string[] = [];
  if (typeof body.detail === "string" && body.detail.trim()) parts.push(body.detail.trim());
  else if (typeof body.title === "string") parts.push(body.title);
  if (Array.isArray(body.invalid_fields)) {
    for (const field of body.invalid_fields) {
      if (!isRecord(field)) continue;
      const text = `${String(field.field ?? "input")}: ${String(field.description ?? field.type ?? "invalid")}`;
      if (!parts.some((part) => part.includes(String(field.field ?? "\u0000")))) parts.push(text);
    }
  }
  return parts.length > 0 ? parts.join("; ") : null;
}
