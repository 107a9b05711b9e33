import type { App } from "@/lib/app";
import { AppError } from "@/lib/errors";
import { readImage } from "@/lib/storage";
import { getVisibleTask } from "@/lib/tasks/read-tasks";

/** The bytes of one output, with the task's visibility rules; images never change once stored. */
export async function readTaskImage(app: App, taskId: string, index: number, viewerId: string | null): Promise<Response> {
  const task = await getVisibleTask(app, taskId, viewerId);
  const key = task.outputKeys[index];
  if (key === undefined) throw new AppError("not_found", "This task has no image with that number.");
  const object = await readImage(app.images, key);
  if (!object) throw new AppError("not_found", "The image file is missing from storage.");
  const headers = new Headers({
    "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
    "cache-control": task.isPrivate ? "private, max-age=86400" : "public, max-age=31536000, immutable",
    etag: object.httpEtag,
    "x-content-type-options": "nosniff",
  });
  return new Response(object.body, { headers });
}
