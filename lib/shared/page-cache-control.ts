/**
 * The Cache-Control of a page (its HTML or its RSC payload). A page read with a cookie may be personal (the owner's
 * view of a private task, a session being minted, the dashboard), so no shared cache may keep it; a share page read
 * without one is the same for everyone (a private task is a 404 then) and may be cached briefly. Everything else is
 * not cached. (`no-store` makes a `Vary: Cookie` moot.) Imports nothing: the build's worker entry
 * (scripts/wrap-worker.ts) compiles this file on its own.
 */
export function pageCacheControl(pathname: string, cookie: string | null): string {
  if (cookie !== null && cookie.trim() !== "") return "private, no-store";
  return /^\/[a-z]{2}\/t\/[^/]+\/?$/.test(pathname) ? "public, max-age=60" : "private, no-store";
}
