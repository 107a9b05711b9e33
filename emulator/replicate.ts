import { z } from "zod";
import { headerValue, isJsonObject, jsonResponse, type EmulatorResponse, type RouteRequest } from "./http";
import { findModelByName, findModelByVersion, type ModelSpec } from "./models";
import { WEBHOOK_EVENTS, type PredictionRecord, type PredictionStore } from "./predictions";
import { checkModelInput, validationProblem } from "./replicate-input";

export interface ReplicateContext {
  store: PredictionStore;
  webhookSecret: string;
  /** When set, the only accepted token; otherwise any `r8_…` token passes. */
  apiToken?: string;
}

const MAX_WAIT_SECONDS = 60;

const createBodySchema = z.object({
  input: z.record(z.string(), z.unknown()),
  version: z.string().optional(),
  webhook: z.url({ protocol: /^https?$/ }).optional(),
  webhook_events_filter: z.array(z.enum(WEBHOOK_EVENTS)).optional(),
  stream: z.boolean().optional(),
});

function problem(status: number, title: string, detail: string, headers?: Record<string, string>): EmulatorResponse {
  return jsonResponse(status, { title, detail, status }, headers);
}

function isAuthorized(req: RouteRequest, ctx: ReplicateContext): boolean {
  const match = /^(?:Bearer|Token)\s+(\S+)$/i.exec(headerValue(req.headers, "authorization") ?? "");
  const token = match?.[1];
  if (!token) return false;
  return ctx.apiToken !== undefined ? token === ctx.apiToken : token.startsWith("r8_");
}

/** `Prefer: wait` holds up to 60 s; `wait=N` up to N s. Undefined when the client does not want to wait. */
function preferWaitSeconds(prefer: string | undefined): number | undefined {
  const match = /(?:^|[\s,;])wait(?:=(\d+))?(?:$|[\s,;])/.exec(prefer ?? "");
  if (!match) return undefined;
  return Math.min(MAX_WAIT_SECONDS, match[1] === undefined ? MAX_WAIT_SECONDS : Number(match[1]));
}

/** Go-style durations as Replicate's `Cancel-After` takes them: `30s`, `1m`, `1m30s`, `500ms`, `1h`. */
function parseDurationMs(text: string): number | undefined {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim()) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] ?? "s"] ?? 0), 0);
}

async function createPrediction(
  ctx: ReplicateContext,
  req: RouteRequest,
  apiBase: string,
  resolve: (body: z.infer<typeof createBodySchema>) => { model: ModelSpec; version: string } | undefined,
): Promise<EmulatorResponse> {
  if (!isJsonObject(req.json)) return problem(400, "Bad Request", "The request body must be a JSON object.");
  const parsed = createBodySchema.safeParse(req.json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `- ${i.path.join(".") || "body"}: ${i.message}\n`).join("");
    return jsonResponse(422, { title: "Input validation failed", detail, status: 422 });
  }
  const target = resolve(parsed.data);
  if (!target) {
    return problem(422, "Invalid version or not permitted", "The specified version does not exist (or perhaps you don't have permission to use it?)");
  }
  const check = checkModelInput(target.model, parsed.data.input);
  if (!check.ok) return jsonResponse(422, validationProblem(check.invalidFields));
  const cancelAfter = headerValue(req.headers, "cancel-after");
  const cancelAfterMs = cancelAfter === undefined ? undefined : parseDurationMs(cancelAfter);
  if (cancelAfter !== undefined && cancelAfterMs === undefined) {
    return problem(400, "Bad Request", `Invalid Cancel-After header: ${cancelAfter}`);
  }
  const record = ctx.store.create({
    spec: target.model,
    version: target.version,
    input: parsed.data.input,
    values: check.values,
    webhook: parsed.data.webhook,
    webhookEventsFilter: parsed.data.webhook_events_filter,
    apiBase,
    cancelAfterMs,
  });
  const waitSeconds = preferWaitSeconds(headerValue(req.headers, "prefer"));
  if (waitSeconds !== undefined) await ctx.store.waitForTerminal(record, waitSeconds * 1000, req.signal);
  return { ...predictionResponse(201, record), predictionId: record.prediction.id };
}

