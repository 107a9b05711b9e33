import "server-only";
import type { App } from "@/lib/platform/app";
import { clientKeyOf } from "@/lib/http/client-address";
import { hmacSign, hmacVerify, toBase64Url } from "@/lib/platform/hmac";
import { AppError } from "@/lib/platform/errors";
import { readCookie } from "@/lib/http/session";
import { hitRateLimit } from "@/db/queries/rate-limits";

/**
 * The dashboard's session: a signed, expiring cookie `<expires>.<nonce>.<mac>`, never the admin token itself. The
 * MAC key is derived from ADMIN_TOKEN and SESSION_SECRET together, so rotating either signs every dashboard out.
 */
export const ADMIN_COOKIE = "admin_session";
/** On https: `__Host-` pins the cookie to this host, path `/` and `Secure`. */
export const SECURE_ADMIN_COOKIE = "__Host-admin_session";
export const ADMIN_SESSION_SECONDS = 12 * 60 * 60;
const ADMIN_SESSION_PURPOSE = "admin-session";
/** Sign-in attempts per client address per minute; more is a 429 with Retry-After.
 * @internal Exported so the security test sends one attempt more than the limit.
 */
export const ADMIN_SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

interface AdminSecrets {
  ADMIN_TOKEN: string;
  SESSION_SECRET: string;
}

const keyOf = (env: AdminSecrets) => `${env.ADMIN_TOKEN}\u0000${env.SESSION_SECRET}`;

export function adminCookieName(secure: boolean): string {
  return secure ? SECURE_ADMIN_COOKIE : ADMIN_COOKIE;
}

/** A new admin session value, valid for ADMIN_SESSION_SECONDS from `nowMs`. */
export async function signAdminSession(env: AdminSecrets, nowMs: number): Promise<string> {
  const expires = Math.floor(nowMs / 1000) + ADMIN_SESSION_SECONDS;
  const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(12)));
  const payload = `${expires}.${nonce}`;
  return `${payload}.${await hmacSign(keyOf(env), ADMIN_SESSION_PURPOSE, payload)}`;
}

/** Whether a cookie value is an admin session this server signed and that has not expired. */
export async function verifyAdminSession(value: string | undefined, env: AdminSecrets, nowMs: number): Promise<boolean> {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]+)$/.exec(value ?? "");
  if (!match) return false;
  if (Number(match[1]) * 1000 <= nowMs) return false;
  return hmacVerify(keyOf(env), ADMIN_SESSION_PURPOSE, `${match[1]}.${match[2]}`, match[3]!);
}

/** The admin session cookie of a request or of a page's cookie store (either name: http or https). */
function adminSessionOf(cookieHeader: string | null): string | undefined {
  return readCookie(cookieHeader, SECURE_ADMIN_COOKIE) ?? readCookie(cookieHeader, ADMIN_COOKIE);
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let difference = left.length ^ right.length;
  for (let i = 0; i < left.length; i += 1) difference |= left[i]! ^ (right[i % Math.max(1, right.length)] ?? 0);
  return difference === 0;
}

/** A presented token: missing is a 401, wrong a 403. */
export function requireAdminToken(presented: string | undefined, adminToken: string): void {
  if (!presented) throw new AppError("unauthorized", "This needs the admin token (Authorization: Bearer …).");
  if (!constantTimeEqual(presented, adminToken)) throw new AppError("forbidden", "The admin token is not valid.");
}

/** Admin routes take `Authorization: Bearer $ADMIN_TOKEN`, or the dashboard's signed session cookie. */
export async function requireAdmin(request: Request, env: AdminSecrets, nowMs: number): Promise<void> {
  const header = request.headers.get("authorization") ?? "";
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (bearer !== undefined) return requireAdminToken(bearer, env.ADMIN_TOKEN);
  const session = adminSessionOf(request.headers.get("cookie"));
  if (!session) requireAdminToken(undefined, env.ADMIN_TOKEN);
  if (!(await verifyAdminSession(session, env, nowMs))) {
    throw new AppError("forbidden", "The admin session is not valid or has expired; sign in again.");
  }
}

/** Counts one sign-in attempt against the caller's client address; over the limit is a 429 with Retry-After. */
export async function throttleAdminSignIn(app: App, request: Request): Promise<void> {
  const client = await clientKeyOf(request.headers, app.env.SESSION_SECRET);
  const hit = await hitRateLimit(app.db, {
    key: `admin-sign-in:${client}`,
    windowMs: 60_000,
    limit: ADMIN_SIGN_IN_ATTEMPTS_PER_MINUTE,
    now: app.now(),
  });
  if (!hit.allowed) {
    const seconds = Math.max(1, Math.ceil(hit.retryAfterMs / 1000));
    throw new AppError("rate_limited", `Too many sign-in attempts. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
}
