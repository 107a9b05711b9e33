import { apiRoute, json } from "@/lib/http/route";
import { parseJsonBody, parseWith, readBodyText } from "@/lib/http/body";
import { requireAdminToken, signAdminSession, throttleAdminSignIn } from "@/lib/http/admin-auth";
import { AppError } from "@/lib/platform/errors";
import { adminCookieHeader, clearedAdminCookieHeader } from "./admin-cookie";
import { createAdminSessionBodySchema, type CreateAdminSessionBody } from "@/lib/shared/api/admin";

export const runtime = "edge";

const isForm = (request: Request) => (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

const SIGN_IN_FORM_LIMIT_BYTES = 4096;
// The admin routes bring their own proof (the token); the cross-origin gate in apiRoute still applies.
const ADMIN_SESSION_ROUTE = { proof: "own", bodyTypes: ["application/json", "application/x-www-form-urlencoded"] } as const;

async function readBody(request: Request): Promise<CreateAdminSessionBody> {
  if (!isForm(request)) return parseJsonBody(request, createAdminSessionBodySchema);
  const text = await readBodyText(request, SIGN_IN_FORM_LIMIT_BYTES);
  return parseWith(createAdminSessionBodySchema, Object.fromEntries(new URLSearchParams(text)));
}

/** What the sign-in page is told (?signin=…) when a form sign-in fails. */
const SIGN_IN_OUTCOME: Partial<Record<AppError["code"], string>> = { unauthorized: "missing", forbidden: "invalid", rate_limited: "throttled" };

// A path, not a URL: behind a proxy (or wrangler) the request's own host may not be the one the browser used, and
// the page's CSP (`form-action 'self'`) refuses a form whose redirect leaves the origin.
function backToDashboard(locale: string, outcome?: string): Response {
  const query = outcome ? `?${new URLSearchParams({ signin: outcome })}` : "";
  return new Response(null, { status: 303, headers: { location: `/${locale}/admin${query}`, "cache-control": "no-store" } });
}

// POST /api/admin/session – checks the admin token (throttled per client address) and starts a signed, expiring
// dashboard session; the cookie never holds the token.
export const POST = apiRoute(
  "POST /api/admin/session",
  async (request, { app }) => {
    const form = isForm(request);
    const body = await readBody(request);
    try {
      await throttleAdminSignIn(app, request);
      requireAdminToken(body.token || undefined, app.env.ADMIN_TOKEN);
    } catch (error) {
      if (!form || !(error instanceof AppError)) throw error;
      const response = backToDashboard(body.locale, SIGN_IN_OUTCOME[error.code] ?? "invalid");
      if (error.retryAfterSeconds !== null) response.headers.set("retry-after", String(error.retryAfterSeconds));
      return response;
    }
    const response = form ? backToDashboard(body.locale) : json({ ok: true }, 200, { "cache-control": "no-store" });
    response.headers.append("set-cookie", adminCookieHeader(await signAdminSession(app.env, app.now()), isHttps(request)));
    return response;
  },
  ADMIN_SESSION_ROUTE,
);

// DELETE /api/admin/session – signs the dashboard out.
export const DELETE = apiRoute(
  "DELETE /api/admin/session",
  async (request) => {
    const response = json({ ok: true }, 200, { "cache-control": "no-store" });
    response.headers.append("set-cookie", clearedAdminCookieHeader(isHttps(request)));
    return response;
  },
  ADMIN_SESSION_ROUTE,
);
