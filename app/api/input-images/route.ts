import * as z from "zod";
import { apiRoute } from "@/lib/api/route";
import { parseSearchParams } from "@/lib/api/body";
import { readSignedInputImage } from "@/lib/uploads/read-upload";

export const runtime = "edge";

const querySchema = z.object({
  key: z.string().min(1).max(300),
  exp: z.coerce.number().int(),
  sig: z.string().min(1).max(100),
});

// GET /api/input-images?key&exp&sig – the image a provider edits, through a short-lived signed URL (403 otherwise).
export const GET = apiRoute("GET /api/input-images", async (request, { app }) => {
  return readSignedInputImage(app, parseSearchParams(request, querySchema));
});
