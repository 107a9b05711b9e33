import * as z from "zod";
import {
  DEFAULT_SAFETY_SETTINGS,
  generateTextParamsSchema,
  readGeminiResponse,
  toGeminiRequest,
  type GenerateTextParams,
  type GenerateTextResult,
  type SafetySetting,
} from "./gemini";
import { createLogger, type Logger } from "./logger";
import { GEMINI_DEFAULT_MODEL, IMAGE_MODELS, isRetiredGeminiModel } from "./models";
import { redact } from "./redact";
import {
  AiGatewayError,
  classifyHttpFailure,
  retiredModelMessage,
  transportFailure,
  truncateLong,
  type Failure,
  type GatewayErrorKind,
  type GatewayOperation,
  type GatewayProvider,
} from "./gateway-errors";
import { buildCreatePrediction, describeIssues, predictionSchema, type GenerateImageParams, type Prediction } from "./replicate";
import { backoffDelayMs, MAX_RETRY_HINT_MS } from "./retry";

/** The single door to the providers (Replicate, Gemini), always through the Cloudflare AI Gateway URL. Errors: ./gateway-errors. */

export type { GeminiMessage, GenerateTextParams, GenerateTextResult } from "./gemini";
export { AiGatewayError } from "./gateway-errors";
export type { GatewayOperation } from "./gateway-errors";
export type { GenerateImageParams, Prediction } from "./replicate";

export interface CreateOptions {
  /** Replicate's `Cancel-After` deadline, a Go-style duration such as `2m`. */
  cancelAfter?: string;
}

export interface GatewayCallRecord {
  provider: GatewayProvider;
  model: string;
  operation: GatewayOperation;
  ok: boolean;
  httpStatus: number | null;
  errorKind: GatewayErrorKind | null;
  attempts: number;
  latencyMs: number;
  cacheStatus: string | null;
  logId: string | null;
  taskId: string | null;
  /** Epoch ms. */
  startedAt: number;
}

export interface AiGatewayConfig {
  /** https://gateway.ai.cloudflare.com/v1/{account}/{gateway} or the emulator's http://127.0.0.1:8787/v1/local/studio. */
  gatewayUrl: string;
  /** Sent as `cf-aig-authorization: Bearer …`. */
  gatewayToken?: string;
  replicateApiToken: string;
  geminiApiKey: string;
  geminiModel: string;
  /** Default: harassment, hate speech, sexually explicit and dangerous content at BLOCK_MEDIUM_AND_ABOVE. */
  geminiSafetySettings?: SafetySetting[];
  /** Default 3600; sent as cf-aig-cache-ttl on Gemini calls that ask for caching. */
  promptCacheTtlSeconds?: number;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt; defaults 15000 (Replicate) / 20000 (Gemini). */
  timeoutMs?: { replicate?: number; gemini?: number };
  /** Log redacted request and response bodies and headers too. */
  debug?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
  /** Called once per finished call (the app stores these in gateway_calls). */
  onCall?: (record: GatewayCallRecord) => void;
}

const configSchema = z.object({
  gatewayUrl: z.url({ protocol: /^https?$/, message: "CLOUDFLARE_AI_GATEWAY_URL must be an http(s) URL" }),
  promptCacheTtlSeconds: z.number().int().min(60).max(2_592_000).default(3600),
  maxRetries: z.number().int().min(0).max(10).default(3),
  baseDelayMs: z.number().min(0).default(500),
  maxDelayMs: z.number().min(0).default(8000),
  timeoutMs: z
    .object({ replicate: z.number().positive().default(15_000), gemini: z.number().positive().default(20_000) })
    .default({ replicate: 15_000, gemini: 20_000 }),
});

const PROVIDER_PATH: Record<GatewayProvider, string> = { replicate: "/replicate", gemini: "/google-ai-studio" };

interface CallSpec<T> {
  provider: GatewayProvider;
  operation: GatewayOperation;
  model: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  taskId: string | null;
  /** A POST that can start billed work: never re-sent unless it surely did not arrive. */
  creates: boolean;
  read: (body: unknown) => T;
  /** The model named by the response, when the caller could not know it up front. */
  modelOf?: (value: T) => string | null;
}

