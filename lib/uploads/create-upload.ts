import type { App } from "@/lib/app";
import { AppError } from "@/lib/errors";
import { readBodyBytes } from "@/lib/api/body";
import { putImage } from "@/lib/storage";
import { UPLOAD_CONTENT_TYPES, UPLOAD_MAX_BYTES, UPLOAD_MAX_SIDE_PX } from "@/lib/uploads/limits";
import { sniffImage } from "@/lib/uploads/sniff-image";
import { insertUpload } from "@/db/queries/uploads";
import type { Upload } from "@/db/schema";

const EXTENSIONS = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" } as const;
const ACCEPTED = "PNG, JPEG or WebP";

const newUploadId = () => `upl_${crypto.randomUUID().replace(/-/g, "")}`;

/**
 * Stores an image someone will edit: the declared type must be one we take (415), the bytes at most 10 MB (413,
 * also checked by the route before the handler runs) and really PNG/JPEG/WebP (415; the bytes decide the type),
 * at most 4096 px a side (422).
 */
export async function createUpload(app: App, userId: string, request: Request): Promise<Upload> {
  const declared = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!(UPLOAD_CONTENT_TYPES as readonly string[]).includes(declared)) {
    throw new AppError("unsupported_media_type", `Upload a ${ACCEPTED} image (Content-Type ${UPLOAD_CONTENT_TYPES.join(", ")}).`);
  }
  const bytes = await readBodyBytes(request, UPLOAD_MAX_BYTES);
  const image = sniffImage(bytes);
  if (!image) throw new AppError("unsupported_media_type", `These bytes are not a ${ACCEPTED} image.`);
  if (image.width > UPLOAD_MAX_SIDE_PX || image.height > UPLOAD_MAX_SIDE_PX) {
    throw new AppError("invalid_input", `The image is ${image.width}×${image.height} px; each side may be at most ${UPLOAD_MAX_SIDE_PX} px.`);
  }
  const id = newUploadId();
  const r2Key = `uploads/${id}.${EXTENSIONS[image.contentType]}`;
  await putImage(app.images, r2Key, bytes, image.contentType);
  return insertUpload(app.db, {
    upload: {
      id,
      userId,
      r2Key,
      contentType: image.contentType,
      width: image.width,
      height: image.height,
      bytes: bytes.byteLength,
      createdAt: app.now(),
    },
  });
}

export function presentUpload(upload: Upload) {
  return {
    id: upload.id,
    url: `/api/uploads/${upload.id}`,
    width: upload.width,
    height: upload.height,
    content_type: upload.contentType,
    bytes: upload.bytes,
  };
}
