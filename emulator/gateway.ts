import type { FaultState, RequestFault } from "./faults";
import { handleGemini, type GeminiContext } from "./gemini";
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

export type GatewayOutcome =
  | { kind: "respond"; response: EmulatorResponse; fault?: RequestFault }
  /** Destroy the socket without answering; `created` tells whether a create went through first. */
  | { kind: "drop"; fault: RequestFault; created?: boolean };

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

/** The AI Gateway in front of the providers: token check, cache, faults, `cf-aig-*` headers. */
export async function handleGateway(ctx: GatewayContext, req: RouteRequest, route: GatewayRoute): Promise<GatewayOutcome> {
  const respond = (response: EmulatorResponse, fault?: RequestFault, cache: "HIT" | "MISS" = "MISS"): GatewayOutcome => ({
    kind: "respond",
    response: withGatewayHeaders(response, cache),
    fault,
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

  const fault = ctx.faults.requestFault(req.method, req.url.pathname);
  if (fault?.type === "rate429") return respond(throttledResponse(provider, ctx.faults.config.retryAfterSeconds), fault);
  if (fault?.type === "rate5xx") return respond(providerServerError(provider, fault.status), fault);
  if (fault?.type === "drop") {
    if (!isCreate(req, route)) return { kind: "drop", fault };
    // A dropped create may or may not have reached the provider: that is what makes it dangerous.
    const created = ctx.faults.roll(0.5);
    if (created) {
      const response = await callProvider(ctx, req, route);
      const record = response.predictionId ? ctx.store.get(response.predictionId) : undefined;
      if (record) record.responseLost = true;
      return { kind: "drop", fault, created: record !== undefined };
    }
    return { kind: "drop", fault, created: false };
  }
  const response = await callProvider(ctx, req, route);
  if (ttl !== undefined && response.status >= 200 && response.status < 300) ctx.cache.set(cacheKey, response, ttl);
  // A slow answer still does the work first: a timed-out create has created a prediction.
  if (fault?.type === "slow") await sleep(fault.ms, req.signal);
  return respond(response, fault);
}
