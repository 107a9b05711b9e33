import { apiRoute } from "@/lib/http/route";
import { parseWith } from "@/lib/http/body";
import { readUploadImage } from "@/lib/images/read-upload";
import { uploadParamsSchema } from "@/lib/shared/api/images";

export const runtime = "edge";

// GET /api/uploads/:id – the uploaded image's bytes, for its owner alone.
export const GET = apiRoute<{ id: string }>("GET /api/uploads/:id", async (_request, { app, params, viewerId }) => {
  const { id } = parseWith(uploadParamsSchema, params);
  return readUploadImage(app, id, await viewerId());
});
