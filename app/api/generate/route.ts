import { parseJsonBody } from "@/lib/http/body";
import { apiRoute, json } from "@/lib/http/route";
import { generateBodySchema } from "@/lib/shared/api/generate";
import { createTask } from "@/lib/tasks/create-task";
import { presentTask } from "@/lib/tasks/present-task";

export const runtime = "edge";

// POST /api/generate – create a task and, if the caller is under the in-flight cap, submit it.
export const POST = apiRoute("POST /api/generate", async (request, { app, userId, clientKey }) => {
  const body = await parseJsonBody(request, generateBodySchema);
  const owner = await userId();
  const task = await createTask(app, { userId: owner, clientKey: await clientKey() }, body);
  return json({ task: presentTask(task, owner) }, 201);
});
