import "server-only";
import { AiGatewayError } from "@/lib/ai-gateway";
import type { App } from "@/lib/platform/app";
import { appForRequest } from "@/lib/platform/request-context";
import { clientKeyOf } from "@/lib/http/client-address";
import { ConfigError } from "@/lib/platform/env";
import { AppError, errorBody } from "@/lib/platform/errors";
import { d1UsageScope, newD1Usage, type D1Usage } from "@/lib/platform/d1-usage";
import { createLogger } from "@/lib/platform/logger";
import { toAppError } from "@/lib/ai-gateway/to-app-error";
import { discardUnreadBody, JSON_BODY_LIMIT_BYTES, refuseDeclaredOversize } from "@/lib/http/body";
import { isStateChanging, originOf, refuseCrossSiteWrite } from "@/lib/http/request-guard";
import { mintSession, sessionUserOf } from "@/lib/http/session-gate";
import { enforceSessionMintLimit } from "@/lib/spend/rate-limit";
import { refusalReasonOf } from "@/lib/spend/refusals";
import { insertGatewayCalls } from "@/db/queries/gateway-calls";
import { countRefusal } from "@/db/queries/refusals";

interface RouteContext<Params> {
  app: App;
  params: Params;
  requestId: string;
  /** The caller's user id from a valid session cookie; `401 no_session` without one. */
  userId(): Promise<string>;
  /** The caller's client address as a keyed hash (lib/client-address.ts); limits and budgets apply to it too. */
  clientKey(): Promise<string>;
  /** The caller's user id, or null without a valid session (reads that also serve the public). Never mints. */
  viewerId(): Promise<string | null>;
  /** For safe requests only (`GET /api/me`): the caller's user id, minting a session when there is none. */
  ensureSession(): Promise<string>;
}

export interface RouteOptions {
  /**
   * `session` (default): a state-changing request needs a valid session, checked before the handler runs.
   * `own`: the route brings its own proof (the webhook's signature, the admin token).
   */
  proof?: "session" | "own";
  /** Media types a state-changing request may declare (default JSON); another is a 415. */
  bodyTypes?: readonly string[] | "any";
  /** A declared `Content-Length` over this is a 413 before the handler runs (default 64 kB). */
  maxBodyBytes?: number;
}

type Handler<Params> = (request: Request, context: RouteContext<Params>) => Promise<Response>;

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

function errorResponse(error: AppError): Response {
  const headers = new Headers({ "cache-control": "no-store" });
  if (error.retryAfterSeconds !== null) headers.set("retry-after", String(error.retryAfterSeconds));
  return json(errorBody(error.code, error.message), error.status, headers);
}

function classify(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof AiGatewayError) return toAppError(error);
  if (error instanceof ConfigError) {
    return new AppError("config_error", `The server is misconfigured (${error.variables.join(", ")}); see its logs.`);
  }
  return new AppError("internal", "Something went wrong on our side. Try again; if it keeps happening, tell us.");
}

const noSession = () => new AppError("no_session", "There is no session for this browser; reload the page (it starts one) and try again.");

/**
 * Wraps a route handler: builds the app context from the Pages bindings, refuses cross-site writes and
 * oversized bodies, resolves the session, maps every error to `{error:{code,message}}`, stores gateway call
 * records and logs one line. Responses are `no-store` unless the handler says otherwise.
 */
export function apiRoute<Params = Record<string, never>>(route: string, handler: Handler<Params>, options: RouteOptions = {}) {
  const { proof = "session", bodyTypes = ["application/json"], maxBodyBytes = JSON_BODY_LIMIT_BYTES } = options;
  return (request: Request, next: { params: Promise<Params> }): Promise<Response> => {
    const d1 = newD1Usage();
    return d1UsageScope.run(d1, () => handle(request, next, d1));
  };

  async function handle(request: Request, next: { params: Promise<Params> }, d1: D1Usage): Promise<Response> {
    const started = Date.now();
    const requestId = request.headers.get("cf-ray") ?? crypto.randomUUID();
    const logFields = { requestId, route, method: request.method };
    let logger = createLogger({ fields: logFields });
    let app: App | undefined;
    let newSession: string | null = null;
    let response: Response;
    try {
      app = appForRequest({ logFields });
      logger = app.logger;
      const secret = app.env.SESSION_SECRET;
      const ownOrigins = [new URL(request.url).origin, originOf(app.env.APP_URL)].filter((origin) => origin !== null);
      refuseCrossSiteWrite(request, { ownOrigins, bodyTypes });
      if (isStateChanging(request)) refuseDeclaredOversize(request, maxBodyBytes);
      const sessionUser = sessionUserOf(request, secret);
      if (isStateChanging(request) && proof === "session" && !(await sessionUser)) throw noSession();
      let minted: Promise<string> | null = null;
      let clientKey: Promise<string> | null = null;
      const context: RouteContext<Params> = {
        app,
        params: await next.params,
        requestId,
        userId: async () => {
          const known = await sessionUser;
          if (!known) throw noSession();
          return known;
        },
        viewerId: () => sessionUser,
        ensureSession: () => {
          if (isStateChanging(request)) throw new Error(`${route}: sessions are minted by safe requests only`);
          minted ??= (async () => {
            const known = await sessionUser;
            if (known) return known;
            await enforceSessionMintLimit(context.app, await context.clientKey());
            const session = await mintSession(app!, request);
            newSession = session.setCookie;
            return session.userId;
          })();
          return minted;
        },
        clientKey: () => {
          clientKey ??= clientKeyOf(request.headers, secret);
          return clientKey;
        },
      };
      response = await handler(request, context);
    } catch (error) {
      const appError = classify(error);
      if (appError.status >= 500 && !(error instanceof AiGatewayError)) {
        logger.error("request.failed", {
          error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
        });
      }
      response = errorResponse(appError);
      await discardUnreadBody(request);
      const reason = refusalReasonOf(appError.code);
      if (app && reason) {
        try {
          await countRefusal(app.db, { reason, now: app.now() });
        } catch (countError) {
          logger.error("refusals.store_failed", { error: String(countError) });
        }
      }
    }
    response = new Response(response.body, response);
    if (newSession) response.headers.append("set-cookie", newSession);
    if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
    response.headers.set("x-content-type-options", "nosniff");
    if (app && app.calls.length > 0) {
      try {
        await insertGatewayCalls(app.db, { calls: app.calls.splice(0).map(toGatewayCallRow) });
      } catch (error) {
        logger.error("gateway_calls.store_failed", { error: String(error) });
      }
    }
    logger.info("request", { status: response.status, durationMs: Date.now() - started, d1: { ...d1 } });
    return response;
  }
}

function toGatewayCallRow(record: App["calls"][number]) {
  return {
    provider: record.provider,
    model: record.model,
    operation: record.operation,
    ok: record.ok,
    httpStatus: record.httpStatus,
    errorKind: record.errorKind,
    attempts: record.attempts,
    latencyMs: Math.round(record.latencyMs),
    cacheStatus: record.cacheStatus,
    logId: record.logId,
    taskId: record.taskId,
    startedAt: record.startedAt,
  };
}
