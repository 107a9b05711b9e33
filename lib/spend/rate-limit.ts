import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import type { Payer } from "@/lib/spend/budgets";
import { hitRateLimit } from "@/db/queries/rate-limits";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Counts one hit on a fixed window; over the limit is a 429 with Retry-After. A limit of 0 is off. */
async function enforce(app: App, key: string, limit: number, windowMs: number, message: (seconds: number) => string) {
  if (limit === 0) return;
  const result = await hitRateLimit(app.db, { key, windowMs, limit, now: app.now() });
  if (!result.allowed) {
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    throw new AppError("rate_limited", message(seconds), { retryAfterSeconds: seconds });
  }
}

/**
 * Counts one paid request against the per-user and the per-client-address limits. The client's limit is what
 * holds when a script drops or rotates its cookies (each new cookie is a new user).
 */
export async function enforceRateLimits(app: App, action: "generate" | "prompt", payer: Payer) {
  const perUser = action === "generate" ? app.env.GENERATE_RATE_LIMIT_PER_MINUTE : app.env.PROMPT_RATE_LIMIT_PER_MINUTE;
  const perClient = action === "generate" ? app.env.CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE : app.env.CLIENT_PROMPT_RATE_LIMIT_PER_MINUTE;
  const message = (seconds: number) => `Too many ${action} requests. Try again in ${seconds} seconds.`;
  await enforce(app, `${action}:${payer.userId}`, perUser, MINUTE_MS, message);
  await enforce(
    app,
    `${action}:${payer.clientKey}`,
    perClient,
    MINUTE_MS,
    (seconds) => `Too many ${action} requests from your network. Try again in ${seconds} seconds.`,
  );
}

/** Minting sessions is limited per client address, so cookie rotation cannot mint identities without end. */
export async function enforceSessionMintLimit(app: App, clientKey: string) {
  await enforce(
    app,
    `session:${clientKey}`,
    app.env.CLIENT_SESSIONS_PER_HOUR,
    HOUR_MS,
    (seconds) => `Too many new sessions from your network. Keep your cookies, or try again in ${Math.ceil(seconds / 60)} minutes.`,
  );
}
