import * as z from "zod";
import { getImageModel, type ImageModel, type ImageModelKey } from "../models";
import { isRecord } from "./retry";

/** Replicate's wire format: prediction objects, the create body, and readable error text. */

const PREDICTION_STATUSES = ["starting", "processing", "succeeded", "failed", "canceled", "aborted"] as const;

const WEBHOOK_EVENTS = ["start", "output", "logs", "completed"] as const;
type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const predictionSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(PREDICTION_STATUSES),
  input: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((input) => input ?? {}),
  output: z.unknown(),
  // Replicate sends a string; anything else is kept readable rather than rejected.
  error: z
    .unknown()
    .transform((error) => (error === null || error === undefined || error === "" ? null : typeof error === "string" ? error : JSON.stringify(error))),
  logs: z
    .string()
    .nullish()
    .transform((logs) => logs ?? null),
  metrics: z.looseObject({ predict_time: z.number().optional(), total_time: z.number().optional() }).optional(),
  created_at: z.string(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  urls: z.record(z.string(), z.string()).optional(),
});

export type Prediction = z.infer<typeof predictionSchema>;

export interface GenerateImageParams {
  model: ImageModelKey | string;
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
  output_format?: "webp" | "jpg" | "png";
  /** Model-specific inputs (num_inference_steps, guidance, lora_weights, …), validated by the registry schema. */
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

interface CreatePredictionRequest {
  model: ImageModel;
  /** Path under the gateway's `/replicate` prefix. */
  path: string;
  body: Record<string, unknown>;
  taskId: string | null;
  metadata: Record<string, string | number | boolean | undefined>;
}

export type BuildResult = { ok: true; request: CreatePredictionRequest } | { ok: false; message: string; details: unknown };

/** Validates params against the registry (unknown model, bad input → not ok) and builds the create call. */
export function buildCreatePrediction(params: GenerateImageParams): BuildResult {
  let model: ImageModel;
  try {
    model = getImageModel(String(params.model));
  } catch (error) {
    return { ok: false, message: (error as Error).message, details: { field: "model", value: params.model } };
  }
  const call = callFieldsSchema.safeParse(params);
  if (!call.success) return { ok: false, message: describeIssues(call.error.issues), details: call.error.issues };

  const rawInput: Record<string, unknown> = { prompt: params.input_prompt };
  for (const [key, value] of Object.entries(params)) {
    // null means "not set" in stored JSON params; the provider would reject it rather than use its default.
    if (!CALL_FIELDS.includes(key) && value !== undefined && value !== null) rawInput[key] = value;
  }
  const input = model.inputSchema.safeParse(rawInput);
  if (!input.success) return { ok: false, message: describeIssues(input.error.issues), details: input.error.issues };

  const { webhook, webhook_events_filter, task_id, user_id, locale, is_private } = call.data;
  const [owner, name] = model.providerModel.split(":")[0]!.split("/");
  const pinned = model.providerModel.includes(":");
  const body: Record<string, unknown> = pinned ? { version: model.providerModel, input: input.data } : { input: input.data };
  if (webhook) body.webhook = webhook;
  if (webhook_events_filter) body.webhook_events_filter = webhook_events_filter;
  return {
    ok: true,
    request: {
      model,
      path: pinned ? "/predictions" : `/models/${owner}/${name}/predictions`,
      body,
      taskId: task_id ?? null,
      metadata: {
        task_id,
        user_id,
        model: model.key,
        locale,
        private: is_private === undefined ? undefined : Boolean(is_private),
      },
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
