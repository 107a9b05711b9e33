import "server-only";
import * as z from "zod";
import { type BodyReading, type CallContext, type CallSpec, runCall } from "./call";
import { AiGatewayError, type GatewayOperation } from "./gateway-errors";
import { type GatewayIdentity, gatewayHeaders } from "./headers";
import {
  buildCreatePrediction,
  checkGenerateImageParams,
  describeIssues,
  type GenerateImageParams,
  type ImagePredictionRequest,
  type Prediction,
  predictionSchema,
} from "./replicate";
import { modelKeyOfReplicate } from "./replicate-models";

/** Prediction create, read and cancel through the gateway's `/replicate` route. */

export interface ReplicateCredentials extends GatewayIdentity {
  replicateApiToken: string;
}

export interface CreateOptions {
  /** Replicate's `Cancel-After` deadline, a Go-style duration such as `2m`. */
  cancelAfter?: string;
}

interface PredictionContext {
  taskId?: string;
  model?: string;
}

/** One page of the account's predictions, newest first (Replicate: `GET /v1/predictions`, 100 a page). */
export interface PredictionPage {
  results: Prediction[];
  /** The query of the next page (Replicate's `next` URL points at its own host, not the gateway's). */
  nextQuery: string | null;
}

export interface ListPredictionsQuery {
  /** ISO 8601; Replicate's `created_after` / `created_before` filters. */
  createdAfter?: string;
  createdBefore?: string;
}

const predictionPageSchema = z.looseObject({
  results: z.array(z.unknown()),
  next: z.string().nullish(),
});

export function createReplicateCalls(ctx: CallContext, credentials: ReplicateCredentials) {
  function replicateHeaders(metadata: Record<string, unknown>, json: boolean): Record<string, string> {
    return {
      authorization: `Bearer ${credentials.replicateApiToken}`,
      ...(json ? { "content-type": "application/json" } : {}),
      // Identical create bodies must still create a new prediction, never a cached one.
      "cf-aig-skip-cache": "true",
      ...gatewayHeaders(credentials, metadata),
    };
  }

  function existingPredictionCall(
    id: string,
    context: PredictionContext,
    operation: GatewayOperation,
    method: "GET" | "POST",
    suffix: string,
  ): CallSpec<Prediction> {
    return {
      provider: "replicate",
      operation,
      model: context.model ?? "unknown",
      method,
      path: `/predictions/${encodeURIComponent(requireId(id))}${suffix}`,
      headers: replicateHeaders({ task_id: context.taskId, operation: operation === "prediction.get" ? "get" : "cancel" }, false),
      taskId: context.taskId ?? null,
      creates: false,
      read: readPrediction,
      modelOf: predictionModel,
    };
  }

  /** Creates a prediction from an input already checked; never re-sent once it may exist. */
  async function createImagePrediction(checked: ImagePredictionRequest, options: CreateOptions = {}): Promise<Prediction> {
    const request = buildCreatePrediction(checked);
    const { value } = await runCall<Prediction>(ctx, {
      provider: "replicate",
      operation: "prediction.create",
      model: request.model.key,
      method: "POST",
      path: request.path,
      headers: {
        ...replicateHeaders(request.metadata, true),
        // Replicate's deadline: not started by then → `aborted` and not charged.
        ...(options.cancelAfter ? { "cancel-after": options.cancelAfter } : {}),
      },
      body: request.body,
      taskId: request.taskId,
      creates: true,
      read: (body) => {
        const reading = readPrediction(body);
        // A 2xx on create means the prediction exists even if we cannot read its id.
        return reading.ok ? reading : { ok: false, problem: { ...reading.problem, outcomeUnknown: true } };
      },
    });
    return value;
  }

  return {
    /**
     * The seed document's face: checks the params against the model's schema (no request on bad input), then creates
     * the prediction. For callers that did not parse their input; the app's lifecycle calls `createImagePrediction`.
     */
    async generateImageViaReplicate(params: GenerateImageParams, options: CreateOptions = {}): Promise<Prediction> {
      const checked = checkGenerateImageParams(params);
      if (!checked.ok) throw new AiGatewayError({ kind: "invalid_input", provider: "replicate", message: checked.message, details: checked.details });
      return createImagePrediction(checked.request, options);
    },

    createImagePrediction,

    /** Reads a prediction (safe to retry). */
    async getPrediction(id: string, context: PredictionContext = {}): Promise<Prediction> {
      const { value } = await runCall(ctx, existingPredictionCall(id, context, "prediction.get", "GET", ""));
      return value;
    },

    /**
     * One page of the predictions this account created in a time window. It finds a prediction whose create call
     * lost its answer: the prediction exists at the provider, but its id never reached us.
     */
    async listPredictions(query: ListPredictionsQuery | { nextQuery: string }, context: PredictionContext = {}): Promise<PredictionPage> {
      const search =
        "nextQuery" in query
          ? query.nextQuery
          : new URLSearchParams({
              ...(query.createdAfter ? { created_after: query.createdAfter } : {}),
              ...(query.createdBefore ? { created_before: query.createdBefore } : {}),
            }).toString();
      const { value } = await runCall<PredictionPage>(ctx, {
        provider: "replicate",
        operation: "prediction.list",
        model: context.model ?? "unknown",
        method: "GET",
        path: `/predictions${search ? `?${search}` : ""}`,
        headers: replicateHeaders({ task_id: context.taskId, operation: "list" }, false),
        taskId: context.taskId ?? null,
        creates: false,
        read: readPredictionPage,
      });
      return value;
    },

    /** Cancels a prediction and returns it (safe to retry: cancelling twice changes nothing). */
    async cancelPrediction(id: string, context: PredictionContext = {}): Promise<Prediction> {
      const { value } = await runCall(ctx, existingPredictionCall(id, context, "prediction.cancel", "POST", "/cancel"));
      return value;
    },
  };
}

function readPrediction(body: unknown): BodyReading<Prediction> {
  const parsed = predictionSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problem: {
      kind: "provider_down",
      retryable: false,
      outcomeUnknown: false,
      message: `Replicate answered with an unexpected prediction object (${describeIssues(parsed.error.issues)}).`,
      details: body,
    },
  };
}

function readPredictionPage(body: unknown): BodyReading<PredictionPage> {
  const page = predictionPageSchema.safeParse(body);
  // A malformed entry is skipped, not fatal: the caller looks for one prediction among many.
  const results = page.success ? page.data.results.flatMap((entry) => predictionSchema.safeParse(entry).data ?? []) : [];
  if (!page.success) {
    return {
      ok: false,
      problem: {
        kind: "provider_down",
        retryable: false,
        outcomeUnknown: false,
        message: `Replicate answered with an unexpected prediction list (${describeIssues(page.error.issues)}).`,
        details: body,
      },
    };
  }
  const next = page.data.next ? new URL(page.data.next, "https://api.replicate.com").search.replace(/^\?/, "") : "";
  return { ok: true, value: { results, nextQuery: next === "" ? null : next } };
}

function predictionModel(prediction: Prediction): string | null {
  const named = typeof prediction.model === "string" ? prediction.model : null;
  if (named === null) return null;
  return modelKeyOfReplicate(named) ?? named;
}

function requireId(id: string): string {
  if (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,100}$/.test(id)) {
    throw new AiGatewayError({ kind: "invalid_input", provider: "replicate", message: `"${String(id)}" is not a prediction id.` });
  }
  return id;
}
