import { apiRoute, json } from "@/lib/http/route";
import { parseWith } from "@/lib/http/body";
import { cancelTask } from "@/lib/tasks/cancel-task";
import { taskIdSchema } from "@/lib/shared/api/ids";
import { presentTask } from "@/lib/tasks/present-task";

export const runtime = "edge";

// POST /api/tasks/:id/cancel – owner only; cancels the prediction through the gateway.
export const POST = apiRoute<{ id: string }>("POST /api/tasks/:id/cancel", async (_request, { app, params, userId }) => {
  const owner = await userId();
  const task = await cancelTask(app, parseWith(taskIdSchema, params.id), owner);
  return json({ task: presentTask(task, owner) });
});
