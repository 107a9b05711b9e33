import { apiRoute, json } from "@/lib/api/route";
import { parseSearchParams } from "@/lib/api/body";
import { pageQuerySchema } from "@/lib/tasks/cursor";
import { listOwnTasks } from "@/lib/tasks/read-tasks";

export const runtime = "edge";

// GET /api/tasks – the caller's own tasks, newest first.
export const GET = apiRoute("GET /api/tasks", async (request, { app, userId }) => {
  const { limit, cursor } = parseSearchParams(request, pageQuerySchema);
  return json(await listOwnTasks(app, await userId(), limit, cursor), 200, { "cache-control": "no-store" });
});
