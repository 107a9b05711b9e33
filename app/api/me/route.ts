import { apiRoute, json } from "@/lib/api/route";
import { spendViewOf } from "@/lib/spend/budgets";

export const runtime = "edge";

// GET /api/me – the caller's anonymous identity (sets the session cookie when missing) and spend today.
export const GET = apiRoute("GET /api/me", async (_request, { app, userId, clientKey }) => {
  const payer = { userId: await userId(), clientKey: await clientKey() };
  return json({ user: { id: payer.userId }, spend: await spendViewOf(app, payer) });
});
