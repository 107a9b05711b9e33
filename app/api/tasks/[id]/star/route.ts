import { apiRoute, json } from "@/lib/http/route";
import { parseWith } from "@/lib/http/body";
import { taskIdSchema } from "@/lib/shared/api/ids";
import { presentTask } from "@/lib/tasks/present-task";
import { starTask } from "@/lib/tasks/star-task";

export const runtime = "edge";

function starRoute(route: string, starred: boolean) {
  return apiRoute<{ id: string }>(route, async (_request, { app, params, userId }) => {
    const owner = await userId();
    const task = await starTask(app, parseWith(taskIdSchema, params.id), owner, starred);
    return json({ task: presentTask(task, owner) });
  });
}

// POST /api/tasks/:id/star – star one of your tasks (owner only; idempotent).
export const POST = starRoute("POST /api/tasks/:id/star", true);
// DELETE /api/tasks/:id/star – take the star off (owner only; idempotent).
export const DELETE = starRoute("DELETE /api/tasks/:id/star", false);
