import { apiRoute, json } from "@/lib/api/route";

export const runtime = "edge";

// GET /api/me – the caller's anonymous identity; the one route that starts a session (sets the cookie when missing).
export const GET = apiRoute("GET /api/me", async (_request, { ensureSession }) =>
  json({ user: { id: await ensureSession() } }, 200, { "cache-control": "no-store" }),
);
