import type { ImageSize } from "@/lib/shared/image-types";
import { OUTPAINT_PRESETS, outpaintSize } from "@/lib/shared/models/outpaint";
import type { TaskView } from "@/lib/shared/task-view";

type OutpaintPreset = (typeof OUTPAINT_PRESETS)[number];

/** Where the image sits inside the frame a preset gives it, in percent of that frame, for the preview before paying. */
export interface FramePreview {
  frame: ImageSize;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The new frame and the image's place in it: zooming out and squaring keep the image in the middle; extending one side
 * leaves the image against the opposite edge (extend left: the new part is on the left).
 */
export function framePreview(preset: OutpaintPreset, size: ImageSize): FramePreview {
  const frame = outpaintSize(preset, size);
  const spareX = frame.width - size.width;
  const spareY = frame.height - size.height;
  const x = preset === "Left outpaint" ? spareX : preset === "Right outpaint" ? 0 : spareX / 2;
  const y = preset === "Top outpaint" ? spareY : preset === "Bottom outpaint" ? 0 : spareY / 2;
  const percent = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);
  return {
    frame,
    left: percent(x, frame.width),
    top: percent(y, frame.height),
    width: percent(size.width, frame.width),
    height: percent(size.height, frame.height),
  };
}

const isPreset = (value: unknown): value is OutpaintPreset => (OUTPAINT_PRESETS as readonly unknown[]).includes(value);

/**
 * For an expansion's before/after: where the image it started from sits in the result. The place in percent follows
 * from the preset alone (a square stand-in gives it; "make square" centres the image, which the slider's own fit does).
 */
export function expansionPlacement(task: TaskView) {
  const preset = task.settings.outpaint;
  const after = task.images[0];
  if (!isPreset(preset) || !after?.width || !after.height) return undefined;
  const { frame: _, ...box } = framePreview(preset, { width: 1200, height: 1200 });
  return { size: { width: after.width, height: after.height }, box };
}
