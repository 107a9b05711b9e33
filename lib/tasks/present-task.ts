import "server-only";
import type { Task } from "@/db/schema";
import { isErrorCode } from "@/lib/shared/error-codes";
import { isModelKey, MODEL_CARDS } from "@/lib/shared/models/catalogue";
import type { TaskView } from "@/lib/shared/task-view";
import { inputImageViewUrl } from "@/lib/shared/input-image-ref";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The public shape of a task (the HTTP API's `task`) as `viewerId` sees it; images are served by the app, never by
 * the provider. A star is its owner's: anyone else viewing a public task reads `starred: false`.
 */
export function presentTask(task: Task, viewerId: string | null): TaskView {
  return {
    id: task.id,
    status: task.status,
    progress: task.progress,
    model: task.modelKey,
    prompt: task.prompt,
    aspect_ratio: task.aspectRatio,
    is_private: task.isPrivate,
    locale: task.locale,
    seed: task.seed,
    seed_reproducible: isSeedReproducible(task),
    parent_id: task.parentId,
    run_id: task.runId,
    starred: task.starredAt !== null && task.userId === viewerId,
    input_image: task.inputImage === null ? null : { url: inputImageViewUrl(task.inputImage) ?? "", ref: task.inputImage },
    input_images: task.inputImages.map((ref) => ({ url: inputImageViewUrl(ref) ?? "", ref })),
    mask: task.mask === null ? null : { url: inputImageViewUrl(task.mask) ?? "", ref: task.mask },
    settings: { ...task.params },
    images: task.outputKeys.map((_, index) => ({
      url: `/api/images/${task.id}/${index}`,
      width: task.outputSizes[index]?.width ?? null,
      height: task.outputSizes[index]?.height ?? null,
    })),
    // A row written before a code was renamed still reads as a failure the studio can explain.
    error: task.errorCode ? { code: isErrorCode(task.errorCode) ? task.errorCode : "internal", message: task.errorMessage ?? "" } : null,
    cost_usd: task.costUsd,
    cancel_requested: task.cancelRequestedAt !== null,
    created_at: new Date(task.createdAt).toISOString(),
    started_at: iso(task.startedAt),
    completed_at: iso(task.completedAt),
  };
}

/** go_fast is cog-flux's default, so only a task that turned it off reproduces exactly from its seed. */
function isSeedReproducible(task: Task): boolean {
  const hasGoFast = isModelKey(task.modelKey) ? MODEL_CARDS[task.modelKey].hasGoFast : false;
  return !hasGoFast || task.params.go_fast === false;
}
