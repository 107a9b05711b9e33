import { apiRoute, json } from "@/lib/http/route";
import { parseSearchParams } from "@/lib/http/body";
import { pageQuerySchema } from "@/lib/shared/api/page-query";
import { listOwnTasks } from "@/lib/tasks/read-tasks";

export const runtime = "edge";

// GET /api/tasks – the caller's own tasks, newest first.
export const GET = apiRoute("GET /api/tasks", async (request, { app, viewerId }) => {
  const { limit, cursor } = parseSearchParams(request, pageQuerySchema);
  const owner = await viewerId();
  const page = owner ? await listOwnTasks(app, owner, limit, cursor) : { tasks: [], next_cursor: null };
  return json(page, 200, { "cache-control": "no-store" });
});
