import { apiRoute, json } from "@/lib/api/route";
import { handleReplicateWebhook } from "@/lib/tasks/handle-webhook";

export const runtime = "edge";

// POST /api/webhooks/replicate?task=:id – signed prediction events; verified before anything is parsed.
export const POST = apiRoute("POST /api/webhooks/replicate", async (request, { app }) => {
  const outcome = await handleReplicateWebhook(app, {
    rawBody: await request.text(),
    headers: request.headers,
    taskId: new URL(request.url).searchParams.get("task"),
  });
  return json({ ok: true, outcome });
});
