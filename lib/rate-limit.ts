import type { App } from "@/lib/app";
import { AppError } from "@/lib/errors";
import { hitRateLimit } from "@/db/queries/rate-limits";

const MINUTE_MS = 60_000;

/** Counts one request against a per-user, per-minute budget; over it is a 429 with Retry-After. */
export async function enforceRateLimit(app: App, action: "generate" | "prompt", userId: string, perMinute: number) {
  const result = await hitRateLimit(app.db, {
    key: `${action}:${userId}`,
    windowMs: MINUTE_MS,
    limit: perMinute,
    now: app.now(),
  });
  if (!result.allowed) {
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    throw new AppError("rate_limited", `Too many ${action} requests. Try again in ${seconds} seconds.`, {
      retryAfterSeconds: seconds,
    });
  }
}