interface AttemptTrace {
  status: number | null;
  cacheStatus: string | null;
  logId: string | null;
  responseHeaders: Headers | null;
  responseText: string | null;
}

class FailureSignal {
  constructor(readonly failure: Omit<Failure, "status" | "hintMs">) {}
}

export function createAiGateway(config: AiGatewayConfig) {
  const parsedConfig = configSchema.safeParse(config);
  if (!parsedConfig.success) throw new Error(`Invalid AI Gateway client config: ${describeIssues(parsedConfig.error.issues)}`);
  const settings = parsedConfig.data;
  const baseUrl = settings.gatewayUrl.replace(/\/+$/, "");
  // A local variable, not a method call on an object: Workers throw "Illegal invocation" otherwise.
  const fetchImpl: typeof fetch = config.fetch ?? ((input, init) => fetch(input, init));
  const now = config.now ?? Date.now;
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = config.random ?? Math.random;
  const logger = config.logger ?? createLogger({ debug: config.debug });
  const secrets = [config.gatewayToken, config.replicateApiToken, config.geminiApiKey];
  const safetySettings = config.geminiSafetySettings ?? DEFAULT_SAFETY_SETTINGS;

  function gatewayHeaders(metadata: Record<string, unknown>): Record<string, string> {
    const headers: Record<string, string> = {};
    if (config.gatewayToken) headers["cf-aig-authorization"] = `Bearer ${config.gatewayToken}`;
    const meta = metadataHeader(metadata);
    if (meta) headers["cf-aig-metadata"] = meta;
    return headers;
  }

  function replicateHeaders(metadata: Record<string, unknown>, json: boolean): Record<string, string> {
    return {
      authorization: `Bearer ${config.replicateApiToken}`,
      ...(json ? { "content-type": "application/json" } : {}),
      // Identical create bodies must still create a new prediction, never a cached one.
      "cf-aig-skip-cache": "true",
      ...gatewayHeaders(metadata),
    };
  }

  async function attempt<T>(spec: CallSpec<T>, trace: AttemptTrace): Promise<{ value: T } | { failure: Failure }> {
    Object.assign(trace, { status: null, cacheStatus: null, logId: null, responseHeaders: null, responseText: null });
    const controller = new AbortController();
    let timedOut = false;
    const timeoutMs = settings.timeoutMs[spec.provider];
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: Response | null = null;
    let text: string;
    try {
      response = await fetchImpl(`${baseUrl}${PROVIDER_PATH[spec.provider]}${spec.path}`, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
      });
      trace.status = response.status;
      trace.cacheStatus = response.headers.get("cf-aig-cache-status");
      trace.logId = response.headers.get("cf-aig-log-id");
      trace.responseHeaders = response.headers;
      // The timeout also covers the body: a connection can stall after the headers.
      text = await response.text();
      trace.responseText = text;
    } catch (error) {
      return { failure: transportFailure(spec, error, { timedOut, timeoutMs, gotResponse: response !== null }) };
    } finally {
      clearTimeout(timer);
    }
    const body = parseJson(text);
    if (!response.ok) {
      const failed = { status: response.status, headers: response.headers, body, text };
      return { failure: classifyHttpFailure(spec, failed, { gatewayTokenSet: Boolean(config.gatewayToken), now: now() }) };
    }
    try {
      return { value: spec.read(body) };
    } catch (error) {
      if (!(error instanceof FailureSignal)) throw error;
      return { failure: { ...error.failure, status: response.status, hintMs: null } };
    }
  }

  async function call<T>(spec: CallSpec<T>): Promise<{ value: T; trace: AttemptTrace }> {
    const startedAt = now();
    const trace: AttemptTrace = { status: null, cacheStatus: null, logId: null, responseHeaders: null, responseText: null };
    let attempts = 0;
    let outcome: { value: T } | { failure: Failure };
    for (let retryIndex = 0; ; retryIndex++) {
      attempts++;
      outcome = await attempt(spec, trace);
      if ("value" in outcome) break;
      const { failure } = outcome;
      if (!failure.retryable || retryIndex >= settings.maxRetries) break;
      if (failure.hintMs !== null && failure.hintMs > MAX_RETRY_HINT_MS) break;
      const delayMs = failure.hintMs ?? backoffDelayMs(retryIndex, { ...settings, random });
      logger.debug("gateway.retry", {
        provider: spec.provider,
        operation: spec.operation,
        attempt: attempts,
        status: failure.status,
        errorKind: failure.kind,
        delayMs,
        taskId: spec.taskId,
      });
      await sleep(delayMs);
    }

    const failure = "failure" in outcome ? outcome.failure : null;
    const model = ("value" in outcome && spec.modelOf?.(outcome.value)) || spec.model;
    const record: GatewayCallRecord = {
      provider: spec.provider,
      model,
      operation: spec.operation,
      ok: failure === null,
      httpStatus: trace.status,
      errorKind: failure?.kind ?? null,
      attempts,
      latencyMs: Math.max(0, now() - startedAt),
      cacheStatus: trace.cacheStatus,
      logId: trace.logId,
      taskId: spec.taskId,
      startedAt,
    };
    report(spec, record, failure, trace);
    if ("value" in outcome) return { value: outcome.value, trace };
    throw new AiGatewayError({
      kind: outcome.failure.kind,
      provider: spec.provider,
      message: outcome.failure.message,
      retryable: outcome.failure.retryable,
      status: outcome.failure.status,
      retryAfterMs: outcome.failure.hintMs,
      outcomeUnknown: outcome.failure.outcomeUnknown,
      logId: trace.logId,
      attempts,
      details: outcome.failure.details,
      cause: outcome.failure.cause,
    });
  }

  function report<T>(spec: CallSpec<T>, record: GatewayCallRecord, failure: Failure | null, trace: AttemptTrace): void {
    const fields: Record<string, unknown> = {
      provider: record.provider,
      model: record.model,
      operation: record.operation,
      ok: record.ok,
      status: record.httpStatus,
      errorKind: record.errorKind,
      attempts: record.attempts,
      latencyMs: record.latencyMs,
      cacheStatus: record.cacheStatus,
      logId: record.logId,
      taskId: record.taskId,
    };
    if (failure) fields.error = failure.message;
    if (config.debug) {
      fields.request = redact(
        { method: spec.method, path: `${PROVIDER_PATH[spec.provider]}${spec.path}`, headers: spec.headers, body: spec.body },
        { secrets },
      );
      fields.response = redact(
        { status: trace.status, headers: trace.responseHeaders, body: truncateLong(parseJson(trace.responseText ?? "") ?? trace.responseText) },
        { secrets },
      );
    }
    const level = failure === null ? "info" : failure.kind === "auth" || failure.kind === "retired_model" ? "error" : "warn";
    logger[level]("gateway.call", fields);
    try {
      config.onCall?.(record);
    } catch (error) {
      logger.error("gateway.on_call_failed", { error: error instanceof Error ? error.message : String(error) });
    }
  }

  function readPrediction(body: unknown): Prediction {
    const parsed = predictionSchema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new FailureSignal({
      kind: "provider_down",
      retryable: false,
      outcomeUnknown: false,
      message: `Replicate answered with an unexpected prediction object (${describeIssues(parsed.error.issues)}).`,
      details: body,
    });
  }

  function predictionModel(prediction: Prediction): string | null {
    const named = typeof prediction.model === "string" ? prediction.model : null;
    if (named === null) return null;
    return Object.values(IMAGE_MODELS).find((model) => model.providerModel === named)?.key ?? named;
  }

  return {
    /** Validates against the registry (no request on bad input), then creates a prediction; never re-sent once it may exist. */
    async generateImageViaReplicate(params: GenerateImageParams, options: CreateOptions = {}): Promise<Prediction> {
      const built = buildCreatePrediction(params);
      if (!built.ok) throw new AiGatewayError({ kind: "invalid_input", provider: "replicate", message: built.message, details: built.details });
      const { request } = built;
      const { value } = await call<Prediction>({
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
          try {
            return readPrediction(body);
          } catch (error) {
            // A 2xx on create means the prediction exists even if we cannot read its id.
            if (error instanceof FailureSignal) throw new FailureSignal({ ...error.failure, outcomeUnknown: true });
            throw error;
          }
        },
      });
      return value;
    },

    /** Reads a prediction (safe to retry). */
    async getPrediction(id: string, ctx: { taskId?: string; model?: string } = {}): Promise<Prediction> {
      const { value } = await call({
        ...predictionCall(ctx, "prediction.get"),
        method: "GET",
        path: `/predictions/${encodeURIComponent(requireId(id))}`,
        headers: replicateHeaders({ task_id: ctx.taskId, operation: "get" }, false),
      });
      return value;
    },

    /** Cancels a prediction and returns it (safe to retry: cancelling twice changes nothing). */
    async cancelPrediction(id: string, ctx: { taskId?: string; model?: string } = {}): Promise<Prediction> {
      const { value } = await call({
        ...predictionCall(ctx, "prediction.cancel"),
        method: "POST",
        path: `/predictions/${encodeURIComponent(requireId(id))}/cancel`,
        headers: replicateHeaders({ task_id: ctx.taskId, operation: "cancel" }, false),
      });
      return value;
    },

    /** Chat messages → Gemini generateContent; safety blocks and retired models are typed, non-retryable errors. */
    async generateTextViaGemini(params: GenerateTextParams): Promise<GenerateTextResult> {
      const parsed = generateTextParamsSchema.safeParse(params);
      if (!parsed.success) {
        throw new AiGatewayError({
          kind: "invalid_input",
          provider: "gemini",
          message: describeIssues(parsed.error.issues),
          details: parsed.error.issues,
        });
      }
      const model = parsed.data.model ?? (config.geminiModel.trim().replace(/^models\//, "") || GEMINI_DEFAULT_MODEL);
      if (isRetiredGeminiModel(model)) {
        throw new AiGatewayError({ kind: "retired_model", provider: "gemini", message: retiredModelMessage(model, "Google has shut it down") });
      }
      const meta = parsed.data.metadata ?? {};
      const cacheHeaders: Record<string, string> = parsed.data.cache
        ? { "cf-aig-cache-ttl": String(settings.promptCacheTtlSeconds) }
        : { "cf-aig-skip-cache": "true" };
      const { value: reading, trace } = await call({
        provider: "gemini",
        operation: "text.generate",
        model,
        method: "POST",
        path: `/v1beta/models/${encodeURIComponent(model)}:generateContent`,
        headers: {
          "x-goog-api-key": config.geminiApiKey,
          "content-type": "application/json",
          ...cacheHeaders,
          ...gatewayHeaders({ task_id: meta.task_id, user_id: meta.user_id, model, locale: meta.locale }),
        },
        body: toGeminiRequest(parsed.data, safetySettings),
        taskId: meta.task_id ?? null,
        creates: false,
        read: (body) => {
          const result = readGeminiResponse(body);
          if (result.ok) return result;
          throw new FailureSignal({
            kind: result.reason === "safety" ? "safety" : "provider_down",
            retryable: false,
            outcomeUnknown: false,
            message: result.message,
            details: result.reason === "safety" ? result.details : body,
          });
        },
      });
      return {
        text: reading.text,
        model: reading.modelVersion ?? model,
        cached: trace.cacheStatus?.toUpperCase() === "HIT",
        finishReason: reading.finishReason,
        usage: reading.usage,
        logId: trace.logId,
      };
    },
  };

  function predictionCall(ctx: { taskId?: string; model?: string }, operation: GatewayOperation) {
    return {
      provider: "replicate" as const,
      operation,
      model: ctx.model ?? "unknown",
      taskId: ctx.taskId ?? null,
      creates: false,
      read: readPrediction,
      modelOf: predictionModel,
    };
  }
}

export type AiGateway = ReturnType<typeof createAiGateway>;

function requireId(id: string): string {
  if (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,100}$/.test(id)) {
    throw new AiGatewayError({ kind: "invalid_input", provider: "replicate", message: `"${String(id)}" is not a prediction id.` });
  }
  return id;
}

/** cf-aig-metadata: at most 5 entries, strings/numbers/booleans only (a null or object value drops the whole header). */
function metadataHeader(entries: Record<string, unknown>): string | undefined {
  const clean: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (Object.keys(clean).length >= 5) break;
    if (typeof value === "string" && value !== "") clean[key] = value.slice(0, 200);
    else if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") clean[key] = value;
  }
  return Object.keys(clean).length > 0 ? JSON.stringify(clean) : undefined;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
