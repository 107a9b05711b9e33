/**
 * The image formats the app takes and stores, decided by their bytes (lib/images/sniff-image.ts), never by a
 * declared type or a name: uploads, provider outputs and the files R2 serves.
 */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** The extension an R2 key of each type ends with. */
export const IMAGE_EXTENSIONS: Record<ImageType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** An image's size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/**
 * A megapixel as the image providers size and price them: 1024 × 1024 pixels (FLUX.2's "1 MP" and Google's "1K" are
 * 1024 × 1024 at 1:1), so a 1 MP output used as a reference counts as one megapixel, not 1.05.
 */
const PIXELS_PER_MEGAPIXEL = 1024 * 1024;

/** Megapixels of an image, as providers price them. */
export function megapixelsOf({ width, height }: ImageSize): number {
  return (width * height) / PIXELS_PER_MEGAPIXEL;
}

export function isImageType(value: string | null | undefined): value is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(value ?? "");
}
