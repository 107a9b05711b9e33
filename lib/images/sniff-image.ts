import "server-only";
import { JPG } from "image-size/types/jpg";
import { PNG } from "image-size/types/png";
import { WEBP } from "image-size/types/webp";
import { checkImageStructure } from "@/lib/images/image-structure";
import type { ImageType } from "@/lib/shared/image-types";

export interface SniffedImage {
  contentType: ImageType;
  width: number;
  height: number;
}

/**
 * What the bytes are: one whole PNG, JPEG or WebP image (`image`), bytes of none of these formats (`unknown`), or
 * the start of one of them that is not a whole image or carries more than one (`malformed`, with the reason).
 */
export type ImageInspection =
  | { kind: "image"; image: SniffedImage }
  | { kind: "unknown" }
  | { kind: "malformed"; contentType: ImageType; problem: string };

// Only the three detectors we accept, so the bundle carries none of image-size's other formats.
const DETECTORS = [
  { contentType: "image/png", detector: PNG },
  { contentType: "image/jpeg", detector: JPG },
  { contentType: "image/webp", detector: WEBP },
] as const;

/**
 * Reads the type and pixel size from the header (image-size), then walks the whole file (image-structure.ts): the
 * header, the image data's size and the container's declared lengths must agree, with nothing after the image's
 * end. Whatever the request or the provider claimed, the bytes decide.
 */
export function inspectImage(bytes: Uint8Array): ImageInspection {
  for (const { contentType, detector } of DETECTORS) {
    const malformed = (problem: string): ImageInspection => ({ kind: "malformed", contentType, problem });
    let header: { width?: number; height?: number };
    try {
      if (!detector.validate(bytes)) continue;
      header = detector.calculate(bytes);
    } catch {
      return malformed("its header cannot be read");
    }
    const { width, height } = header;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width! <= 0 || height! <= 0) return malformed("its header has no size");
    const structure = checkImageStructure(contentType, bytes);
    if (!structure.ok) return malformed(structure.problem);
    if (structure.width !== width || structure.height !== height) {
      return malformed(`its header says ${width}×${height} px but its image data is ${structure.width}×${structure.height} px`);
    }
    return { kind: "image", image: { contentType, width: structure.width, height: structure.height } };
  }
  return { kind: "unknown" };
}

/** The image the bytes are, or null unless they are one whole PNG, JPEG or WebP image (see inspectImage). */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  const inspection = inspectImage(bytes);
  return inspection.kind === "image" ? inspection.image : null;
}
