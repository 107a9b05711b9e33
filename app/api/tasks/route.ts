import { apiRoute, json } from "@/lib/http/route";
import { parseSearchParams } from "@/lib/http/body";
import { ownTasksQuerySchema } from "@/lib/shared/api/page-query";
import { listOwnTasks } from "@/lib/tasks/read-tasks";

export const runtime = "edge";

// GET /api/tasks – the caller's own tasks, newest first (or most relevant first with `q`), narrowed by the filters.
export const GET = apiRoute("GET /api/tasks", async (request, { app, viewerId }) => {
  const query = parseSearchParams(request, ownTasksQuerySchema);
  const owner = await viewerId();
  const page = owner ? await listOwnTasks(app, owner, query) : { tasks: [], next_cursor: null };
  return json(page, 200, { "cache-control": "no-store" });
});
