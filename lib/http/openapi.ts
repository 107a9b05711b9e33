import "server-only";
import * as z from "zod";
import { predictionSchema } from "@/lib/ai-gateway";
import { adminCookieName } from "@/lib/http/admin-auth";
import { sessionCookieName } from "@/lib/http/session";
import type { WebhookOutcome } from "@/lib/tasks/handle-webhook";
import type { AdminStats } from "@/lib/shared/admin-stats";
import { createAdminSessionBodySchema, reconcileBodySchema, statsQuerySchema } from "@/lib/shared/api/admin";
import { errorBodySchema } from "@/lib/shared/api/errors";
import { generateBodySchema } from "@/lib/shared/api/generate";
import { runIdSchema, taskIdSchema } from "@/lib/shared/api/ids";
import { inputImageQuerySchema, taskImageParamsSchema, uploadParamsSchema } from "@/lib/shared/api/images";
import { meViewSchema, spendViewSchema } from "@/lib/shared/api/me";
import { modelListSchema } from "@/lib/shared/api/models";
import { galleryQuerySchema, ownTasksQuerySchema } from "@/lib/shared/api/page-query";
import { promptBodySchema, promptHelpViewSchema } from "@/lib/shared/api/prompt";
import { runEnvelopeSchema, runRequestSchema } from "@/lib/shared/api/runs";
import { uploadViewSchema } from "@/lib/shared/api/uploads";
import { ERROR_STATUS } from "@/lib/shared/error-codes";
import { IMAGE_TYPES } from "@/lib/shared/image-types";
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_SIDE_PX } from "@/lib/shared/limits";
import { STATS_WINDOW_NAMES } from "@/lib/shared/stats-windows";
import { taskPageSchema, taskViewSchema } from "@/lib/shared/task-view";

/**
 * The HTTP API as one table (every route under app/api/, checked against the files by tests/routes/openapi.test.ts)
 * and the OpenAPI 3.1 document built from it (GET /api/openapi.json). The schemas are the ones the routes parse
 * with (lib/shared/api/…) and the ones their answers are typed by, converted by zod's own `z.toJSONSchema`.
 */

type Method = "GET" | "POST" | "DELETE";

/**
 * What a route takes as proof of who calls: `session` the session cookie (a write without one is a 401 no_session);
 * `viewer` reads it when present (private things stay 404 without it); `admin` the admin token or the dashboard
 * cookie; `webhook` the Standard Webhooks signature and the URL's `sig`; `none` nothing (public, or the proof is in
 * the request itself).
 */
type Proof = "none" | "session" | "viewer" | "admin" | "webhook";

/** A named schema: it becomes `components.schemas[name]`. */
interface Named {
  name: string;
  schema: z.ZodType;
}

type RequestBody =
  | { kind: "json"; schema: Named; required?: boolean; alsoForm?: boolean; description?: string }
  | { kind: "bytes"; types: readonly string[]; description: string };

type Success =
  | { status: number; description: string; json: Named }
  | { status: number; description: string; bytes: readonly string[] }
  | { status: number; description: string; eventStream: string }
  | { status: number; description: string; redirect: true };

interface RouteDoc {
  method: Method;
  /** The path with `{param}` for each dynamic folder (`[id]` → `{id}`). */
  path: string;
  summary: string;
  description?: string;
  proof: Proof;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: RequestBody;
  success: Success[];
  /** The statuses of `{error:{code,message}}` answers this route can give. */
  errors: readonly number[];
}

// ── Response schemas of the routes whose answers are not one of the shared views ──

const okSchema: Named = { name: "Ok", schema: z.object({ ok: z.literal(true) }) };
const taskEnvelope: Named = { name: "TaskEnvelope", schema: z.object({ task: taskViewSchema }) };
const uploadEnvelope: Named = { name: "UploadEnvelope", schema: z.object({ upload: uploadViewSchema }) };

const WEBHOOK_OUTCOMES: Record<WebhookOutcome, string> = {
  applied: "the event was applied",
  duplicate: "a redelivery of the event that ended the task: nothing changed",
  unknown_task: "no such task: nothing changed",
  mismatched_prediction: "the task has another prediction: nothing changed",
  stale: "the task was already further along: nothing changed",
};
const webhookAnswer: Named = {
  name: "WebhookAnswer",
  schema: z.object({
    ok: z.literal(true),
    outcome: z.enum(Object.keys(WEBHOOK_OUTCOMES) as [WebhookOutcome, ...WebhookOutcome[]]).meta({
      description: Object.entries(WEBHOOK_OUTCOMES)
        .map(([outcome, meaning]) => `\`${outcome}\`: ${meaning}`)
        .join("; "),
    }),
  }),
};

