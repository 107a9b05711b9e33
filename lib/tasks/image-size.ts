import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import { readImage } from "@/lib/images/r2-store";
import { sniffImage } from "@/lib/images/sniff-image";
import type { ImageSize } from "@/lib/shared/image-types";
import type { VisibleImage } from "@/lib/tasks/input-image";

/** An image's pixel size: as stored with it, else read from its bytes (outputs stored before sizes were kept). */
export async function sizeOfVisibleImage(app: App, image: VisibleImage, field: string): Promise<ImageSize> {
  if (image.size) return image.size;
  const object = await readImage(app.images, image.key);
  const sniffed = object ? sniffImage(new Uint8Array(await object.arrayBuffer())) : null;
  if (!sniffed) throw new AppError("not_found", `${field}: the image file is missing from storage.`);
  return { width: sniffed.width, height: sniffed.height };
}
