import "server-only";
import type { AiGatewayError } from "@/lib/ai-gateway";
import { AppError } from "@/lib/platform/errors";

/** Turns a provider failure into an error a person can act on; the same codes are stored on failed tasks. */
export function toAppError(error: AiGatewayError): AppError {
  const provider = error.provider === "gemini" ? "The prompt assistant (Gemini)" : "The image provider (Replicate)";
  const retryAfterSeconds = error.retryAfterMs === null ? null : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  switch (error.kind) {
    case "invalid_input":
      return new AppError("invalid_input", error.message, { cause: error });
    case "safety":
      return new AppError("safety_blocked", error.message, { cause: error });
    case "rate_limited":
      return new AppError("rate_limited", `${provider} is receiving too many requests. Try again in ${retryAfterSeconds ?? 30} seconds.`, {
        retryAfterSeconds: retryAfterSeconds ?? 30,
        cause: error,
      });
    case "auth":
      return new AppError(
        "provider_auth",
        `${provider} rejected this server's credentials. This is not something you can fix: the site's operator must check its gateway token and API keys.`,
        { cause: error },
      );
    case "retired_model":
      return new AppError("provider_unavailable", error.message, { cause: error });
    case "provider_down":
      return new AppError("provider_unavailable", `${provider} is having trouble right now. Try again in a minute.`, {
        retryAfterSeconds: retryAfterSeconds ?? 60,
        cause: error,
      });
    case "timeout":
      return new AppError("provider_timeout", `${provider} did not answer in time. Try again in a minute.`, {
        cause: error,
      });
    case "network":
      return new AppError("provider_error", `${provider} could not be reached. Try again in a minute.`, {
        cause: error,
      });
  }
}
