import { apiRoute, json } from "@/lib/http/route";
import { buildOpenApiDocument } from "@/lib/http/openapi";

export const runtime = "edge";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

// GET /api/openapi.json – the HTTP API as an OpenAPI 3.1 document, built once per isolate from the route schemas.
export const GET = apiRoute("GET /api/openapi.json", async () => {
  document ??= buildOpenApiDocument();
  return json(document, 200, { "cache-control": "public, max-age=300" });
});
