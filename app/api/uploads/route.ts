import { mediaTypeOf, readBodyBytes } from "@/lib/http/body";
import { apiRoute, json } from "@/lib/http/route";
import { createUpload, presentUpload } from "@/lib/images/create-upload";
import { enforceUploadRateLimits } from "@/lib/spend/upload-limits";
import { IMAGE_TYPES } from "@/lib/shared/image-types";
import { UPLOAD_MAX_BYTES } from "@/lib/shared/limits";

export const runtime = "edge";

// POST /api/uploads – an image to edit (one whole PNG/JPEG/WebP by its bytes, ≤ UPLOAD_MAX_BYTES, ≤ UPLOAD_MAX_SIDE_PX
// a side), private to its owner. Limited per minute per user and per client address (checked before the body is
// read) and in bytes per UTC day (UPLOAD_USER_BYTES_PER_DAY, UPLOAD_CLIENT_BYTES_PER_DAY): 429 with Retry-After.
export const POST = apiRoute(
  "POST /api/uploads",
  async (request, { app, userId, clientKey }) => {
    const uploader = { userId: await userId(), clientKey: await clientKey() };
    await enforceUploadRateLimits(app, uploader);
    const upload = await createUpload(app, uploader, {
      declaredType: mediaTypeOf(request) ?? "",
      bytes: await readBodyBytes(request, UPLOAD_MAX_BYTES),
    });
    return json({ upload: presentUpload(upload) }, 201);
  },
  { bodyTypes: IMAGE_TYPES, maxBodyBytes: UPLOAD_MAX_BYTES },
);
