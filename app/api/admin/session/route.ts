import { apiRoute, json } from "@/lib/api/route";
import { parseJsonBody, parseWith, readBodyText } from "@/lib/api/body";
import { requireAdmin } from "@/lib/admin-auth";
import { AppError } from "@/lib/errors";
import { adminCookieHeader, clearedAdminCookieHeader, fitsInCookie } from "./admin-cookie";
import { createAdminSessionBodySchema, type CreateAdminSessionBody } from "./schema";

export const runtime = "edge";

const isForm = (request: Request) => (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

const SIGN_IN_FORM_LIMIT_BYTES = 4096;
const ADMIN_SESSION_ROUTE = { proof: "own", bodyTypes: ["application/json", "application/x-www-form-urlencoded"] } as const;

async function readBody(request: Request): Promise<CreateAdminSessionBody> {
  if (!isForm(request)) return parseJsonBody(request, createAdminSessionBodySchema);
  const text = await readBodyText(request, SIGN_IN_FORM_LIMIT_BYTES);
  return parseWith(createAdminSessionBodySchema, Object.fromEntries(new URLSearchParams(text)));
}

/** What the sign-in page is told (?signin=…) when a form sign-in fails. */
const SIGN_IN_OUTCOME: Partial<Record<AppError["code"], string>> = { unauthorized: "missing", forbidden: "invalid", invalid_input: "unusable" };

function backToDashboard(request: Request, locale: string, outcome?: string): Response {
  const target = new URL(`/${locale}/admin`, request.url);
  if (outcome) target.searchParams.set("signin", outcome);
  return new Response(null, { status: 303, headers: { location: target.toString(), "cache-control": "no-store" } });
}

// POST /api/admin/session – checks the admin token and keeps it in the dashboard's http-only cookie.
export const POST = apiRoute(
  "POST /api/admin/session",
  async (request, { app }) => {
    const form = isForm(request);
    const body = await readBody(request);
    try {
      // The same check as every admin route, so the cookie can only ever hold a token they accept.
      requireAdmin(new Request(request.url, { headers: { authorization: `Bearer ${body.token}` } }), app.env.ADMIN_TOKEN);
      if (!fitsInCookie(body.token)) {
        throw new AppError(
          "invalid_input",
          "ADMIN_TOKEN contains characters a cookie cannot hold (spaces, quotes, commas, semicolons or backslashes); choose one without them.",
        );
      }
    } catch (error) {
      if (!form || !(error instanceof AppError)) throw error;
      return backToDashboard(request, body.locale, SIGN_IN_OUTCOME[error.code] ?? "invalid");
    }
    const response = form ? backToDashboard(request, body.locale) : json({ ok: true }, 200, { "cache-control": "no-store" });
    response.headers.append("set-cookie", adminCookieHeader(body.token, isHttps(request)));
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
