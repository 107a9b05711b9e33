import { z } from "zod";
import { headerValue, type RouteRequest } from "./http";

/**
 * The gateway-level retry setting (AI Gateway dashboard → Retry Requests, since 2026-04-02): up to 5 attempts,
 * 100 ms–5 s between them, constant, linear or exponential backoff, for every request through the gateway. A
 * request's own `cf-aig-max-attempts` / `cf-aig-retry-delay` / `cf-aig-backoff` headers override it.
 * Sources: developers.cloudflare.com/changelog/post/2026-04-02-auto-retry-upstream-failures and
 * developers.cloudflare.com/ai-gateway/configuration/request-handling (retries: at most 5 attempts).
 */

const BACKOFFS = ["constant", "linear", "exponential"] as const;
type Backoff = (typeof BACKOFFS)[number];

export const gatewayRetriesSchema = z.strictObject({
  attempts: z.number().int().min(1).max(5).default(1),
  delayMs: z.number().int().min(100).max(5000).default(100),
  backoff: z.enum(BACKOFFS).default("constant"),
});
export type GatewayRetries = z.output<typeof gatewayRetriesSchema>;

/** The policy for one request: the gateway's setting, with each header that is present and valid taking its place. */
export function retriesFor(setting: GatewayRetries, req: RouteRequest): GatewayRetries {
  const attempts = Number(headerValue(req.headers, "cf-aig-max-attempts"));
  const delayMs = Number(headerValue(req.headers, "cf-aig-retry-delay"));
  const backoff = headerValue(req.headers, "cf-aig-backoff")?.toLowerCase();
  return {
    attempts: Number.isInteger(attempts) && attempts >= 1 ? Math.min(attempts, 5) : setting.attempts,
    delayMs: Number.isFinite(delayMs) && delayMs >= 0 ? Math.min(delayMs, 5000) : setting.delayMs,
    backoff: (BACKOFFS as readonly string[]).includes(backoff ?? "") ? (backoff as Backoff) : setting.backoff,
  };
}

/** The wait before upstream attempt `next` (2 is the first retry); the gateway adds no jitter. */
export function retryDelayMs(policy: GatewayRetries, next: number): number {
  const retry = next - 1;
  if (policy.backoff === "linear") return policy.delayMs * retry;
  if (policy.backoff === "exponential") return policy.delayMs * 2 ** (retry - 1);
  return policy.delayMs;
}
