import { faultConfigSchema, type EmulatorDelays, type FaultState } from "./faults";
import { type GatewayRetries, gatewayRetriesSchema } from "./gateway-retries";
import { jsonResponse, type EmulatorResponse, type RouteRequest } from "./http";
import type { PredictionStore } from "./predictions";
import type { RequestRecord } from "./request-log";
import type { WebhookDispatcher } from "./webhooks";

export interface ControlContext {
  baseUrl: string;
  requests: RequestRecord[];
  store: PredictionStore;
  faults: FaultState;
  webhooks: WebhookDispatcher;
  delays: EmulatorDelays;
  /** The gateway-level retry setting (dashboard: Retry Requests). */
  retries: GatewayRetries;
  /** Clears requests, predictions, cache, webhooks, faults and gateway retries; delays go back to the start-up values. */
  reset(): void;
}

function faultsView(ctx: ControlContext) {
  return { ...ctx.faults.config, delays: ctx.delays };
}

function predictionsView(ctx: ControlContext) {
  return ctx.store.list().map(({ prediction, webhook, webhookEventsFilter, responseLost }) => ({
    id: prediction.id,
    model: prediction.model,
    version: prediction.version,
    status: prediction.status,
    webhook: webhook ?? null,
    webhook_events_filter: webhookEventsFilter,
    input: prediction.input,
    logs: prediction.logs,
    error: prediction.error,
    output: prediction.output,
    responseLost,
    created_at: prediction.created_at,
  }));
}

function filterByPath<T extends { path?: string; url?: string }>(items: T[], url: URL): T[] {
  const match = url.searchParams.get("match");
  return match === null ? items : items.filter((item) => (item.path ?? item.url ?? "").includes(match));
}

/** `/__emulator/*`: what tests and scripts use to drive and inspect the emulator. */
export function handleControl(ctx: ControlContext, req: RouteRequest, action: string): EmulatorResponse {
  const route = `${req.method} ${action}`;
  switch (route) {
    case "GET health":
      return jsonResponse(200, { ok: true, url: ctx.baseUrl, gatewayBaseUrl: `${ctx.baseUrl}/v1/local/studio` });
    case "GET requests":
      return jsonResponse(200, filterByPath(ctx.requests, req.url));
    case "GET predictions":
      return jsonResponse(200, predictionsView(ctx));
    case "GET webhooks":
      return jsonResponse(200, ctx.webhooks.log);
    case "POST reset":
      ctx.reset();
      return jsonResponse(200, { ok: true });
    case "GET faults":
      return jsonResponse(200, faultsView(ctx));
    case "POST faults": {
      const parsed = faultConfigSchema.safeParse(req.json ?? {});
      if (!parsed.success)
        return jsonResponse(400, {
          error: "invalid fault config",
          issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        });
      const { delays, ...config } = parsed.data;
      ctx.faults.replace(config);
      Object.assign(ctx.delays, delays);
      return jsonResponse(200, faultsView(ctx));
    }
    case "GET gateway":
      return jsonResponse(200, { retries: ctx.retries });
    case "POST gateway": {
      const parsed = gatewayRetriesSchema.safeParse(isRecord(req.json) ? (req.json.retries ?? {}) : {});
      if (!parsed.success)
        return jsonResponse(400, {
          error: "invalid gateway setting",
          issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        });
      Object.assign(ctx.retries, parsed.data);
      return jsonResponse(200, { retries: ctx.retries });
    }
    default:
      return jsonResponse(404, { error: `unknown control route ${route}` });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
