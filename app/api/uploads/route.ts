import { mediaTypeOf, readBodyBytes } from "@/lib/http/body";
import { apiRoute, json } from "@/lib/http/route";
import { createUpload, presentUpload } from "@/lib/images/create-upload";
import { IMAGE_TYPES } from "@/lib/shared/image-types";
import { UPLOAD_MAX_BYTES } from "@/lib/shared/limits";

export const runtime = "edge";

// POST /api/uploads – an image to edit (PNG/JPEG/WebP by its bytes, ≤ UPLOAD_MAX_BYTES, ≤ UPLOAD_MAX_SIDE_PX a side),
// private to its owner.
export const POST = apiRoute(
  "POST /api/uploads",
  async (request, { app, userId }) => {
    const owner = await userId();
    const upload = await createUpload(app, owner, {
      declaredType: mediaTypeOf(request) ?? "",
      bytes: await readBodyBytes(request, UPLOAD_MAX_BYTES),
    });
    return json({ upload: presentUpload(upload) }, 201);
  },
  { bodyTypes: IMAGE_TYPES, maxBodyBytes: UPLOAD_MAX_BYTES },
);
