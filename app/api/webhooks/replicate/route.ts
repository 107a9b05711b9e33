import { apiRoute, json } from "@/lib/http/route";
import { readBodyText } from "@/lib/http/body";
import { handleReplicateWebhook, WEBHOOK_BODY_LIMIT_BYTES } from "@/lib/tasks/handle-webhook";

export const runtime = "edge";

// POST /api/webhooks/replicate?task=:id&sig=:sig – signed prediction events; capped and verified before anything is parsed.
export const POST = apiRoute(
  "POST /api/webhooks/replicate",
  async (request, { app }) => {
    const query = new URL(request.url).searchParams;
    const outcome = await handleReplicateWebhook(app, {
      rawBody: await readBodyText(request, WEBHOOK_BODY_LIMIT_BYTES),
      headers: request.headers,
      taskId: query.get("task"),
      sig: query.get("sig"),
    });
    return json({ ok: true, outcome });
  },
  { proof: "own", bodyTypes: "any", maxBodyBytes: WEBHOOK_BODY_LIMIT_BYTES },
);
