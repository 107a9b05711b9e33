import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { readImage } from "@/lib/images/r2-store";
import { IMAGE_RESPONSE_HEADERS } from "@/lib/images/image-response";
import { verifyInputImageUrl } from "@/lib/images/signed-input-url";
import { getUploadById } from "@/db/queries/uploads";

function imageResponse(object: R2ObjectBody, cacheControl: string): Response {
  return new Response(object.body, {
    headers: {
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "cache-control": cacheControl,
      etag: object.httpEtag,
      ...IMAGE_RESPONSE_HEADERS,
    },
  });
}

/** An upload's bytes, for its owner alone (anyone else gets the same 404 as for an id that does not exist). */
export async function readUploadImage(app: App, id: string, viewerId: string | null): Promise<Response> {
  const upload = await getUploadById(app.db, { id });
  if (!upload || upload.userId !== viewerId) throw new AppError("not_found", "There is no upload with this id.");
  const object = await readImage(app.images, upload.r2Key);
  if (!object) throw new AppError("not_found", "The uploaded file is missing from storage.");
  return imageResponse(object, "private, max-age=86400");
}

/** The bytes behind a signed input-image URL; an expired or altered URL is a 403 whoever asks. */
export async function readSignedInputImage(app: App, query: { key: string; exp: number; sig: string }): Promise<Response> {
  if (!(await verifyInputImageUrl(app.env.SESSION_SECRET, query, app.now()))) {
    throw new AppError("forbidden", "This image link has expired or is not valid.");
  }
  const object = await readImage(app.images, query.key);
  if (!object) throw new AppError("not_found", "The image file is missing from storage.");
  return imageResponse(object, "private, no-store");
}
