import type { ErrorCode } from "@/lib/shared/error-codes";

/** What a person should do about a failure; each kind has a title and advice in the `errors` dictionary. */
export type FailureKind =
  | "budget"
  | "rateLimited"
  | "safety"
  | "providerDown"
  | "timeout"
  | "invalidInput"
  | "session"
  | "notFound"
  | "conflict"
  | "network"
  | "modelFailed"
  | "outputLost"
  | "unconfirmed"
  | "canceled"
  | "unknown";

// Every code the server sends (lib/error-codes.ts), and the studio's own for a request that never got an answer.
const KIND_BY_CODE: Record<ErrorCode | "network_error", FailureKind> = {
  budget_exceeded: "budget",
  aborted: "canceled",
  rate_limited: "rateLimited",
  queue_full: "rateLimited",
  safety_blocked: "safety",
  provider_unavailable: "providerDown",
  provider_error: "providerDown",
  provider_auth: "providerDown",
  config_error: "providerDown",
  provider_timeout: "timeout",
  invalid_input: "invalidInput",
  bad_request: "invalidInput",
  payload_too_large: "invalidInput",
  unauthorized: "session",
  no_session: "session",
  cross_origin: "session",
  unsupported_media_type: "invalidInput",
  forbidden: "notFound",
  not_found: "notFound",
  conflict: "conflict",
  network_error: "network",
  internal: "unknown",
  prediction_failed: "modelFailed",
  output_missing: "outputLost",
  output_refused: "outputLost",
  submit_unconfirmed: "unconfirmed",
  canceled: "canceled",
};

function kindOfStatus(status: number | null): FailureKind {
  if (status === null) return "network";
  if (status === 429) return "rateLimited";
  if (status === 400 || status === 413 || status === 422) return "invalidInput";
  if (status === 401) return "session";
  if (status === 403 || status === 404) return "notFound";
  if (status === 409) return "conflict";
  if (status === 504) return "timeout";
  if (status === 502 || status === 503) return "providerDown";
  return "unknown";
}

/** The code wins when we know it (a 422 can be a safety block); otherwise the HTTP status decides. */
export function classifyFailure(failure: { status?: number | null; code: string }): FailureKind {
  const byCode = (KIND_BY_CODE as Record<string, FailureKind | undefined>)[failure.code];
  if (byCode) return byCode;
  if (/safety|nsfw/i.test(failure.code)) return "safety";
  return failure.status === undefined ? "unknown" : kindOfStatus(failure.status);
}
