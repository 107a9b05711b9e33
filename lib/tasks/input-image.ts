import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import type { ImageSize } from "@/lib/shared/image-types";
import { INPUT_IMAGE_FORMAT, parseInputImageRef } from "@/lib/shared/input-image-ref";
import { getVisibleTask } from "@/lib/tasks/visibility";
import { getTaskById } from "@/db/queries/tasks";
import { getUploadById } from "@/db/queries/uploads";

/** An image a request names, once the caller may see it: where it lives and, when known, its size. */
export interface VisibleImage {
  key: string;
  size: ImageSize | null;
}

/**
 * The image `ref` names, if `viewerId` may see it (404 otherwise: uploads are their owner's alone). `field` names
 * the request's field in the error (`input_image`, `input_images[1]`).
 */
export async function resolveVisibleInputImage(app: App, ref: string, viewerId: string, field = "input_image"): Promise<VisibleImage> {
  const parsed = parseInputImageRef(ref);
  if (!parsed) throw new AppError("invalid_input", `${field}: must be ${INPUT_IMAGE_FORMAT}.`);
  const notVisible = () => new AppError("not_found", `${field}: there is no such image, or it is not yours to use.`);
  if (parsed.kind === "upload") {
    const upload = await getUploadById(app.db, { id: parsed.uploadId });
    if (!upload || upload.userId !== viewerId) throw notVisible();
    return { key: upload.r2Key, size: { width: upload.width, height: upload.height } };
  }
  const task = await getVisibleTask(app, parsed.taskId, viewerId).catch(() => {
    throw notVisible();
  });
  const key = task.outputKeys[parsed.index];
  if (key === undefined) throw notVisible();
  return { key, size: task.outputSizes[parsed.index] ?? null };
}

/** The R2 key behind a stored reference (visibility was checked when the task was created), or null if gone. */
export async function inputImageKey(app: App, ref: string): Promise<string | null> {
  const parsed = parseInputImageRef(ref);
  if (!parsed) return null;
  if (parsed.kind === "upload") return (await getUploadById(app.db, { id: parsed.uploadId }))?.r2Key ?? null;
  return (await getTaskById(app.db, { id: parsed.taskId }))?.outputKeys[parsed.index] ?? null;
}
