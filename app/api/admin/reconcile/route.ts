import { apiRoute, json } from "@/lib/http/route";
import { parseJsonBody } from "@/lib/http/body";
import { requireAdmin } from "@/lib/http/admin-auth";
import { reconcileStaleTasks } from "@/lib/tasks/reconcile";
import { reconcileBodySchema } from "@/lib/shared/api/admin";

export const runtime = "edge";

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
