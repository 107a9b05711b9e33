import { apiRoute, json } from "@/lib/http/route";
import { parseWith } from "@/lib/http/body";
import { taskIdSchema } from "@/lib/shared/api/ids";
import { presentTask } from "@/lib/tasks/present-task";
import { readTaskWithReconcile } from "@/lib/tasks/read-tasks";

export const runtime = "edge";

// GET /api/tasks/:id – one task, for its owner or, when public, anyone; stale tasks are reconciled.
export const GET = apiRoute<{ id: string }>("GET /api/tasks/:id", async (_request, { app, params, viewerId }) => {
  const id = parseWith(taskIdSchema, params.id);
  const viewer = await viewerId();
  const task = await readTaskWithReconcile(app, id, viewer);
  return json({ task: presentTask(task, viewer) }, 200, { "cache-control": "no-store" });
});