const reconcileReport: Named = {
  name: "ReconcileReport",
  schema: z.object({
    checked: z.number().int().meta({ description: "Stale tasks read." }),
    settled: z.number().int().meta({ description: "Of those, tasks that ended." }),
    promoted: z.number().int().meta({ description: "Queued tasks sent to the provider into the freed slots." }),
    pruned: z.number().int().meta({ description: "Old bookkeeping rows deleted." }),
  }),
};

const figures = (description: string) => z.looseObject({}).meta({ description });
/** AdminStats is an interface: its top-level fields are listed (checked against it), their contents described. */
const adminStats: Named = {
  name: "AdminStats",
  schema: z
    .looseObject({
      window: z.enum(STATS_WINDOW_NAMES as [AdminStats["window"], ...AdminStats["window"][]]),
      since: z.string(),
      until: z.string(),
      bucket_ms: z.number().meta({ description: "Size of each time-series bucket." }),
      gateway: figures("Gateway calls: counts, errors, retries, cache, latency percentiles, per provider/operation/model, time series."),
      tasks: figures("Tasks by status and model, failures by code, images, cost, per day, prices."),
      spend: figures("Budgets, spend per UTC day, top client addresses (as keyed hashes)."),
      gemini: figures("GEMINI_MODEL and its lifecycle (successor, notice)."),
      refusals: z.array(z.looseObject({ reason: z.string(), count: z.number() })).meta({ description: "Requests refused to protect the budget." }),
    } satisfies Record<keyof AdminStats, z.ZodType>)
    .meta({ description: "Gateway call and task figures of the monitoring dashboard. Rates are 0..1, null when nothing was counted." }),
};

const openApiDocumentSchema: Named = {
  name: "OpenApiDocument",
  schema: z.looseObject({ openapi: z.literal("3.1.0"), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) }),
};

// ── Request schemas that are not parsed by a shared schema ──

const taskParamsSchema = z.object({ id: taskIdSchema });
const runParamsSchema = z.object({ id: runIdSchema });
const runEnvelope: Named = { name: "RunEnvelope", schema: runEnvelopeSchema };
const webhookQuerySchema = z.object({
  task: z.string().meta({ description: "The task the webhook URL was made for." }),
  sig: z.string().optional().meta({ description: "The HMAC of the task id; tasks created before URLs were signed have none." }),
});

/**
 * The generate body is parsed in two steps (the model is named first, so an unknown one gets its own message); the
 * contract is the second: one strict object per model, discriminated by `model`.
 */
const generateRequest: Named = { name: "GenerateRequest", schema: generateBodySchema.out };

// ── The table ──

/** The write gate of every state-changing request: cross-origin (403), declared oversize (413), wrong type (415). */
const WRITE_GATE = [403, 413, 415] as const;

