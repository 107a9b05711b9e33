import "server-only";
import { AppError } from "@/lib/platform/errors";
import { mediaTypeOf } from "@/lib/http/body";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** POST, PUT, PATCH, DELETE: the requests that change state and so need proof they come from the app itself. */
export function isStateChanging(request: Request): boolean {
  return !SAFE_METHODS.has(request.method.toUpperCase());
}

export interface WriteRules {
  /** Origins that count as the app's own: the request's own and `APP_URL`'s. */
  ownOrigins: readonly string[];
  /**
   * Media types the route reads; any other declared type is a 415 (a body-less request declares none).
   * `"any"` for a route whose proof is in the body itself (the signed webhook), so a forgery is a 401 whatever it declares.
   */
  bodyTypes: readonly string[] | "any";
}

/**
 * The one gate for cross-site writes, run before anything else a state-changing request does. A browser
 * marks every cross-site request with `Origin` (and `Sec-Fetch-Site`), and the forms a page can submit
 * without CORS carry `text/plain`, `multipart/form-data` or `application/x-www-form-urlencoded`, so:
 * `403 cross_origin` for another origin (an opaque `Origin: null` included), then `415` for a body type
 * the route does not read. Requests without `Origin` (servers, scripts) pass the first check: they carry
 * no victim's cookie.
 */
export function refuseCrossSiteWrite(request: Request, rules: WriteRules): void {
  if (!isStateChanging(request)) return;
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site")?.toLowerCase();
  if ((origin !== null && !rules.ownOrigins.includes(origin)) || fetchSite === "cross-site") {
    throw new AppError("cross_origin", "Requests that change something must come from this app's own pages.");
  }
  const type = mediaTypeOf(request);
  if (type !== null && rules.bodyTypes !== "any" && !rules.bodyTypes.includes(type)) {
    throw new AppError("unsupported_media_type", `Send the request body as ${rules.bodyTypes.join(" or ")}.`);
  }
}

/** `https://host[:port]` of a URL, or null when it is not one. */
export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
