import "server-only";
import { GEMINI_DEFAULT_MODEL } from "../shared/gemini-models";
import { geminiErrorInfo } from "./gemini";
import { replicateErrorText } from "./replicate";
import { isAmbiguousStatus, isRecord, retryHintMs, surelyNotSent } from "./retry";

/** The gateway client's one error type, and how a failed attempt is classified into it. */

export type GatewayErrorKind = "auth" | "invalid_input" | "rate_limited" | "safety" | "retired_model" | "provider_down" | "timeout" | "network";
export type GatewayProvider = "replicate" | "gemini";
export type GatewayOperation = "prediction.create" | "prediction.get" | "prediction.list" | "prediction.cancel" | "text.generate";

export interface AiGatewayErrorInit {
  kind: GatewayErrorKind;
  provider: GatewayProvider;
  message: string;
  retryable?: boolean;
  status?: number | null;
  retryAfterMs?: number | null;
  outcomeUnknown?: boolean;
  logId?: string | null;
  attempts?: number;
  details?: unknown;
  cause?: unknown;
}

export class AiGatewayError extends Error {
  readonly kind: GatewayErrorKind;
  readonly provider: GatewayProvider;
  /** The client's policy would send this request again (transient, and safe to repeat). */
  readonly retryable: boolean;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** A create that may have reached the provider: do not re-send it, let the webhook or the reconciler settle it. */
  readonly outcomeUnknown: boolean;
  readonly logId: string | null;
  /** Requests sent before giving up (0 when the input was rejected locally). */
  readonly attempts: number;
  readonly details?: unknown;

  constructor(init: AiGatewayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "AiGatewayError";
    this.kind = init.kind;
    this.provider = init.provider;
    this.retryable = init.retryable ?? false;
    this.status = init.status ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.logId = init.logId ?? null;
    this.attempts = init.attempts ?? 0;
    if (init.details !== undefined) this.details = init.details;
  }
}

const PROVIDER_NAME: Record<GatewayProvider, string> = { replicate: "Replicate", gemini: "Gemini" };
const CREDENTIAL: Record<GatewayProvider, string> = {
  replicate: "REPLICATE_API_TOKEN (an r8_… token from replicate.com/account/api-tokens)",
  gemini: "GEMINI_API_KEY (a key from Google AI Studio)",
};

/** What one attempt ended with; becomes an AiGatewayError once the retries are spent. */
export interface Failure {
  kind: GatewayErrorKind;
  message: string;
  retryable: boolean;
  status: number | null;
  hintMs: number | null;
  outcomeUnknown: boolean;
  details?: unknown;
  cause?: unknown;
}

/** What classification needs to know about the call that failed. */
export interface FailingCall {
  provider: GatewayProvider;
  model: string;
  /** A POST that can start billed work: never re-sent unless it surely did not arrive. */
  creates: boolean;
}

