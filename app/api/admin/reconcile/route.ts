import * as z from "zod";
import { apiRoute, json } from "@/lib/api/route";
import { parseJsonBody } from "@/lib/api/body";
import { requireAdmin } from "@/lib/admin-auth";
import { reconcileStaleTasks } from "@/lib/tasks/reconcile";

export const runtime = "edge";

const reconcileBodySchema = z.object({
  older_than_seconds: z.number().int().min(0).max(86_400).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

// POST /api/admin/reconcile – settles stale tasks; for an external scheduler (Pages has no cron).
export const POST = apiRoute(
  "POST /api/admin/reconcile",
  async (request, { app }) => {
    await requireAdmin(request, app.env, app.now());
    const options = await parseJsonBody(request, reconcileBodySchema, { emptyAs: {} });
    const report = await reconcileStaleTasks(app, { olderThanSeconds: options.older_than_seconds, limit: options.limit });
    return json(report);
  },
  { proof: "own" },
);
