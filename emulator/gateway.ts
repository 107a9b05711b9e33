import type { FaultState, RequestFault } from "./faults";
import { handleGemini, type GeminiContext } from "./gemini";
import { type GatewayRetries, retriesFor, retryDelayMs } from "./gateway-retries";
import { gatewayError, providerServerError, throttledResponse, type Provider } from "./gateway-errors";
import { headerValue, sleep, type EmulatorResponse, type RouteRequest } from "./http";
import { newUlid } from "./ids";
import type { PredictionStore } from "./predictions";
import { handleReplicate, type ReplicateContext } from "./replicate";
import { ResponseCache } from "./response-cache";

export interface GatewayContext {
  baseUrl: string;
  /** When set, `cf-aig-authorization: Bearer <token>` is required. */
  gatewayToken?: string;
  cache: ResponseCache;
  faults: FaultState;
  /** The gateway-level retry setting; mutable through `/__emulator/gateway`. */
  retries: GatewayRetries;
  store: PredictionStore;
  replicate: ReplicateContext;
  gemini: GeminiContext;
}

export interface GatewayRoute {
  account: string;
  gateway: string;
  provider: string;
  /** Path after the provider segment, without a leading slash. */
  rest: string;
}

export type GatewayOutcome = (
  | { kind: "respond"; response: EmulatorResponse; fault?: RequestFault }
  /** Destroy the socket without answering; `created` tells whether a create went through first. */
  | { kind: "drop"; fault: RequestFault; created?: boolean }
) & {
  /** Requests the gateway sent upstream for this one (more than 1 when its retries re-sent it). */
  upstreamAttempts: number;
  /** Predictions the upstream created for this request, across all attempts. */
  predictionsCreated?: number;
};

const GATEWAY_PATH = /^\/v1\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(.*))?$/;

export function matchGatewayPath(pathname: string): GatewayRoute | undefined {
  const match = GATEWAY_PATH.exec(pathname);
  if (!match) return undefined;
  const [, account = "", gateway = "", provider = "", rest = ""] = match;
  return { account, gateway, provider, rest };
}

function cacheTtlSeconds(req: RouteRequest): number | undefined {
  const skip = headerValue(req.headers, "cf-aig-skip-cache") ?? headerValue(req.headers, "cf-skip-cache");
  if (skip?.toLowerCase() === "true") return undefined;
  const ttl = Number(headerValue(req.headers, "cf-aig-cache-ttl") ?? headerValue(req.headers, "cf-cache-ttl"));
  return Number.isFinite(ttl) && ttl > 0 ? ttl : undefined;
}

function isCreate(req: RouteRequest, route: GatewayRoute): boolean {
  return req.method === "POST" && route.provider === "replicate" && /(^|\/)predictions\/?$/.test(route.rest);
}

function withGatewayHeaders(response: EmulatorResponse, cacheStatus: "HIT" | "MISS"): EmulatorResponse {
  const logId = newUlid();
  return {
    ...response,
    headers: {
      ...response.headers,
      "cf-aig-log-id": logId,
      "cf-aig-request-id": logId,
      "cf-aig-event-id": newUlid(),
      "cf-aig-step": "0",
      "cf-aig-cache-status": cacheStatus,
    },
  };
}

async function callProvider(ctx: GatewayContext, req: RouteRequest, route: GatewayRoute): Promise<EmulatorResponse> {
  if (route.provider === "replicate") {
    const apiBase = `${ctx.baseUrl}/v1/${route.account}/${route.gateway}/replicate`;
    return handleReplicate(ctx.replicate, req, route.rest, apiBase);
  }
  return handleGemini(ctx.gemini, req, route.rest);
}

/** The AI Gateway in front of the providers: token check, cache, retries, faults, `cf-aig-*` headers. */
export async function handleGateway(ctx: GatewayContext, req: RouteRequest, route: GatewayRoute): Promise<GatewayOutcome> {
  const respond = (response: EmulatorResponse, fault?: RequestFault, cache: "HIT" | "MISS" = "MISS", upstreamAttempts = 0): GatewayOutcome => ({
    kind: "respond",
    response: withGatewayHeaders(response, cache),
    fault,
    upstreamAttempts,
  });
  if (ctx.gatewayToken !== undefined && headerValue(req.headers, "cf-aig-authorization") !== `Bearer ${ctx.gatewayToken}`) {
    return respond(gatewayError(401, 2009, "Unauthorized"));
  }
  if (route.provider !== "replicate" && route.provider !== "google-ai-studio") {
    return respond(gatewayError(400, 2008, `Provider ${route.provider} is not supported by the emulator`));
  }
  const provider: Provider = route.provider;
  const ttl = cacheTtlSeconds(req);
  const cacheKey = ResponseCache.key(req.method, req.url.pathname + req.url.search, req.rawBody);
  const cached = ttl === undefined ? undefined : ctx.cache.get(cacheKey);
  if (cached) return respond(cached, undefined, "HIT");

  const policy = retriesFor(ctx.retries, req);
  let predictionsCreated = 0;
  for (let upstreamAttempt = 1; ; upstreamAttempt++) {
    const last = upstreamAttempt >= policy.attempts;
    const tally = { upstreamAttempts: upstreamAttempt, predictionsCreated };
    const fault = ctx.faults.requestFault(req.method, req.url.pathname);
    const failed = fault?.type === "rate429" || fault?.type === "rate5xx" || fault?.type === "drop";
    if (fault?.type === "drop" && isCreate(req, route) && ctx.faults.roll(0.5)) {
      // A lost answer to a create may or may not have left a prediction behind: that is what makes it dangerous.
      const response = await callProvider(ctx, req, route);
      const record = response.predictionId ? ctx.store.get(response.predictionId) : undefined;
      if (record) {
        record.responseLost = true;
        predictionsCreated++;
        tally.predictionsCreated = predictionsCreated;
      }
    }
    if (failed && !last) {
      // The gateway treats an upstream error or a lost connection alike: it waits and sends the request again.
      await sleep(retryDelayMs(policy, upstreamAttempt + 1), req.signal);
      continue;
    }
    if (fault?.type === "rate429") return { ...respond(throttledResponse(provider, ctx.faults.config.retryAfterSeconds), fault), ...tally };
    if (fault?.type === "rate5xx") return { ...respond(providerServerError(provider, fault.status), fault), ...tally };
    if (fault?.type === "drop") {
      const created = isCreate(req, route) ? predictionsCreated > 0 : undefined;
      return { kind: "drop", fault, ...(created === undefined ? {} : { created }), ...tally };
    }
    const response = await callProvider(ctx, req, route);
    if (response.predictionId) tally.predictionsCreated = ++predictionsCreated;
    if (ttl !== undefined && response.status >= 200 && response.status < 300) ctx.cache.set(cacheKey, response, ttl);
    // A slow answer still does the work first: a timed-out create has created a prediction.
    if (fault?.type === "slow") await sleep(fault.ms, req.signal);
    return { ...respond(response, fault), ...tally };
  }
}
