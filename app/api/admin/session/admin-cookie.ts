import { ADMIN_COOKIE } from "@/lib/admin-auth";

const TWELVE_HOURS_SECONDS = 12 * 60 * 60;

// RFC 6265 cookie-octets; requireAdmin compares the raw cookie value, so the token must fit unencoded.
const COOKIE_SAFE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/;

export function fitsInCookie(token: string): boolean {
  return COOKIE_SAFE.test(token);
}

/** Http-only, SameSite=Strict: the dashboard's credential never reaches scripts or cross-site requests. */
export function adminCookieHeader(token: string, secure: boolean): string {
  const attributes = [`${ADMIN_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${TWELVE_HOURS_SECONDS}`];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function clearedAdminCookieHeader(secure: boolean): string {
  const attributes = [`${ADMIN_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=0"];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}
