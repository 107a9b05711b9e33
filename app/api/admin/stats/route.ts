import { apiRoute, json } from "@/lib/http/route";
import { parseSearchParams } from "@/lib/http/body";
import { requireAdmin } from "@/lib/http/admin-auth";
import { getAdminStats } from "@/lib/stats/get-admin-stats";
import { statsQuerySchema } from "@/lib/shared/api/admin";

export const runtime = "edge";

// GET /api/admin/stats?window=1h|24h|7d|30d – gateway call and task figures for the monitoring dashboard.
export const GET = apiRoute("GET /api/admin/stats", async (request, { app }) => {
  await requireAdmin(request, app.env, app.now());
  const { window } = parseSearchParams(request, statsQuerySchema);
  return json(await getAdminStats(app, window), 200, { "cache-control": "no-store" });
});
