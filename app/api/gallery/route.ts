import { apiRoute, json } from "@/lib/http/route";
import { parseSearchParams } from "@/lib/http/body";
import { galleryQuerySchema } from "@/lib/shared/api/page-query";
import { listPublicGallery } from "@/lib/tasks/read-tasks";

export const runtime = "edge";

// GET /api/gallery – public, succeeded tasks of everyone, newest first (or most relevant first with `q`).
export const GET = apiRoute("GET /api/gallery", async (request, { app, viewerId }) => {
  const query = parseSearchParams(request, galleryQuerySchema);
  return json(await listPublicGallery(app, await viewerId(), query), 200, { "cache-control": "no-store" });
});
