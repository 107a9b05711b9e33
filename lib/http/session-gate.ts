import "server-only";
import type { App } from "@/lib/platform/app";
import { newUserId, readCookie, sessionCookieHeader, sessionCookieName, signSession, verifySession } from "@/lib/http/session";

const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

/** The user id of the request's valid session cookie, else null. Never creates anything. */
export function sessionUserOf(request: Request, secret: string): Promise<string | null> {
  const cookie = readCookie(request.headers.get("cookie"), sessionCookieName(isHttps(request)));
  return verifySession(cookie, secret);
}

export interface MintedSession {
  userId: string;
  /** The `Set-Cookie` value that hands the session to the browser. */
  setCookie: string;
}

/**
 * The one place a new anonymous user (and its session cookie) is created. Only safe requests reach it
 * (`GET /api/me`); a POST never mints, so a cross-site form cannot swap the victim's session for a new one.
 */
export async function mintSession(app: App, request: Request): Promise<MintedSession> {
  const userId = newUserId();
  const value = await signSession(userId, app.env.SESSION_SECRET);
  return { userId, setCookie: sessionCookieHeader(value, isHttps(request)) };
}
