import { verifyAdminSession } from "@/lib/http/admin-auth";

/** True when the dashboard cookie is a valid, unexpired admin session; the same check as the admin API routes. */
export function hasAdminAccess(session: string | undefined, env: { ADMIN_TOKEN: string; SESSION_SECRET: string }, nowMs: number): Promise<boolean> {
  return verifyAdminSession(session, env, nowMs);
}