const API_ROUTES: readonly RouteDoc[] = [
  {
    method: "GET",
    path: "/api/health",
    summary: "Liveness: no database or provider call.",
    proof: "none",
    success: [{ status: 200, description: "The app is up.", json: okSchema }],
    errors: [],
  },
  {
    method: "GET",
    path: "/api/openapi.json",
    summary: "This document: the HTTP API as OpenAPI 3.1.",
    proof: "none",
    success: [{ status: 200, description: "The OpenAPI document.", json: openApiDocumentSchema }],
    errors: [500],
  },
  {
    method: "GET",
    path: "/api/models",
    summary:
      "Every model the studio offers: its key, kind, limits (reference images, outputs, ratios, resolutions, every input) and how its price follows the input.",
    proof: "none",
    success: [{ status: 200, description: "The models.", json: { name: "ModelList", schema: modelListSchema } }],
    errors: [500],
  },
  {
    method: "GET",
    path: "/api/me",
    summary: "The caller's anonymous identity and spend today.",
    description: "The one route that starts a session: without a valid session cookie it mints one and sets it (`Set-Cookie`).",
    proof: "viewer",
    success: [{ status: 200, description: "The caller.", json: { name: "MeView", schema: meViewSchema } }],
    errors: [429, 500],
  },
  {
    method: "POST",
    path: "/api/generate",
    summary: "Create an image task and, when the in-flight caps leave a slot, submit it.",
    description:
      "The body is one object per model (`model` picks which), with that model's own fields and limits; unknown fields are a 422. A submit that fails fails the task (it is still created: 201).",
    proof: "session",
    body: { kind: "json", schema: generateRequest },
    success: [{ status: 201, description: "The task, as created.", json: taskEnvelope }],
    errors: [400, 401, ...WRITE_GATE, 404, 422, 429, 500],
  },
  {
    method: "POST",
    path: "/api/uploads",
    summary: "Upload an image to edit (private to its owner).",
    proof: "session",
    body: {
      kind: "bytes",
      types: IMAGE_TYPES,
      description: `The image's raw bytes: PNG, JPEG or WebP (decided by the bytes), at most ${UPLOAD_MAX_BYTES / (1024 * 1024)} MB and ${UPLOAD_MAX_SIDE_PX} px a side.`,
    },
    success: [{ status: 201, description: "The upload; name it as `input_image` by its id.", json: uploadEnvelope }],
    errors: [401, ...WRITE_GATE, 422, 429, 500],
  },
  {
    method: "GET",
    path: "/api/uploads/{id}",
    summary: "An uploaded image's bytes, for its owner alone.",
    proof: "viewer",
    params: uploadParamsSchema,
    success: [{ status: 200, description: "The image.", bytes: IMAGE_TYPES }],
    errors: [404, 422, 500],
  },
  {
    method: "GET",
    path: "/api/input-images",
    summary: "The image a provider edits, through a short-lived signed URL the app made.",
    description: "The signature in the query is the proof; an expired or altered URL is a 403 whoever asks.",
    proof: "none",
    query: inputImageQuerySchema,
    success: [{ status: 200, description: "The image.", bytes: IMAGE_TYPES }],
    errors: [403, 404, 422, 500],
  },
  {
    method: "GET",
    path: "/api/tasks",
    summary:
      "The caller's own tasks, newest first, narrowed by the filters; with `q`, a full-text search of their prompts, most relevant first (an empty page without a session).",
    description:
      "`q` is split into words (letters and digits of any script; punctuation and the operators AND, OR, NOT, NEAR are not words); every word must appear. A search page's tasks carry `match.ranges`, and its cursor is only good for the same search. `q` over 200 characters, or with no word, is a 422.",
    proof: "viewer",
    query: ownTasksQuerySchema.in,
    success: [{ status: 200, description: "A page of tasks.", json: { name: "TaskPage", schema: taskPageSchema } }],
    errors: [422, 500],
  },
  {
    method: "GET",
    path: "/api/tasks/{id}",
    summary: "One task, for its owner or, when public, anyone; a stale task is reconciled with the provider first.",
    proof: "viewer",
    params: taskParamsSchema,
    success: [{ status: 200, description: "The task.", json: taskEnvelope }],
    errors: [404, 422, 500],
  },
  {
    method: "GET",
    path: "/api/tasks/{id}/events",
    summary: "The task as a server-sent event stream, visible like GET /api/tasks/{id}.",
    proof: "viewer",
    params: taskParamsSchema,
    success: [
      {
        status: 200,
        description: "A stream of events.",
        eventStream:
          "`event: task` with the task (TaskView as JSON) at once and on every change, closing after its terminal state; `event: reopen` when the stream's budget (40 checks, 30 s) is spent: open a new one.",
      },
    ],
    errors: [404, 422, 429, 500],
  },
  {
    method: "POST",
    path: "/api/tasks/{id}/cancel",
    summary: "Cancel a task (owner only).",
    description:
      "A queued task just stops. Otherwise the cancel is recorded (`cancel_requested: true`) and carried out at the provider; the task keeps its status until the provider confirms.",
    proof: "session",
    params: taskParamsSchema,
    success: [{ status: 200, description: "The task after the cancel.", json: taskEnvelope }],
    errors: [401, ...WRITE_GATE, 404, 409, 422, 429, 500, 502, 503, 504],
  },
  {
    method: "POST",
    path: "/api/tasks/{id}/star",
    summary: "Star one of your tasks (owner only; starring a starred task changes nothing).",
    description: "Someone else's task, public or not, is a 404. Only its owner ever reads `starred: true`.",
    proof: "session",
    params: taskParamsSchema,
    success: [{ status: 200, description: "The task, starred.", json: taskEnvelope }],
    errors: [401, ...WRITE_GATE, 404, 422, 500],
  },
  {
    method: "DELETE",
    path: "/api/tasks/{id}/star",
    summary: "Take the star off one of your tasks (owner only; idempotent).",
    proof: "session",
    params: taskParamsSchema,
    success: [{ status: 200, description: "The task, not starred.", json: taskEnvelope }],
    errors: [401, ...WRITE_GATE, 404, 422, 500],
  },
  {
    method: "POST",
    path: "/api/runs",
    summary: "Start a run: one prompt on 2–4 models (compare), or 1–10 prompts on one model; one task each.",
    description:
      "Each task's input (the shared settings, its model and its prompt) is checked by that model's own generate body: a setting one model does not take is a 422 naming the model and the field, and nothing is reserved or stored. The whole run's price is reserved in one statement against every budget, or the run is refused whole (429 `budget_exceeded`, with the amounts and `Retry-After`). Tasks beyond the in-flight cap wait as `queued`; each task settles its own share.",
    proof: "session",
    body: { kind: "json", schema: { name: "RunRequest", schema: runRequestSchema } },
    success: [{ status: 201, description: "The run and its tasks, in the order the request named them.", json: runEnvelope }],
    errors: [400, 401, ...WRITE_GATE, 404, 422, 429, 500],
  },
  {
    method: "GET",
    path: "/api/runs/{id}",
    summary: "A run and its tasks, for its owner or, when public, anyone.",
    proof: "viewer",
    params: runParamsSchema,
    success: [{ status: 200, description: "The run.", json: runEnvelope }],
    errors: [404, 422, 500],
  },
  {
    method: "GET",
    path: "/api/gallery",
    summary: "Public, succeeded tasks of everyone, newest first.",
    proof: "none",
    query: galleryQuerySchema.in,
    success: [{ status: 200, description: "A page of tasks.", json: { name: "TaskPage", schema: taskPageSchema } }],
    errors: [422, 500],
  },
  {
    method: "GET",
    path: "/api/images/{taskId}/{index}",
    summary: "One of a task's images, visible like the task itself.",
    proof: "viewer",
    params: taskImageParamsSchema,
    success: [{ status: 200, description: "The image.", bytes: IMAGE_TYPES }],
    errors: [404, 422, 500],
  },
  {
    method: "POST",
    path: "/api/prompt",
    summary: "Prompt help through Gemini: a rewritten, more vivid prompt.",
    proof: "session",
    body: { kind: "json", schema: { name: "PromptHelpRequest", schema: promptBodySchema } },
    success: [{ status: 200, description: "The suggestion.", json: { name: "PromptHelpView", schema: promptHelpViewSchema } }],
    errors: [400, 401, ...WRITE_GATE, 422, 429, 500, 502, 503, 504],
  },
  {
    method: "POST",
    path: "/api/webhooks/replicate",
    summary: "Replicate's signed prediction events (Standard Webhooks).",
    description:
      "Capped at 256 kB and verified before anything is parsed: a missing, invalid or stale signature, or a `sig` not made for `task`, is a 401 that changes nothing. A signed body that is not a prediction is a 400; a prediction of another task a 409.",
    proof: "webhook",
    query: webhookQuerySchema,
    body: { kind: "json", schema: { name: "ReplicatePrediction", schema: predictionSchema } },
    success: [{ status: 200, description: "The event was taken (see `outcome`).", json: webhookAnswer }],
    errors: [400, 401, 403, 409, 413, 500],
  },
  {
    method: "POST",
    path: "/api/admin/session",
    summary: "Sign in to the monitoring dashboard with the admin token (throttled per client address).",
    description:
      "A JSON body answers 200 and sets the signed dashboard cookie. A sign-in form (application/x-www-form-urlencoded) is redirected (303) back to `/{locale}/admin`, with `?signin=missing|invalid|throttled` when it failed.",
    proof: "none",
    body: {
      kind: "json",
      schema: { name: "AdminSessionRequest", schema: createAdminSessionBodySchema },
      alsoForm: true,
    },
    success: [
      { status: 200, description: "Signed in (JSON); the dashboard cookie is set.", json: okSchema },
      { status: 303, description: "A form sign-in, back to the dashboard (the cookie is set when it succeeded).", redirect: true },
    ],
    errors: [400, 401, ...WRITE_GATE, 422, 429, 500],
  },
  {
    method: "DELETE",
    path: "/api/admin/session",
    summary: "Sign the dashboard out (clears its cookie).",
    proof: "none",
    success: [{ status: 200, description: "Signed out.", json: okSchema }],
    errors: [...WRITE_GATE, 500],
  },
  {
    method: "GET",
    path: "/api/admin/stats",
    summary: "Gateway call, task and spend figures for the monitoring dashboard.",
    proof: "admin",
    query: statsQuerySchema,
    success: [{ status: 200, description: "The figures of the window.", json: adminStats }],
    errors: [401, 403, 422, 500],
  },
  {
    method: "POST",
    path: "/api/admin/reconcile",
    summary: "Settle stale tasks, fill free slots and prune old bookkeeping; for an external scheduler.",
    description: "An empty body means the defaults (RECONCILE_AFTER_SECONDS, 100 tasks).",
    proof: "admin",
    body: { kind: "json", schema: { name: "ReconcileRequest", schema: reconcileBodySchema }, required: false },
    success: [{ status: 200, description: "What the pass did.", json: reconcileReport }],
    errors: [400, 401, ...WRITE_GATE, 422, 500],
  },
];

