import "server-only";
import type { Logger } from "../platform/logger";
import {
  type Failure,
  type GatewayErrorKind,
  type GatewayOperation,
  type GatewayProvider,
  AiGatewayError,
  classifyHttpFailure,
  transportFailure,
  truncateLong,
} from "./gateway-errors";
import { redact } from "../platform/redact";
import { backoffDelayMs, MAX_RETRY_HINT_MS } from "./retry";

/** One gateway call: its attempts, the client's retry policy between them, and the one log line and record after. */

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

/** What every call shares: where the gateway is, the clock, the retry policy, and where records go. */
export interface CallContext {
  baseUrl: string;
  fetch: typeof fetch;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger: Logger;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: Record<GatewayProvider, number>;
  gatewayTokenSet: boolean;
  /** Exact secret values masked in debug logs. */
  secrets: (string | undefined)[];
  debug: boolean;
  onCall?: (record: GatewayCallRecord) => void;
}

/** A 2xx body the caller could not use: a failure of this attempt, never retried. */
type BodyProblem = Omit<Failure, "status" | "hintMs">;
export type BodyReading<T> = { ok: true; value: T } | { ok: false; problem: BodyProblem };

export interface CallSpec<T> {
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
  read: (body: unknown) => BodyReading<T>;
  /** The model named by the response, when the caller could not know it up front. */
  modelOf?: (value: T) => string | null;
}

export interface CallTrace {
  status: number | null;
  cacheStatus: string | null;
  logId: string | null;
  responseHeaders: Headers | null;
  responseText: string | null;
}

type AttemptOutcome<T> = { ok: true; value: T; trace: CallTrace } | { ok: false; failure: Failure; trace: CallTrace };

const PROVIDER_PATH: Record<GatewayProvider, string> = { replicate: "/replicate", gemini: "/google-ai-studio" };

/** Sends the call, retrying what the policy allows; returns the value or throws one AiGatewayError. */
export async function runCall<T>(ctx: CallContext, spec: CallSpec<T>): Promise<{ value: T; trace: CallTrace }> {
  const startedAt = ctx.now();
  let attempts = 0;
  let outcome: AttemptOutcome<T>;
  for (let retryIndex = 0; ; retryIndex++) {
    attempts++;
    outcome = await attempt(ctx, spec);
    if (outcome.ok) break;
    const delayMs = retryDelayMs(ctx, outcome.failure, retryIndex);
    if (delayMs === null) break;
    ctx.logger.debug("gateway.retry", {
      provider: spec.provider,
      operation: spec.operation,
      attempt: attempts,
      status: outcome.failure.status,
      errorKind: outcome.failure.kind,
      delayMs,
      taskId: spec.taskId,
    });
    await ctx.sleep(delayMs);
  }

  const { trace } = outcome;
  const failure = outcome.ok ? null : outcome.failure;
  const record: GatewayCallRecord = {
    provider: spec.provider,
    model: (outcome.ok && spec.modelOf?.(outcome.value)) || spec.model,
    operation: spec.operation,
    ok: failure === null,
    httpStatus: trace.status,
    errorKind: failure?.kind ?? null,
    attempts,
    latencyMs: Math.max(0, ctx.now() - startedAt),
    cacheStatus: trace.cacheStatus,
    logId: trace.logId,
    taskId: spec.taskId,
    startedAt,
  };
  report(ctx, spec, record, failure, trace);
  if (outcome.ok) return { value: outcome.value, trace };
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

/** How long to wait before the next attempt, or null when this failure ends the call. */
function retryDelayMs(ctx: CallContext, failure: Failure, retryIndex: number): number | null {
  if (!failure.retryable || retryIndex >= ctx.maxRetries) return null;
  if (failure.hintMs !== null && failure.hintMs > MAX_RETRY_HINT_MS) return null;
  return failure.hintMs ?? backoffDelayMs(retryIndex, ctx);
}

async function attempt<T>(ctx: CallContext, spec: CallSpec<T>): Promise<AttemptOutcome<T>> {
  const trace: CallTrace = { status: null, cacheStatus: null, logId: null, responseHeaders: null, responseText: null };
  const controller = new AbortController();
  let timedOut = false;
  const timeoutMs = ctx.timeoutMs[spec.provider];
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  let response: Response | null = null;
  let text: string;
  try {
    response = await ctx.fetch(`${ctx.baseUrl}${PROVIDER_PATH[spec.provider]}${spec.path}`, {
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
    return { ok: false, failure: transportFailure(spec, error, { timedOut, timeoutMs, gotResponse: response !== null }), trace };
  } finally {
    clearTimeout(timer);
  }
  const body = parseJson(text);
  if (!response.ok) {
    const failed = { status: response.status, headers: response.headers, body, text };
    return { ok: false, failure: classifyHttpFailure(spec, failed, { gatewayTokenSet: ctx.gatewayTokenSet, now: ctx.now() }), trace };
  }
  const reading = spec.read(body);
  if (reading.ok) return { ok: true, value: reading.value, trace };
  return { ok: false, failure: { ...reading.problem, status: response.status, hintMs: null }, trace };
}

function report<T>(ctx: CallContext, spec: CallSpec<T>, record: GatewayCallRecord, failure: Failure | null, trace: CallTrace): void {
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
  if (ctx.debug) {
    const { secrets } = ctx;
    fields.request = redact(
      {
        method: spec.method,
        path: `${PROVIDER_PATH[spec.provider]}${spec.path}`,
        headers: spec.headers,
        body: spec.body,
      },
      { secrets },
    );
    fields.response = redact(
      {
        status: trace.status,
        headers: trace.responseHeaders,
        body: truncateLong(parseJson(trace.responseText ?? "") ?? trace.responseText),
      },
      { secrets },
    );
  }
  const level = failure === null ? "info" : failure.kind === "auth" || failure.kind === "retired_model" ? "error" : "warn";
  ctx.logger[level]("gateway.call", fields);
  try {
    ctx.onCall?.(record);
  } catch (error) {
    ctx.logger.error("gateway.on_call_failed", { error: error instanceof Error ? error.message : String(error) });
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
