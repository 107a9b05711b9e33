export const runtime = "edge";

// GET /api/health – liveness only: no database or provider call.
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