// ── Building the document ──

type JsonObject = Record<string, unknown>;

const CONVERSION = { target: "draft-2020-12", unrepresentable: "any" } as const;
const componentUri = (id: string) => `#/components/schemas/${id}`;

/** Every schema of the registry as a component, refs between them by `$ref`; `$schema`/`$id` are the document's. */
function components(named: Named[], io: "input" | "output"): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  const seen = new Map<string, z.ZodType>();
  for (const { name, schema } of named) {
    const earlier = seen.get(name);
    if (earlier && earlier !== schema) throw new Error(`openapi: two schemas are named ${name}`);
    if (earlier) continue;
    seen.set(name, schema);
    registry.add(schema, { id: name });
  }
  const { schemas } = z.toJSONSchema(registry, { ...CONVERSION, io, uri: componentUri });
  return Object.fromEntries(Object.entries(schemas).map(([name, { $schema: _schema, $id: _id, ...schema }]) => [name, schema]));
}

/** The parameters of a params or query schema: one per field, with the field's JSON Schema (as the route reads it). */
function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query"): JsonObject[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { ...CONVERSION, io: "input" }) as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, { description, ...fieldSchema }]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    ...(description === undefined ? {} : { description }),
    schema: fieldSchema,
  }));
}

const ref = (name: string) => ({ $ref: componentUri(name) });

