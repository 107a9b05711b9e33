import type { ImageSize } from "@/lib/shared/image-types";

/**
 * The upscaler's factors as the app offers them (`scale`), and google/upscaler's own spelling (`upscale_factor`
 * "x2" | "x4"; replicate.com/google/upscaler/api, version cea869a8…, as third-party clients of it quote the schema —
 * the version page itself was not reachable here).
 */
export const UPSCALE_FACTORS = [2, 4] as const;
export type UpscaleFactor = (typeof UPSCALE_FACTORS)[number];

/**
 * The largest image the upscaler makes: Google's Imagen upscale, behind google/upscaler, has a "Maximum output
 * resolution: 17 megapixels" (docs.cloud.google.com/vertex-ai/generative-ai/docs/models/imagen/4-0-upscale). Counted
 * as 17,000,000 pixels, the stricter reading, so nothing the app sends is refused by the provider after it is paid for.
 */
export const UPSCALE_MAX_OUTPUT_PIXELS = 17_000_000;

/** The largest file the upscaler reads: "Maximum image size: 10MB" (the same Google page). */
export const UPSCALE_MAX_INPUT_BYTES = 10 * 1024 * 1024;

export function upscaledSize({ width, height }: ImageSize, factor: UpscaleFactor): ImageSize {
  return { width: width * factor, height: height * factor };
}

/** The factors an image of `size` can be upscaled by without passing the provider's output limit. */
export function upscaleFactorsFor(size: ImageSize): UpscaleFactor[] {
  return UPSCALE_FACTORS.filter((factor) => {
    const out = upscaledSize(size, factor);
    return out.width * out.height <= UPSCALE_MAX_OUTPUT_PIXELS;
  });
}
