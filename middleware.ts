import { NextResponse, type NextRequest } from "next/server";
import { localeOfPath, switchLocalePath } from "./lib/shared/i18n/locales";
import { pickLocale } from "./lib/shared/i18n/pick-locale";
import { PAGE_HEADERS, contentSecurityPolicy, newNonce } from "./lib/http/security-headers";
import { pageCacheControl } from "./lib/shared/page-cache-control";

// Pages live under /en and /zh; anything else gets the visitor's preferred locale prefixed. Every page answer
// carries the security headers, with a fresh CSP nonce per request. Under next-on-pages a page's RSC payload (a
// client-side navigation) does not pass through here: the worker entry gives it its Cache-Control (scripts/wrap-worker.ts).
export function middleware(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  // Pages only read: the app has no server actions, so a POST to a page (an RSC action probe) is refused unread.
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new NextResponse(null, { status: 405, headers: { allow: "GET, HEAD", ...PAGE_HEADERS } });
  }
  if (localeOfPath(pathname) !== null) {
    const csp = contentSecurityPolicy(newNonce(), { development: process.env.NODE_ENV === "development" });
    // Next takes the nonce for its inline scripts from the request's CSP header.
    const headers = new Headers(request.headers);
    headers.set("content-security-policy", csp);
    const response = NextResponse.next({ request: { headers } });
    response.headers.set("content-security-policy", csp);
    for (const [name, value] of Object.entries(PAGE_HEADERS)) response.headers.set(name, value);
    response.headers.set("cache-control", pageCacheControl(pathname, request.headers.get("cookie")));
    return response;
  }

  const url = request.nextUrl.clone();
  url.pathname = switchLocalePath(pathname, pickLocale(request.headers.get("accept-language")));
  const response = NextResponse.redirect(url, 307);
  response.headers.set("Vary", "Accept-Language");
  for (const [name, value] of Object.entries(PAGE_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the API, not Next's own assets, not files with an extension (favicon.ico, robots.txt, images).
  matcher: ["/((?!api|_next|.*\\..*).*)"],
};
