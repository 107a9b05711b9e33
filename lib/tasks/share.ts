import { cache } from "react";
import { getRequestContext } from "@cloudflare/next-on-pages";
import { cookies } from "next/headers";
import { createApp, type Bindings } from "@/lib/app";
import { AppError } from "@/lib/errors";
import { sessionCookieName, verifySession } from "@/lib/session";
import { getVisibleTask } from "@/lib/tasks/read-tasks";
import { presentTask, type TaskView } from "@/lib/tasks/present-task";

export interface SharedTask {
  task: TaskView;
  /** Absolute URLs, for Open Graph and Twitter cards (crawlers need the full address). */
  imageUrl: string | null;
  pageUrl: string;
}

/**
 * The task a share page shows: anyone's public task, or a private one to its owner alone (null otherwise, which the
 * page answers with 404). Cached per request, so the metadata and the page read the row once. Reading the cookie
 * never mints a session here: a share page is often a crawler's first and only visit.
 */
export const getSharedTask = cache(async (locale: string, taskId: string): Promise<SharedTask | null> => {
  const app = createApp(getRequestContext().env as unknown as Bindings, { processEnv: process.env });
  const cookie = (await cookies()).get(sessionCookieName(app.env.APP_URL.startsWith("https:")))?.value;
  const viewerId = await verifySession(cookie, app.env.SESSION_SECRET);
  try {
    const task = presentTask(await getVisibleTask(app, taskId, viewerId));
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
});
