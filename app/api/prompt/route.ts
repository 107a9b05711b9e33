import { apiRoute, json } from "@/lib/http/route";
import { parseJsonBody } from "@/lib/http/body";
import { improvePrompt } from "@/lib/prompts/improve-prompt";
import { promptBodySchema } from "@/lib/shared/api/prompt";

export const runtime = "edge";

// POST /api/prompt – prompt help through Gemini.
export const POST = apiRoute("POST /api/prompt", async (request, { app, userId, clientKey }) => {
  const body = await parseJsonBody(request, promptBodySchema);
  return json(await improvePrompt(app, { userId: await userId(), clientKey: await clientKey() }, body));
});
