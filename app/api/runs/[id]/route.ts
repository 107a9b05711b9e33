import { apiRoute, json } from "@/lib/http/route";
import { parseWith } from "@/lib/http/body";
import { runIdSchema } from "@/lib/shared/api/ids";
import { readVisibleRun } from "@/lib/runs/read-run";

export const runtime = "edge";

// GET /api/runs/:id – a run and its tasks, for its owner or, when public, anyone.
export const GET = apiRoute<{ id: string }>("GET /api/runs/:id", async (_request, { app, params, viewerId }) => {
  const run = await readVisibleRun(app, parseWith(runIdSchema, params.id), await viewerId());
  return json({ run }, 200, { "cache-control": "no-store" });
});
