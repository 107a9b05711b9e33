import "server-only";
import { parseRetryAfterMs } from "../shared/retry-after";
/**
 * When and how long to wait before sending a request again: backoff, server hints (Retry-After, Replicate's
 * "resets in ~Ns", Gemini's RetryInfo) and whether a failed request may be re-sent at all.
 */

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Returns a number in [0, 1). */
  random: () => number;
}

/** A server asking us to wait longer than this gets an error carrying its hint instead of a sleeping request. */
export const MAX_RETRY_HINT_MS = 60_000;

/** Full jitter: a uniform delay in [0, min(maxDelay, base·2^retryIndex)); retryIndex 0 is the first retry. */
export function backoffDelayMs(retryIndex: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  const fraction = Math.min(Math.max(policy.random(), 0), 1);
  return Math.round(fraction * ceiling);
}

/** Replicate's 429 detail: "Request was throttled. Your rate limit resets in ~30s."
 * @internal Exported for its unit test (tests/unit/retry.test.ts).
 */
export function parseReplicateResetHint(body: unknown): number | null {
  const detail = isRecord(body) && typeof body.detail === "string" ? body.detail : typeof body === "string" ? body : null;
  if (detail === null) return null;
  const match = /resets in\s*~?\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds?|m|min|minutes?)\b/i.exec(detail);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? "s").toLowerCase();
  if (unit === "ms") return Math.round(amount);
  if (unit.startsWith("m")) return Math.round(amount * 60_000);
  return Math.round(amount * 1000);
}

/**
 * Gemini's `error.details[]` entry of type google.rpc.RetryInfo: `retryDelay: "41.5s"` (or {seconds, nanos}).
 * @internal Exported for its unit test (tests/unit/retry.test.ts).
 */
export function parseGeminiRetryDelay(body: unknown): number | null {
  const details = isRecord(body) && isRecord(body.error) ? body.error.details : undefined;
  if (!Array.isArray(details)) return null;
  for (const detail of details) {
    if (!isRecord(detail) || typeof detail["@type"] !== "string" || !detail["@type"].endsWith("google.rpc.RetryInfo")) {
      continue;
    }
    const delay = detail.retryDelay;
    if (typeof delay === "string") {
      const match = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
      if (match) return Math.round(Number(match[1]) * 1000);
    } else if (isRecord(delay)) {
      const seconds = Number(delay.seconds ?? 0);
      const nanos = Number(delay.nanos ?? 0);
      if (Number.isFinite(seconds) && Number.isFinite(nanos)) return Math.round(seconds * 1000 + nanos / 1e6);
    }
  }
  return null;
}

/** The server's own wait hint for a failed response, header first, then the provider's body. */
export function retryHintMs(headers: Headers, body: unknown, nowMs: number): number | null {
  return parseRetryAfterMs(headers.get("retry-after"), nowMs) ?? parseReplicateResetHint(body) ?? parseGeminiRetryDelay(body);
}

// Answers from a proxy that gave up waiting: the provider may still have done the work.
const AMBIGUOUS_STATUSES = new Set([408, 502, 504, 520, 521, 522, 523, 524]);

/** A failed create with this status may still have created something, so it must not be sent again. */
export function isAmbiguousStatus(status: number): boolean {
  return AMBIGUOUS_STATUSES.has(status);
}

/**
 * True only when a failed fetch surely never delivered the request: the connection was refused or the host
 * name did not resolve (anywhere in the cause chain). Every other failure may have reached the server.
 */
export function surelyNotSent(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const { code, message, cause, errors } = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") return true;
    if (typeof message === "string" && /ECONNREFUSED|connection refused/i.test(message)) return true;
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
  return false;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
