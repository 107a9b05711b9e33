import { apiRoute, json } from "@/lib/http/route";
import { parseSearchParams } from "@/lib/http/body";
import { pageQuerySchema } from "@/lib/shared/api/page-query";
import { listPublicGallery } from "@/lib/tasks/read-tasks";

export const runtime = "edge";

// GET /api/gallery – public, succeeded tasks of everyone, newest first.
export const GET = apiRoute("GET /api/gallery", async (request, { app, viewerId }) => {
  const { limit, cursor } = parseSearchParams(request, pageQuerySchema);
  return json(await listPublicGallery(app, await viewerId(), limit, cursor), 200, { "cache-control": "no-store" });
});
