import { parseJsonBody } from "@/lib/http/body";
import { apiRoute, json } from "@/lib/http/route";
import { runBodySchema } from "@/lib/shared/api/runs";
import { createRun } from "@/lib/runs/create-run";
import { presentRun } from "@/lib/runs/read-run";

export const runtime = "edge";

// POST /api/runs – one prompt on several models, or several prompts on one model: priced, reserved and written whole.
export const POST = apiRoute("POST /api/runs", async (request, { app, userId, clientKey }) => {
  const body = await parseJsonBody(request, runBodySchema);
  const owner = await userId();
  const { run, tasks } = await createRun(app, { userId: owner, clientKey: await clientKey() }, body);
  return json({ run: presentRun(run, tasks, owner) }, 201);
});
