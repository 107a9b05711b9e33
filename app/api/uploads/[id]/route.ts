import * as z from "zod";
import { apiRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/body";
import { readUploadImage } from "@/lib/uploads/read-upload";

export const runtime = "edge";

const paramsSchema = z.object({ id: z.string().min(1).max(100) });

// GET /api/uploads/:id – the uploaded image's bytes, for its owner alone.
export const GET = apiRoute<{ id: string }>("GET /api/uploads/:id", async (_request, { app, params, viewerId }) => {
  const { id } = parseWith(paramsSchema, params);
  return readUploadImage(app, id, await viewerId());
});
