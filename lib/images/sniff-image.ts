import "server-only";
import { JPG } from "image-size/types/jpg";
import { PNG } from "image-size/types/png";
import { WEBP } from "image-size/types/webp";
import type { ImageType } from "@/lib/shared/image-types";

export interface SniffedImage {
  contentType: ImageType;
  width: number;
  height: number;
}

// Only the three detectors we accept, so the bundle carries none of image-size's other formats.
const DETECTORS = [
  { contentType: "image/png", detector: PNG },
  { contentType: "image/jpeg", detector: JPG },
  { contentType: "image/webp", detector: WEBP },
] as const;

/**
 * What the bytes are, whatever the request or the provider claimed: PNG, JPEG or WebP with their pixel size, else
 * null. A header that matches but cannot be measured (a truncated file) counts as not an image.
 */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  for (const { contentType, detector } of DETECTORS) {
    if (!detector.validate(bytes)) continue;
    try {
      const { width, height } = detector.calculate(bytes);
      if (Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) {
        return { contentType, width, height };
      }
    } catch {
      // A malformed header: not an image we can accept.
    }
    return null;
  }
  return null;
}
