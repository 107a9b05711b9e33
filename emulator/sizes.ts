/** Pixel sizes per aspect ratio, as in replicate/cog-flux `ASPECT_RATIOS`. */
const FLUX_ASPECT_RATIOS = {
  "1:1": [1024, 1024],
  "16:9": [1344, 768],
  "21:9": [1536, 640],
  "3:2": [1216, 832],
  "2:3": [832, 1216],
  "4:5": [896, 1088],
  "5:4": [1088, 896],
  "3:4": [896, 1152],
  "4:3": [1152, 896],
  "9:16": [768, 1344],
  "9:21": [640, 1536],
} as const satisfies Record<string, readonly [number, number]>;

export type FluxAspectRatio = keyof typeof FLUX_ASPECT_RATIOS;

export const COG_FLUX_ASPECT_RATIOS = Object.keys(FLUX_ASPECT_RATIOS) as FluxAspectRatio[];
export const PRO_ASPECT_RATIOS = ["custom", "1:1", "16:9", "3:2", "2:3", "4:5", "5:4", "9:16", "3:4", "4:3"] as const;

/** FLUX Kontext's `aspect_ratio` options (Replicate's schema): the input's ratio, or a preset. */
export const KONTEXT_ASPECT_RATIOS = [
  "match_input_image",
  "1:1",
  "16:9",
  "9:16",
  "4:3",
  "3:4",
  "3:2",
  "2:3",
  "4:5",
  "5:4",
  "21:9",
  "9:21",
  "2:1",
  "1:2",
] as const;

export interface ImageSize {
  width: number;
  height: number;
}

function roundTo32(n: number): number {
  return Math.max(32, Math.round(n / 32) * 32);
}

/** The output size a FLUX model would produce for the (already validated) input. */
export function imageSizeFor(input: Record<string, unknown>): ImageSize {
  const ratio = typeof input.aspect_ratio === "string" ? input.aspect_ratio : "1:1";
  if (ratio === "custom") {
    const width = typeof input.width === "number" ? input.width : 1024;
    const height = typeof input.height === "number" ? input.height : 1024;
    return { width: roundTo32(width), height: roundTo32(height) };
  }
  const [width, height] = FLUX_ASPECT_RATIOS[ratio as FluxAspectRatio] ?? FLUX_ASPECT_RATIOS["1:1"];
  // cog-flux halves both sides for the 0.25 megapixel setting.
  if (input.megapixels === "0.25") return { width: Math.floor(width / 2), height: Math.floor(height / 2) };
  return { width, height };
}

/**
 * Kontext answers at about one megapixel with both sides multiples of 32 (BFL: "adjusts dimensions to the nearest
 * multiples of 32 pixels while staying at 1MP", help.bfl.ai "Aspect Ratios and Output Dimensions"), at the ratio asked for or, for match_input_image, the input's.
 */
export function kontextSizeFor(ratio: string, input: ImageSize | undefined): ImageSize {
  let aspect = 1;
  if (ratio === "match_input_image") {
    if (input) aspect = input.width / input.height;
  } else {
    const [w, h] = ratio.split(":").map(Number);
    if (w && h) aspect = w / h;
  }
  // BFL: Kontext's supported range is 3:7 to 7:3; a more extreme input is answered at the nearest end.
  aspect = Math.min(7 / 3, Math.max(3 / 7, aspect));
  const pixels = 1024 * 1024;
  return { width: roundTo32(Math.sqrt(pixels * aspect)), height: roundTo32(Math.sqrt(pixels / aspect)) };
}