function securityOf(proof: Proof): JsonObject[] | undefined {
  switch (proof) {
    case "session":
      return [{ sessionCookie: [] }];
    case "viewer":
      return [{}, { sessionCookie: [] }];
    case "admin":
      return [{ adminBearer: [] }, { adminCookie: [] }];
    case "webhook":
      return [{ webhookSignature: [] }];
    case "none":
      return undefined;
  }
}

function requestBodyOf(body: RequestBody | undefined): JsonObject | undefined {
  if (!body) return undefined;
  if (body.kind === "bytes") {
    return {
      required: true,
      description: body.description,
      content: Object.fromEntries(body.types.map((type) => [type, { schema: { type: "string", contentMediaType: type } }])),
    };
  }
  const content: JsonObject = { "application/json": { schema: ref(body.schema.name) } };
  if (body.alsoForm) content["application/x-www-form-urlencoded"] = { schema: ref(body.schema.name) };
  return { required: body.required ?? true, ...(body.description ? { description: body.description } : {}), content };
}

function successOf(success: Success): JsonObject {
  if ("json" in success) return { description: success.description, content: { "application/json": { schema: ref(success.json.name) } } };
  if ("bytes" in success) {
    return {
      description: success.description,
      content: Object.fromEntries(success.bytes.map((type) => [type, { schema: { type: "string", contentMediaType: type } }])),
    };
  }
  if ("eventStream" in success) {
    return { description: `${success.description} ${success.eventStream}`, content: { "text/event-stream": { schema: { type: "string" } } } };
  }
  return { description: success.description, headers: { Location: { description: "Where the browser goes next.", schema: { type: "string" } } } };
}

const STATUS_MEANINGS: Record<number, string> = {
  400: "The body is not valid JSON (or a signed webhook body is not a prediction).",
  401: "No proof of identity, or a bad one (no session, no admin token, a bad webhook signature).",
  403: "Forbidden: cross-origin write, wrong admin token or session, an invalid signed URL.",
  404: "No such thing, or not visible to the caller.",
  409: "The state does not allow it (nothing to cancel, a prediction of another task).",
  413: "The body is too large.",
  415: "The body's content type is not one the route reads.",
  422: "A field is invalid (the message names it).",
  429: "A rate limit, the queue or a daily budget is full; Retry-After says when to try again.",
  500: "Something failed on the server (or it is misconfigured).",
  502: "The provider failed or refused the app's credentials.",
  503: "The provider is unavailable.",
  504: "The provider did not answer in time.",
};

