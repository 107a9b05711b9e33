import { ADMIN_SESSION_SECONDS, adminCookieName } from "@/lib/http/admin-auth";

/** Http-only, SameSite=Strict: the dashboard's session never reaches scripts or cross-site requests. */
export function adminCookieHeader(session: string, secure: boolean): string {
  const attributes = [`${adminCookieName(secure)}=${session}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${ADMIN_SESSION_SECONDS}`];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function clearedAdminCookieHeader(secure: boolean): string {
  const attributes = [`${adminCookieName(secure)}=`, "Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=0"];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}
