import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { putImage, uploadKey } from "@/lib/images/r2-store";
import { inspectImage } from "@/lib/images/sniff-image";
import type { Payer } from "@/lib/spend/budgets";
import { releaseUploadQuota, reserveUploadQuota } from "@/lib/spend/upload-limits";
import type { UploadView } from "@/lib/shared/api/uploads";
import { IMAGE_TYPES, isImageType, type ImageType } from "@/lib/shared/image-types";
import { UPLOAD_MAX_SIDE_PX } from "@/lib/shared/limits";
import { insertUpload } from "@/db/queries/uploads";
import type { Upload } from "@/db/schema";

const ACCEPTED = "PNG, JPEG or WebP";
const FORMAT_NAMES: Record<ImageType, string> = { "image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP" };

const newUploadId = () => `upl_${crypto.randomUUID().replace(/-/g, "")}`;

export interface UploadedBytes {
  /** The media type the request declared. */
  declaredType: string;
  /** The body, already read through the upload byte cap. */
  bytes: Uint8Array;
}

/**
 * Stores an image someone will edit: the declared type must be one we take (415) and the bytes really PNG/JPEG/WebP
 * (415; the bytes decide the type), one whole image with nothing after its end, whose header, pixel data and
 * declared lengths agree (422), at most UPLOAD_MAX_SIDE_PX a side (422), within the uploader's daily byte quotas
 * (429). Nothing is stored or counted for a refused upload; the byte cap (413) and the per-minute limits are the
 * route's.
 */
export async function createUpload(app: App, uploader: Payer, { declaredType, bytes }: UploadedBytes): Promise<Upload> {
  if (!isImageType(declaredType)) {
    throw new AppError("unsupported_media_type", `Upload a ${ACCEPTED} image (Content-Type ${IMAGE_TYPES.join(", ")}).`);
  }
  const inspection = inspectImage(bytes);
  if (inspection.kind === "unknown") throw new AppError("unsupported_media_type", `These bytes are not a ${ACCEPTED} image.`);
  if (inspection.kind === "malformed") {
    const format = FORMAT_NAMES[inspection.contentType];
    throw new AppError("invalid_input", `This is not a whole ${format} image: ${inspection.problem}. Upload the image file alone, as it was saved.`);
  }
  const { image } = inspection;
  if (image.width > UPLOAD_MAX_SIDE_PX || image.height > UPLOAD_MAX_SIDE_PX) {
    throw new AppError("invalid_input", `The image is ${image.width}×${image.height} px; each side may be at most ${UPLOAD_MAX_SIDE_PX} px.`);
  }
  const reservation = await reserveUploadQuota(app, uploader, bytes.byteLength);
  const id = newUploadId();
  const r2Key = uploadKey(id, image.contentType);
  try {
    await putImage(app.images, r2Key, bytes, image.contentType);
    return await insertUpload(app.db, {
      upload: {
        id,
        userId: uploader.userId,
        r2Key,
        contentType: image.contentType,
        width: image.width,
        height: image.height,
        bytes: bytes.byteLength,
        createdAt: app.now(),
      },
    });
  } catch (error) {
    // Not stored after all: neither an object nobody can name nor bytes counted against the quotas.
    await Promise.allSettled([app.images.delete(r2Key), releaseUploadQuota(app, reservation)]);
    throw error;
  }
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