function errorResponses(): Record<string, JsonObject> {
  const codesOf = (status: number) =>
    Object.entries(ERROR_STATUS)
      .filter(([, answers]) => answers === status)
      .map(([code]) => `\`${code}\``);
  return Object.fromEntries(
    Object.entries(STATUS_MEANINGS).map(([status, meaning]) => [
      `Error${status}`,
      {
        description: `${meaning} Codes: ${codesOf(Number(status)).join(", ")}.`,
        ...(status === "429" || status === "503"
          ? { headers: { "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer" } } } }
          : {}),
        content: { "application/json": { schema: ref("ErrorBody") } },
      },
    ]),
  );
}

const operationIdOf = (route: RouteDoc) =>
  route.method.toLowerCase() +
  route.path
    .replace(/^\/api\//, "")
    .split(/[/.-]/)
    .map((part) => (part.startsWith("{") ? `By${part.slice(1, 2).toUpperCase()}${part.slice(2, -1)}` : part.charAt(0).toUpperCase() + part.slice(1)))
    .join("");

function operationOf(route: RouteDoc): JsonObject {
  const parameters = [...parametersOf(route.params, "path"), ...parametersOf(route.query, "query")];
  const responses: Record<string, JsonObject> = {};
  for (const success of route.success) responses[String(success.status)] = successOf(success);
  for (const status of [...new Set(route.errors)].sort((a, b) => a - b)) {
    if (!STATUS_MEANINGS[status]) throw new Error(`openapi: ${route.method} ${route.path} lists an unknown error status ${status}`);
    responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
  }
  const security = securityOf(route.proof);
  const requestBody = requestBodyOf(route.body);
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    ...(security ? { security } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the HTTP API, built from API_ROUTES. */
export function buildOpenApiDocument(): JsonObject {
  const requestSchemas = API_ROUTES.flatMap((route) => (route.body?.kind === "json" ? [route.body.schema] : []));
  const responseSchemas = [
    { name: "ErrorBody", schema: errorBodySchema },
    { name: "TaskView", schema: taskViewSchema },
    { name: "SpendView", schema: spendViewSchema },
    { name: "UploadView", schema: uploadViewSchema },
    ...API_ROUTES.flatMap((route) => route.success.flatMap((success) => ("json" in success ? [success.json] : []))),
  ];
  const inputs = components(requestSchemas, "input");
  const outputs = components(responseSchemas, "output");
  for (const name of Object.keys(inputs)) {
    if (name in outputs) throw new Error(`openapi: ${name} is both a request and a response schema`);
  }

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of API_ROUTES) {
    const item = paths[route.path] ?? {};
    paths[route.path] = item;
    const method = route.method.toLowerCase();
    if (item[method]) throw new Error(`openapi: ${route.method} ${route.path} is listed twice`);
    item[method] = operationOf(route);
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Image studio API",
      version: "1",
      description:
        "The studio's HTTP API. Every error answers `{ error: { code, message } }` with the HTTP status of its code. Writes (POST, DELETE) from a browser must come from the app's own origin.",
    },
    paths,
    components: {
      schemas: { ...inputs, ...outputs },
      responses: errorResponses(),
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: sessionCookieName(false),
          description: `The anonymous session (\`${sessionCookieName(true)}\` on https), a signed user id; GET /api/me starts one.`,
        },
        adminBearer: { type: "http", scheme: "bearer", description: "`Authorization: Bearer $ADMIN_TOKEN`." },
        adminCookie: {
          type: "apiKey",
          in: "cookie",
          name: adminCookieName(false),
          description: `The dashboard's signed, expiring session (\`${adminCookieName(true)}\` on https), set by POST /api/admin/session.`,
        },
        webhookSignature: {
          type: "apiKey",
          in: "header",
          name: "webhook-signature",
          description:
            "Standard Webhooks: `webhook-signature` over `webhook-id`, `webhook-timestamp` (5-minute tolerance) and the raw body, with REPLICATE_WEBHOOK_SECRET; the URL's `sig` must also be the HMAC of its `task`.",
        },
      },
    },
  };
}
