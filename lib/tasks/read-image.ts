import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { isImageType } from "@/lib/shared/image-types";
import { IMAGE_RESPONSE_HEADERS } from "@/lib/images/image-response";
import { readImage } from "@/lib/images/r2-store";
import { getVisibleTask } from "@/lib/tasks/visibility";

/** The bytes of one output, with the task's visibility rules; images never change once stored. */
export async function readTaskImage(app: App, taskId: string, index: number, viewerId: string | null): Promise<Response> {
  const task = await getVisibleTask(app, taskId, viewerId);
  const key = task.outputKeys[index];
  if (key === undefined) throw new AppError("not_found", "This task has no image with that number.");
  const object = await readImage(app.images, key);
  if (!object) throw new AppError("not_found", "The image file is missing from storage.");
  const stored = object.httpMetadata?.contentType;
  const headers = new Headers({
    ...IMAGE_RESPONSE_HEADERS,
    // Files stored before outputs were checked by their bytes are offered as downloads, never rendered.
    "content-type": isImageType(stored) ? stored : "application/octet-stream",
    "cache-control": task.isPrivate ? "private, max-age=86400" : "public, max-age=31536000, immutable",
    etag: object.httpEtag,
  });
  if (!isImageType(stored)) headers.set("content-disposition", "attachment");
  return new Response(object.body, { headers });
}
