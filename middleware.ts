import { NextResponse, type NextRequest } from "next/server";
import { localeOfPath, switchLocalePath } from "./lib/i18n/locales";
import { pickLocale } from "./lib/i18n/pick-locale";

// Pages live under /en and /zh; anything else gets the visitor's preferred locale prefixed.
export function middleware(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  if (localeOfPath(pathname) !== null) return NextResponse.next();

  const url = request.nextUrl.clone();
  url.pathname = switchLocalePath(pathname, pickLocale(request.headers.get("accept-language")));
  const response = NextResponse.redirect(url, 307);
  response.headers.set("Vary", "Accept-Language");
  return response;
}

export const config = {
  // Not the API, not Next's own assets, not files with an extension (favicon.ico, robots.txt, images).
  matcher: ["/((?!api|_next|.*\\..*).*)"],
};
