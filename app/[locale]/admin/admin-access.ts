import { requireAdmin } from "@/lib/admin-auth";

/** True when the dashboard cookie holds the admin token; the same check as the admin API routes. */
export function hasAdminAccess(cookieToken: string | undefined, adminToken: string): boolean {
  if (!cookieToken) return false;
  try {
    requireAdmin(new Request("http://admin.invalid/", { headers: { authorization: `Bearer ${cookieToken}` } }), adminToken);
    return true;
  } catch {
    return false;
  }
}
