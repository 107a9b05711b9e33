import { apiRoute, json } from "@/lib/http/route";
import { listModels } from "@/lib/models/list-models";

export const runtime = "edge";

// GET /api/models – every model the studio offers, with its limits and how its price follows the input.
export const GET = apiRoute("GET /api/models", async (_request, { app }) => {
  return json(listModels(app.env.MODEL_PRICES_USD), 200, { "cache-control": "no-store" });
});
