import "server-only";
// The verifier alone: the package root would also bundle svix's whole API client (see README).
import { Webhook, WebhookVerificationError } from "svix/dist/webhook";
import { predictionSchema } from "@/lib/ai-gateway";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { applyPrediction, recordProgress } from "@/lib/tasks/apply-prediction";
import { carryOutCancel } from "@/lib/tasks/cancel-at-provider";
import { promoteIfEnded } from "@/lib/tasks/queue";
import { outputCandidateUrls } from "@/lib/ai-gateway/replicate-models";
import { downloadOutputs } from "@/lib/images/download-outputs";
import { taskStatusOf } from "@/lib/tasks/outcomes";
import { isTerminal } from "@/lib/shared/task-status";
import { isWebhookSigFor } from "@/lib/tasks/webhook-url";
import { isUniqueViolation } from "@/db/errors";
import { getTaskById, setPredictionId } from "@/db/queries/tasks";

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
 * and progress only move forward); the terminal event, which Replicate retries, ends the task in one UPDATE
 * that also stores its webhook-id, so a redelivery finds the task ended by that very id ("duplicate") and changes
 * nothing. If applying fails, nothing was stored and the sender's retry applies it. Two copies of one delivery
 * in flight at once may both copy the outputs (to the same keys, the same bytes); only one ends the task.
 */
export async function handleReplicateWebhook(
  app: App,
  input: { rawBody: string; headers: Headers; taskId: string | null; sig: string | null },
): Promise<WebhookOutcome> {
  const payload = verifyWebhook(app.env.REPLICATE_WEBHOOK_SECRET, input.rawBody, input.headers);
  const parsed = predictionSchema.safeParse(payload);
  if (!parsed.success) throw notAPrediction();
  const prediction = parsed.data;
  const webhookId = input.headers.get("webhook-id") ?? "";

  if (!input.taskId) throw notThisTask();
  await requireDeliveryForTask(app, input.taskId, input.sig, prediction.id);
  if (!isTerminal(taskStatusOf(prediction.status))) {
    try {
      const progressed = await recordProgress(app, input.taskId, prediction);
      // The event may bring the id of a prediction whose create lost its answer after its owner canceled it.
      if (progressed?.cancelRequestedAt != null) await promoteIfEnded(app, progressed, await carryOutCancel(app, progressed));
      return progressed ? "applied" : "stale";
    } catch (error) {
      throw conflictOnForeignPrediction(error);
    }
  }
  // The image download does not need the D1 read below, so it starts now and runs beside it; nothing is stored
  // under the task's keys until the checks pass (a rejected prefetch is awaited, and reported, there).
  const prefetched =
    prediction.status === "succeeded"
      ? downloadOutputs({ fetch: app.fetch, allowedHosts: app.env.REPLICATE_OUTPUT_HOSTS, urls: outputCandidateUrls(prediction.output) })
      : undefined;
  prefetched?.catch(() => undefined);
  const task = await getTaskById(app.db, { id: input.taskId });
  if (!task) {
    app.logger.warn("webhook.unknown_task", { taskId: input.taskId, predictionId: prediction.id });
    return "unknown_task";
  }
  if (webhookId !== "" && task.finalWebhookId === webhookId) return "duplicate";
  if (task.predictionId && task.predictionId !== prediction.id) {
    app.logger.warn("webhook.mismatched_prediction", { taskId: task.id, predictionId: prediction.id });
    return "mismatched_prediction";
  }
  try {
    // Claim the prediction id before outputs are copied under this task's keys: one that belongs to another
    // task fails here on the unique index (a 409) with nothing written.
    const claimed =
      task.predictionId || isTerminal(task.status)
        ? task
        : await setPredictionId(app.db, { id: task.id, predictionId: prediction.id, now: app.now() });
    const after = await promoteIfEnded(
      app,
      task,
      await applyPrediction(app, claimed ?? task, prediction, { prefetched, webhookId: webhookId || undefined }),
    );
    return after === task ? "stale" : "applied";
  } catch (error) {
    throw conflictOnForeignPrediction(error);
  }
}
