import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { presentTask } from "@/lib/tasks/present-task";
import { getVisibleTask } from "@/lib/tasks/visibility";
import type { TaskView } from "@/lib/shared/task-view";

export interface SharedTask {
  task: TaskView;
  /** Absolute URLs, for Open Graph and Twitter cards (crawlers need the full address). */
  imageUrl: string | null;
  pageUrl: string;
}

/**
 * The task a share page shows: anyone's public task, or a private one to its owner alone (null otherwise, which the
 * page answers with 404).
 */
export async function getSharedTask(app: App, locale: string, taskId: string, viewerId: string | null): Promise<SharedTask | null> {
  try {
    const task = presentTask(await getVisibleTask(app, taskId, viewerId), viewerId);
    const image = task.status === "succeeded" ? task.images[0] : undefined;
    return {
      task,
      imageUrl: image ? `${app.env.APP_URL}${image.url}` : null,
      pageUrl: `${app.env.APP_URL}/${locale}/t/${encodeURIComponent(task.id)}`,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}
