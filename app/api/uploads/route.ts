import { apiRoute, json } from "@/lib/api/route";
import { createUpload, presentUpload } from "@/lib/uploads/create-upload";
import { UPLOAD_CONTENT_TYPES, UPLOAD_MAX_BYTES } from "@/lib/uploads/limits";

export const runtime = "edge";

// POST /api/uploads – an image to edit (PNG/JPEG/WebP by its bytes, ≤ 10 MB, ≤ 4096 px a side), private to its owner.
export const POST = apiRoute(
  "POST /api/uploads",
  async (request, { app, userId }) => {
    const upload = await createUpload(app, await userId(), request);
    return json({ upload: presentUpload(upload) }, 201);
  },
  { bodyTypes: UPLOAD_CONTENT_TYPES, maxBodyBytes: UPLOAD_MAX_BYTES },
);
