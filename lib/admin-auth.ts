import { AppError } from "@/lib/errors";
import { readCookie } from "@/lib/session";

export const ADMIN_COOKIE = "admin_token";

function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let difference = left.length ^ right.length;
  for (let i = 0; i < left.length; i += 1) difference |= left[i]! ^ (right[i % Math.max(1, right.length)] ?? 0);
  return difference === 0;
}

/** Admin routes take `Authorization: Bearer $ADMIN_TOKEN`, or the dashboard's http-only cookie. */
export function requireAdmin(request: Request, adminToken: string): void {
  const header = request.headers.get("authorization") ?? "";
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const presented = bearer ?? readCookie(request.headers.get("cookie"), ADMIN_COOKIE);
  if (!presented) throw new AppError("unauthorized", "This needs the admin token (Authorization: Bearer …).");
  if (!constantTimeEqual(presented, adminToken)) throw new AppError("forbidden", "The admin token is not valid.");
}
