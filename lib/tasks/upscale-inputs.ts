import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { UPSCALE_MAX_INPUT_BYTES, UPSCALE_MAX_OUTPUT_PIXELS, type UpscaleFactor, upscaleFactorsFor, upscaledSize } from "@/lib/shared/models/upscale";
import { sizeOfVisibleImage } from "@/lib/tasks/image-size";
import type { VisibleImage } from "@/lib/tasks/input-image";

/**
 * Refuses, before anything is reserved, an upscale of a file larger than the provider reads (413; an output of another
 * model can be larger than an upload) or whose output would pass the provider's largest image (422).
 */
export async function checkUpscaleRequest(app: App, image: VisibleImage, scale: UpscaleFactor): Promise<void> {
  const stored = await app.images.head(image.key);
  if (stored && stored.size > UPSCALE_MAX_INPUT_BYTES) {
    const mebibytes = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);
    throw new AppError(
      "payload_too_large",
      `input_image: the file is ${mebibytes(stored.size)} MB; the upscaler reads at most ${UPSCALE_MAX_INPUT_BYTES / (1024 * 1024)} MB.`,
    );
  }
  const size = await sizeOfVisibleImage(app, image, "input_image");
  const out = upscaledSize(size, scale);
  if (out.width * out.height <= UPSCALE_MAX_OUTPUT_PIXELS) return;
  const fits = upscaleFactorsFor(size);
  const advice = fits.length > 0 ? `Choose ${fits.map((factor) => `${factor}×`).join(" or ")}.` : "This image is too large to upscale.";
  throw new AppError(
    "invalid_input",
    `scale: ${size.width}×${size.height} px × ${scale} would be ${out.width}×${out.height} px; the upscaler makes at most ${UPSCALE_MAX_OUTPUT_PIXELS / 1_000_000} megapixels. ${advice}`,
  );
}
