import { apiRoute } from "@/lib/http/route";
import { parseSearchParams } from "@/lib/http/body";
import { readSignedInputImage } from "@/lib/images/read-upload";
import { inputImageQuerySchema } from "@/lib/shared/api/images";

export const runtime = "edge";

// GET /api/input-images?key&exp&sig – the image a provider edits, through a short-lived signed URL (403 otherwise).
export const GET = apiRoute("GET /api/input-images", async (request, { app }) => {
  return readSignedInputImage(app, parseSearchParams(request, inputImageQuerySchema));
});
