/**
 * The image formats the app takes and stores, decided by their bytes (lib/images/sniff-image.ts), never by a
 * declared type or a name: uploads, provider outputs and the files R2 serves.
 */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** The extension an R2 key of each type ends with. */
export const IMAGE_EXTENSIONS: Record<ImageType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

export function isImageType(value: string | null | undefined): value is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(value ?? "");
}
