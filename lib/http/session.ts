import "server-only";
import { hmacSign, hmacVerify, toBase64Url } from "@/lib/platform/hmac";

/**
 * Anonymous identity: a signed, http-only cookie `sid=<userId>.<hmac>` (HMAC-SHA256 with
 * SESSION_SECRET, Web Crypto). A cookie that fails verification is ignored: never the old user.
 * On https the cookie is `__Host-sid` with `Secure`, so no sibling subdomain or plain-http page can set it.
 */
const SESSION_COOKIE = "sid";
const SECURE_SESSION_COOKIE = "__Host-sid";

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}
const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;
const SESSION_PURPOSE = "session";
const USER_ID = /^u_[A-Za-z0-9_-]{22}$/;

export function newUserId(): string {
  return `u_${toBase64Url(crypto.getRandomValues(new Uint8Array(16)))}`;
}

export async function signSession(userId: string, secret: string): Promise<string> {
  return `${userId}.${await hmacSign(secret, SESSION_PURPOSE, userId)}`;
}

/** The user id of a valid cookie value, else null. `subtle.verify` compares in constant time. */
export async function verifySession(value: string | undefined, secret: string): Promise<string | null> {
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  const userId = value.slice(0, dot);
  if (dot < 0 || !USER_ID.test(userId)) return null;
  return (await hmacVerify(secret, SESSION_PURPOSE, userId, value.slice(dot + 1))) ? userId : null;
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookieHeader(value: string, secure: boolean): string {
  const attributes = [`${sessionCookieName(secure)}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${ONE_YEAR_SECONDS}`];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}
