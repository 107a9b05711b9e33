import type { ImageSize } from "@/lib/shared/image-types";

/**
 * flux-fill-pro's `outpaint` presets, spelled as Replicate's schema spells them (black-forest-labs/flux-fill-pro,
 * version 9609ba73…/api: "A quick option for outpainting an input image. Mask will be ignored."; the options as
 * Replicate's resellers list them, e.g. apiframe.ai's Flux Fill Pro page). Its default, "None", is the app's "no
 * preset" and is never sent.
 */
export const OUTPAINT_PRESETS = [
  "Zoom out 1.5x",
  "Zoom out 2x",
  "Make square",
  "Left outpaint",
  "Right outpaint",
  "Top outpaint",
  "Bottom outpaint",
] as const;
type OutpaintPreset = (typeof OUTPAINT_PRESETS)[number];

/** How much a one-sided preset adds: half the side it extends (the provider does not publish its own figure). */
const ONE_SIDE_FACTOR = 1.5;

/**
 * The frame a preset gives an image of `size`, for the studio's preview before paying and for the emulator's copy of
 * the rule. Neither Replicate nor Black Forest Labs publishes the preset sizes, so this is the app's documented rule:
 * zoom out 1.5× / 2× scales both sides; make square pads the shorter side to the longer; left/right adds half the
 * width, top/bottom half the height. Sides are rounded to whole pixels.
 * The studio's expand preview uses it; the route tests check the emulator's outputs against it.
 */
export function outpaintSize(preset: OutpaintPreset, { width, height }: ImageSize): ImageSize {
  switch (preset) {
    case "Zoom out 1.5x":
      return { width: Math.round(width * 1.5), height: Math.round(height * 1.5) };
    case "Zoom out 2x":
      return { width: width * 2, height: height * 2 };
    case "Make square": {
      const side = Math.max(width, height);
      return { width: side, height: side };
    }
    case "Left outpaint":
    case "Right outpaint":
      return { width: Math.round(width * ONE_SIDE_FACTOR), height };
    case "Top outpaint":
    case "Bottom outpaint":
      return { width, height: Math.round(height * ONE_SIDE_FACTOR) };
  }
}
