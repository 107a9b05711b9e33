import { serverError, quotaExceeded } from "./gemini-errors";
import { jsonResponse, type EmulatorResponse } from "./http";

export type Provider = "replicate" | "google-ai-studio";

/** The AI Gateway's own error envelope (undocumented; shape as observed). */
export function gatewayError(httpCode: number, code: number, message: string): EmulatorResponse {
  return jsonResponse(httpCode, {
    success: false,
    result: [],
    messages: [],
    error: [{ code, message }],
    name: "AiGatewayError",
    httpCode,
    internalCode: code,
  });
}

const REPLICATE_5XX: Record<500 | 502 | 503, [string, string]> = {
  500: ["Internal Server Error", "An unexpected error occurred. Please try again."],
  502: ["Bad Gateway", "The server received an invalid response from an upstream server."],
  503: ["Service Unavailable", "The service is temporarily unavailable. Please try again later."],
};

/** A provider's "too many requests" answer, in that provider's own format. */
export function throttledResponse(provider: Provider, retryAfterSeconds: number): EmulatorResponse {
  if (provider === "google-ai-studio") return quotaExceeded(retryAfterSeconds);
  return jsonResponse(
    429,
    {
      title: "Request was throttled.",
      detail: `Request was throttled. Your rate limit resets in ~${retryAfterSeconds}s.`,
      status: 429,
    },
    { "retry-after": String(retryAfterSeconds) },
  );
}

export function providerServerError(provider: Provider, status: 500 | 502 | 503): EmulatorResponse {
  if (provider === "google-ai-studio") return serverError(status);
  const [title, detail] = REPLICATE_5XX[status];
  return jsonResponse(status, { title, detail, status });
}