/** Replicate's list: newest first, 100 a page, `next`/`previous` as absolute URLs, `created_after`/`created_before` filters. */
const LIST_PAGE_SIZE = 100;

function listPredictions(ctx: ReplicateContext, req: RouteRequest, apiBase: string): EmulatorResponse {
  const query = req.url.searchParams;
  const bound = (name: string) => {
    const value = query.get(name);
    return value === null ? undefined : Date.parse(value);
  };
  const after = bound("created_after");
  const before = bound("created_before");
  if (Number.isNaN(after) || Number.isNaN(before)) {
    return jsonResponse(400, { title: "Bad Request", detail: "created_after and created_before must be ISO 8601 date-times.", status: 400 });
  }
  const matching = ctx.store
    .list()
    .map((record) => record.prediction)
    .filter((prediction) => {
      const created = Date.parse(prediction.created_at);
      return (after === undefined || created > after) && (before === undefined || created < before);
    })
    .reverse();
  const offset = Math.max(0, Number.parseInt(query.get("cursor") ?? "0", 10) || 0);
  const pageUrl = (at: number) => {
    const url = new URL(`${apiBase}/predictions`);
    for (const [name, value] of query) if (name !== "cursor") url.searchParams.set(name, value);
    url.searchParams.set("cursor", String(at));
    return url.toString();
  };
  return jsonResponse(200, {
    previous: offset > 0 ? pageUrl(Math.max(0, offset - LIST_PAGE_SIZE)) : null,
    next: offset + LIST_PAGE_SIZE < matching.length ? pageUrl(offset + LIST_PAGE_SIZE) : null,
    results: matching.slice(offset, offset + LIST_PAGE_SIZE),
  });
}

function predictionResponse(status: number, record: PredictionRecord): EmulatorResponse {
  return jsonResponse(status, record.prediction, status === 201 ? { location: record.prediction.urls.get } : {});
}

/** Routes `…/replicate/<rest>`; `apiBase` is the URL prefix the client used for the Replicate API. */
export async function handleReplicate(ctx: ReplicateContext, req: RouteRequest, rest: string, apiBase: string): Promise<EmulatorResponse> {
  if (!isAuthorized(req, ctx)) {
    return problem(401, "Unauthenticated", "You did not pass a valid authentication token");
  }
  const segments = rest.split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = segments;
  const { method } = req;
  if (method === "POST" && first === "models" && fourth === "predictions" && segments.length === 4) {
    const model = findModelByName(`${second}/${third}`);
    return createPrediction(ctx, req, apiBase, () => model && { model, version: model.version });
  }
  if (first === "predictions") {
    if (segments.length === 1 && method === "POST") {
      return createPrediction(ctx, req, apiBase, (body) => (body.version === undefined ? undefined : findModelByVersion(body.version)));
    }
    if (segments.length === 1 && method === "GET") return listPredictions(ctx, req, apiBase);
    const record = second === undefined ? undefined : ctx.store.get(second);
    if (segments.length === 2 && method === "GET") {
      return record ? predictionResponse(200, record) : problem(404, "Not found", "Prediction not found.");
    }
    if (segments.length === 3 && third === "cancel" && method === "POST") {
      const canceled = second === undefined ? undefined : ctx.store.cancel(second);
      return canceled ? predictionResponse(200, canceled) : problem(404, "Not found", "Prediction not found.");
    }
  }
  if (method === "GET" && rest.replace(/\/$/, "") === "webhooks/default/secret") {
    return jsonResponse(200, { key: ctx.webhookSecret });
  }
  return problem(404, "Not found", `No route for ${method} /${rest}`);
}
