import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { putImage, uploadKey } from "@/lib/images/r2-store";
import { sniffImage } from "@/lib/images/sniff-image";
import type { UploadView } from "@/lib/shared/api/uploads";
import { IMAGE_TYPES, isImageType } from "@/lib/shared/image-types";
import { UPLOAD_MAX_SIDE_PX } from "@/lib/shared/limits";
import { insertUpload } from "@/db/queries/uploads";
import type { Upload } from "@/db/schema";

const ACCEPTED = "PNG, JPEG or WebP";

const newUploadId = () => `upl_${crypto.randomUUID().replace(/-/g, "")}`;

export interface UploadedBytes {
  /** The media type the request declared. */
  declaredType: string;
  /** The body, already read through the upload byte cap. */
  bytes: Uint8Array;
}

/**
 * Stores an image someone will edit: the declared type must be one we take (415) and the bytes really PNG/JPEG/WebP
 * (415; the bytes decide the type), at most UPLOAD_MAX_SIDE_PX a side (422). The byte cap (413) is the route's.
 */
export async function createUpload(app: App, userId: string, { declaredType, bytes }: UploadedBytes): Promise<Upload> {
  if (!isImageType(declaredType)) {
    throw new AppError("unsupported_media_type", `Upload a ${ACCEPTED} image (Content-Type ${IMAGE_TYPES.join(", ")}).`);
  }
  const image = sniffImage(bytes);
  if (!image) throw new AppError("unsupported_media_type", `These bytes are not a ${ACCEPTED} image.`);
  if (image.width > UPLOAD_MAX_SIDE_PX || image.height > UPLOAD_MAX_SIDE_PX) {
    throw new AppError("invalid_input", `The image is ${image.width}×${image.height} px; each side may be at most ${UPLOAD_MAX_SIDE_PX} px.`);
  }
  const id = newUploadId();
  const r2Key = uploadKey(id, image.contentType);
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

export function presentUpload(upload: Upload): UploadView {
  return {
    id: upload.id,
    url: `/api/uploads/${upload.id}`,
    width: upload.width,
    height: upload.height,
    content_type: upload.contentType,
    bytes: upload.bytes,
  };
}
