import { apiRoute, json } from "@/lib/http/route";
import { spendViewOf } from "@/lib/spend/budgets";

export const runtime = "edge";

// GET /api/me – the caller's anonymous identity and spend today; the one route that starts a session (sets the
// cookie when missing).
export const GET = apiRoute("GET /api/me", async (_request, { app, ensureSession, clientKey }) => {
  const payer = { userId: await ensureSession(), clientKey: await clientKey() };
  return json({ user: { id: payer.userId }, spend: await spendViewOf(app, payer) }, 200, { "cache-control": "no-store" });
});
