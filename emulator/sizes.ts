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
