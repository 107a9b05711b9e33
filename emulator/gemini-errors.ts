import { jsonResponse, type EmulatorResponse } from "./http";

export type GoogleStatus = "INVALID_ARGUMENT" | "PERMISSION_DENIED" | "NOT_FOUND" | "RESOURCE_EXHAUSTED" | "INTERNAL" | "UNAVAILABLE";

/** Google's error body: `{"error":{"code","message","status","details"}}`. */
export function googleError(
  code: number,
  status: GoogleStatus,
  message: string,
  details: unknown[] = [],
  headers?: Record<string, string>,
): EmulatorResponse {
  return jsonResponse(code, { error: { code, message, status, details } }, headers);
}

export function badRequest(message: string, field?: string): EmulatorResponse {
  const details = field ? [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field, description: message }] }] : [];
  return googleError(400, "INVALID_ARGUMENT", message, details);
}

export function quotaExceeded(retryAfterSeconds: number): EmulatorResponse {
  return googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        violations: [
          {
            quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
          },
        ],
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryAfterSeconds}s` },
    ],
    { "retry-after": String(retryAfterSeconds) },
  );
}

export function serverError(code: 500 | 502 | 503): EmulatorResponse {
  if (code === 503) return googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
  if (code === 502) return googleError(502, "UNAVAILABLE", "Bad gateway: the upstream connection failed.");
  return googleError(
    500,
    "INTERNAL",
    "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
  );
}
