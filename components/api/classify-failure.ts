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
  | "unknown";

// Codes from lib/errors.ts (HTTP errors) and lib/tasks/outcomes.ts (failed tasks).
const KIND_BY_CODE: Record<string, FailureKind> = {
  budget_exceeded: "budget",
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
  forbidden: "notFound",
  not_found: "notFound",
  conflict: "conflict",
  network_error: "network",
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
  const byCode = KIND_BY_CODE[failure.code];
  if (byCode) return byCode;
  if (/safety|nsfw/i.test(failure.code)) return "safety";
  return failure.status === undefined ? "unknown" : kindOfStatus(failure.status);
}
