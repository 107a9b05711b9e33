import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { maskMarksSomething } from "@/lib/images/mask-png";
import { readImage } from "@/lib/images/r2-store";
import { inspectImage } from "@/lib/images/sniff-image";
import { UPLOAD_MAX_BYTES } from "@/lib/shared/limits";
import { sizeOfVisibleImage } from "@/lib/tasks/image-size";
import { resolveVisibleInputImage, type VisibleImage } from "@/lib/tasks/input-image";

const MEBIBYTE = 1024 * 1024;
const FORMAT_NAMES = { "image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP" } as const;

/**
 * Checks a fill request before anything is reserved or stored: it names exactly one of a mask and an outpaint preset
 * (the provider ignores the mask when both are given), and a mask is an image the caller may see (404 otherwise), at
 * most the upload limit (413), a PNG by its bytes (415), the pixel size of the image it covers, and marks something
 * to repaint (422 otherwise: an all-black mask would pay for an unchanged picture).
 */
export async function checkFillRequest(
  app: App,
  viewerId: string,
  request: { image: VisibleImage; mask: string | undefined; outpaint: string | undefined },
): Promise<void> {
  const { image, mask, outpaint } = request;
  if (mask !== undefined && outpaint !== undefined) {
    throw new AppError("invalid_input", "Give either a mask (to repaint an area) or an outpaint preset (to extend the frame), not both.");
  }
  if (mask === undefined) {
    if (outpaint === undefined) throw new AppError("invalid_input", "Paint the area to change (mask) or choose an outpaint preset.");
    return;
  }
  const visible = await resolveVisibleInputImage(app, mask, viewerId, "mask");
  const object = await readImage(app.images, visible.key);
  if (!object) throw new AppError("not_found", "mask: the mask file is missing from storage.");
  if (object.size > UPLOAD_MAX_BYTES) {
    throw new AppError(
      "payload_too_large",
      `mask: the mask is ${(object.size / MEBIBYTE).toFixed(1)} MB; it may be at most ${UPLOAD_MAX_BYTES / MEBIBYTE} MB.`,
    );
  }
  const bytes = new Uint8Array(await object.arrayBuffer());
  const inspection = inspectImage(bytes);
  if (inspection.kind === "unknown") throw new AppError("unsupported_media_type", "mask: these bytes are not an image; send a black-and-white PNG.");
  if (inspection.kind === "malformed") throw new AppError("invalid_input", `mask: this is not a whole image: ${inspection.problem}.`);
  const { contentType, width, height } = inspection.image;
  if (contentType !== "image/png") {
    throw new AppError("unsupported_media_type", `mask: the mask is a ${FORMAT_NAMES[contentType]} image; send it as a black-and-white PNG.`);
  }
  const size = await sizeOfVisibleImage(app, image, "input_image");
  if (width !== size.width || height !== size.height) {
    throw new AppError(
      "invalid_input",
      `mask: the mask is ${width}×${height} px but the image is ${size.width}×${size.height} px; they must be the same size.`,
    );
  }
  let marked: boolean;
  try {
    marked = maskMarksSomething(bytes);
  } catch {
    throw new AppError("invalid_input", "mask: its pixels cannot be read; save it again as a PNG.");
  }
  if (!marked)
    throw new AppError("invalid_input", "mask: the mask is all black, so there is nothing to repaint. Paint (white) over what should change.");
}
