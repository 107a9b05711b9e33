import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import type { RunView } from "@/lib/shared/api/runs";
import { readVisibleRun } from "@/lib/runs/read-run";

export interface SharedRun {
  run: RunView;
  /** Absolute URLs, for the Open Graph and Twitter cards (crawlers need the full address). */
  imageUrl: string | null;
  pageUrl: string;
}

/** The run a run page shows: anyone's public run, or a private one to its owner alone (null otherwise: a 404). */
export async function getSharedRun(app: App, locale: string, runId: string, viewerId: string | null): Promise<SharedRun | null> {
  try {
    const run = await readVisibleRun(app, runId, viewerId);
    // The preview card shows the first image that is finished.
    const image = run.tasks.find((task) => task.status === "succeeded" && task.images.length > 0)?.images[0];
    return {
      run,
      imageUrl: image ? `${app.env.APP_URL}${image.url}` : null,
      pageUrl: `${app.env.APP_URL}/${locale}/r/${encodeURIComponent(run.id)}`,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}
