// The verifier alone: the package root would also bundle svix's whole API client (see README).
import { Webhook, WebhookVerificationError } from "svix/dist/webhook";
import * as z from "zod";
import type { Prediction } from "@/lib/ai-gateway";
import type { App } from "@/lib/app";
import { AppError } from "@/lib/errors";
import { applyPrediction, recordProgress } from "@/lib/tasks/apply-prediction";
import { isTerminal, taskStatusOf } from "@/lib/tasks/outcomes";
import { isWebhookSigFor } from "@/lib/tasks/webhook-url";
import { isUniqueViolation } from "@/db/errors";
import { forgetWebhookEvent, recordWebhookEvent } from "@/db/queries/webhook-events";
import { getTaskById, setPredictionId } from "@/db/queries/tasks";

const webhookPredictionSchema = z
  .object({
    id: z.string().min(1),
    status: z.enum(["starting", "processing", "succeeded", "failed", "canceled", "aborted"]),
    output: z.unknown().optional(),
    error: z.unknown().optional(),
    logs: z.string().nullable().optional(),
    created_at: z.string().nullable().optional(),
    started_at: z.string().nullable().optional(),
    completed_at: z.string().nullable().optional(),
  })
  .loose();

/** A prediction event is a few kB; the cap is applied before the signature is checked. */
export const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;

export type WebhookOutcome = "applied" | "duplicate" | "unknown_task" | "mismatched_prediction" | "stale";

const verifiers = new Map<string, Webhook>();

/**
 * Checks the Standard Webhooks signature over the raw body (5-minute tolerance); a bad one is a 401. A signed
 * body that is not JSON is a 400 (svix parses it only after the signature holds).
 */
function verifyWebhook(secret: string, rawBody: string, headers: Headers): unknown {
  let verifier = verifiers.get(secret);
  if (!verifier) {
    verifier = new Webhook(secret);
    verifiers.set(secret, verifier);
  }
  try {
    return verifier.verify(rawBody, {
      "webhook-id": headers.get("webhook-id") ?? "",
      "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
      "webhook-signature": headers.get("webhook-signature") ?? "",
    });
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      throw new AppError("unauthorized", "The webhook signature is missing, invalid or too old.");
    }
    if (error instanceof SyntaxError) throw notAPrediction();
    throw error;
  }
}

const notAPrediction = () => new AppError("bad_request", "The webhook body is not a Replicate prediction.");
const notThisTask = () => new AppError("unauthorized", "This webhook URL was not issued for this task.");

/**
 * A delivery applies only to the task its URL was made for: `sig` must be that task's HMAC. Tasks created before
 * URLs were signed have no `sig`; for them the delivery must name the prediction already stored on the task.
 */
async function requireDeliveryForTask(app: App, taskId: string, sig: string | null, predictionId: string): Promise<void> {
  if (sig !== null) {
    if (!(await isWebhookSigFor(taskId, sig, app.env.REPLICATE_WEBHOOK_SECRET))) throw notThisTask();
    return;
  }
  const task = await getTaskById(app.db, { id: taskId });
  if (!task?.predictionId || task.predictionId !== predictionId) throw notThisTask();
}

/** A prediction id already stored on another task (unique index): the delivery is refused, never a 500. */
function conflictOnForeignPrediction(error: unknown): unknown {
  if (!isUniqueViolation(error)) return error;
  return new AppError("conflict", "This prediction belongs to another task.");
}

/**
 * Applies one verified Replicate delivery. Intermediate events are idempotent by construction (status
 * and progress only move forward); the terminal event, which Replicate retries, is deduplicated by
 * its webhook-id. If applying it fails, the id is forgotten so the sender's retry can succeed.
 */
export async function handleReplicateWebhook(
  app: App,
  input: { rawBody: string; headers: Headers; taskId: string | null; sig: string | null },
): Promise<WebhookOutcome> {
  const payload = verifyWebhook(app.env.REPLICATE_WEBHOOK_SECRET, input.rawBody, input.headers);
  const parsed = webhookPredictionSchema.safeParse(payload);
  if (!parsed.success) throw notAPrediction();
  const prediction = parsed.data as unknown as Prediction;
  const webhookId = input.headers.get("webhook-id") ?? "";

  if (!input.taskId) throw notThisTask();
  await requireDeliveryForTask(app, input.taskId, input.sig, prediction.id);
  if (!isTerminal(taskStatusOf(prediction.status))) {
    try {
      return (await recordProgress(app, input.taskId, prediction)) ? "applied" : "stale";
    } catch (error) {
      throw conflictOnForeignPrediction(error);
    }
  }
  const fresh = await recordWebhookEvent(app.db, {
    webhookId,
    taskId: input.taskId,
    predictionId: prediction.id,
    status: prediction.status,
    now: app.now(),
  });
  if (!fresh) return "duplicate";
  try {
    const task = await getTaskById(app.db, { id: input.taskId });
    if (!task) {
      app.logger.warn("webhook.unknown_task", { taskId: input.taskId, predictionId: prediction.id });
      return "unknown_task";
    }
    if (task.predictionId && task.predictionId !== prediction.id) {
      app.logger.warn("webhook.mismatched_prediction", { taskId: task.id, predictionId: prediction.id });
      return "mismatched_prediction";
    }
    // Claim the prediction id before outputs are copied under this task's keys: one that belongs to another
    // task fails here on the unique index (a 409) with nothing written.
    const claimed =
      task.predictionId || isTerminal(task.status)
        ? task
        : await setPredictionId(app.db, { id: task.id, predictionId: prediction.id, now: app.now() });
    const after = await applyPrediction(app, claimed ?? task, prediction);
    return after === task ? "stale" : "applied";
  } catch (error) {
    await forgetWebhookEvent(app.db, { webhookId });
    throw conflictOnForeignPrediction(error);
  }
}
