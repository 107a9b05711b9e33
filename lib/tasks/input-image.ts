import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { INPUT_IMAGE_FORMAT, parseInputImageRef } from "@/lib/shared/input-image-ref";
import { getVisibleTask } from "@/lib/tasks/visibility";
import { getTaskById } from "@/db/queries/tasks";
import { getUploadById } from "@/db/queries/uploads";

const notVisible = () => new AppError("not_found", "input_image: there is no such image, or it is not yours to edit.");

/** The R2 key of the image `ref` names, if `viewerId` may see it (404 otherwise: uploads are their owner's alone). */
export async function resolveVisibleInputImage(app: App, ref: string, viewerId: string): Promise<string> {
  const parsed = parseInputImageRef(ref);
  if (!parsed) throw new AppError("invalid_input", `input_image: must be ${INPUT_IMAGE_FORMAT}.`);
  if (parsed.kind === "upload") {
    const upload = await getUploadById(app.db, { id: parsed.uploadId });
    if (!upload || upload.userId !== viewerId) throw notVisible();
    return upload.r2Key;
  }
  const task = await getVisibleTask(app, parsed.taskId, viewerId).catch(() => {
    throw notVisible();
  });
  const key = task.outputKeys[parsed.index];
  if (key === undefined) throw notVisible();
  return key;
}

/** The R2 key behind a stored reference (visibility was checked when the task was created), or null if gone. */
export async function inputImageKey(app: App, ref: string): Promise<string | null> {
  const parsed = parseInputImageRef(ref);
  if (!parsed) return null;
  if (parsed.kind === "upload") return (await getUploadById(app.db, { id: parsed.uploadId }))?.r2Key ?? null;
  return (await getTaskById(app.db, { id: parsed.taskId }))?.outputKeys[parsed.index] ?? null;
}