export function classifyHttpFailure(
  spec: FailingCall,
  response: { status: number; headers: Headers; body: unknown; text: string },
  context: { gatewayTokenSet: boolean; now: number },
): Failure {
  const { status, headers, body, text } = response;
  const name = PROVIDER_NAME[spec.provider];
  const gatewayCode = gatewayErrorCode(body);
  const providerText = spec.provider === "replicate" ? replicateErrorText(body) : (geminiErrorInfo(body).message ?? replicateErrorText(body));
  const said = providerText ?? (text.trim().slice(0, 300) || `HTTP ${status}`);
  const base = { status, hintMs: retryHintMs(headers, body, context.now), outcomeUnknown: false, details: body ?? truncateLong(text) };
  const safe = !spec.creates;

  if (gatewayCode === 2009 || (gatewayCode !== null && (status === 401 || status === 403))) {
    const advice = context.gatewayTokenSet
      ? "Check CLOUDFLARE_AI_GATEWAY_TOKEN (the gateway token sent as cf-aig-authorization) and that CLOUDFLARE_AI_GATEWAY_URL names your gateway."
      : "This gateway requires authentication: set CLOUDFLARE_AI_GATEWAY_TOKEN to an AI Gateway token.";
    return { ...base, kind: "auth", retryable: false, message: `The Cloudflare AI Gateway rejected the request (${said}). ${advice}` };
  }
  if (status === 402 || gatewayCode === 2021) {
    return {
      ...base,
      kind: "auth",
      retryable: false,
      message: `The Cloudflare AI Gateway has no billing credits left for ${name} (${said}). Add credits or use your own provider key.`,
    };
  }
  if (gatewayCode === 2045) {
    return {
      ...base,
      kind: "rate_limited",
      retryable: false,
      message: `The AI Gateway's spend limit is reached (${said}). Raise the limit in the Cloudflare dashboard or wait for the next period.`,
    };
  }
  const badGeminiKey = spec.provider === "gemini" && geminiErrorInfo(body).reasons.includes("API_KEY_INVALID");
  if (status === 401 || status === 403 || badGeminiKey) {
    return {
      ...base,
      kind: "auth",
      retryable: false,
      message: `${name} rejected this server's credentials (${said}). Check ${CREDENTIAL[spec.provider]}.`,
    };
  }
  if (status === 429) {
    const wait = base.hintMs === null ? "a little while" : `${Math.ceil(base.hintMs / 1000)} s`;
    return { ...base, kind: "rate_limited", retryable: true, message: `${name} is rate limiting requests (${said}). Wait ${wait} and try again.` };
  }
  if (spec.provider === "gemini" && status === 404 && gatewayCode === null) {
    return { ...base, kind: "retired_model", retryable: false, message: retiredModelMessage(spec.model, "the API answered 404") };
  }
  if (status === 408 || status >= 500) {
    const ambiguous = spec.creates && isAmbiguousStatus(status);
    return {
      ...base,
      kind: status === 408 || status === 504 || status === 524 ? "timeout" : "provider_down",
      retryable: safe,
      outcomeUnknown: ambiguous,
      message: ambiguous
        ? `${name} did not confirm the request (HTTP ${status}); it may have been created anyway and is not sent again to avoid paying twice.`
        : `${name} is having trouble (HTTP ${status}: ${said}). Try again in a minute.`,
    };
  }
  return { ...base, kind: "invalid_input", retryable: false, message: `${name} rejected the request (HTTP ${status}): ${said}` };
}

export function transportFailure(
  spec: FailingCall,
  error: unknown,
  attempt: { timedOut: boolean; timeoutMs: number; gotResponse: boolean },
): Failure {
  const { timedOut, timeoutMs, gotResponse } = attempt;
  const name = PROVIDER_NAME[spec.provider];
  const base = { status: null, hintMs: null, cause: error };
  const notSent = !timedOut && !gotResponse && surelyNotSent(error);
  if (spec.creates && !notSent) {
    const what = timedOut ? `did not answer within ${timeoutMs} ms` : "dropped the connection";
    return {
      ...base,
      kind: timedOut ? "timeout" : "network",
      retryable: false,
      outcomeUnknown: true,
      message: `${name} ${what} after the request was sent; the prediction may or may not exist and is not sent again to avoid paying twice.`,
    };
  }
  if (timedOut) {
    return {
      ...base,
      kind: "timeout",
      retryable: true,
      outcomeUnknown: false,
      message: `${name} did not answer within ${timeoutMs} ms. Try again in a minute.`,
    };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ...base,
    kind: "network",
    retryable: true,
    outcomeUnknown: false,
    message: `Could not reach ${name} through the AI Gateway (${reason}). Check CLOUDFLARE_AI_GATEWAY_URL and the network.`,
  };
}

export function retiredModelMessage(model: string, why: string): string {
  return `The Gemini model "${model}" is retired or unknown (${why}). Set GEMINI_MODEL to a current model such as ${GEMINI_DEFAULT_MODEL}.`;
}

/** The gateway's own error code when the body is its envelope ({error:[{code}], internalCode}), else null. */
function gatewayErrorCode(body: unknown): number | null {
  if (!isRecord(body)) return null;
  if (typeof body.internalCode === "number") return body.internalCode;
  if (Array.isArray(body.error)) {
    const first: unknown = body.error[0];
    if (isRecord(first) && typeof first.code === "number") return first.code;
  }
  return null;
}

const LONG_TEXT_LIMIT = 4000;

/** Long provider answers are cut before they are kept in an error or a debug log line. */
export function truncateLong(value: unknown): unknown {
  if (typeof value === "string" && value.length > LONG_TEXT_LIMIT) return `${value.slice(0, LONG_TEXT_LIMIT)}…`;
  return value;
}
