import type { Dictionary } from "@/lib/shared/i18n/en";
import { format } from "@/lib/shared/i18n/format";
import type { TaskView } from "@/lib/shared/task-view";

/** The pixel size of a finished task's first image (what an upscale or an expansion made), when it was measured. */
export function PixelSize({ task, strings, className }: { task: TaskView; strings: Dictionary["imageTools"]; className?: string }) {
  const image = task.images[0];
  if (task.status !== "succeeded" || !image?.width || !image.height) return null;
  return (
    <span className={className} data-testid="pixel-size">
      <span className="sr-only">{strings.sizeLabel}: </span>
      {format(strings.newSize, { width: image.width, height: image.height })}
    </span>
  );
}
