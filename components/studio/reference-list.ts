import type { ImageSize } from "@/lib/shared/image-types";
import type { TaskView } from "@/lib/shared/task-view";

/**
 * An image the composer sends by name: how the API names it (`upl_…` or `task:<taskId>/<index>`), where the browser
 * shows it, and its pixel size when known (a reference's size is part of some models' price).
 */
export interface PickedImage {
  ref: string;
  url: string;
  size: ImageSize | null;
}

/** What the server assumes of an image whose size it never measured (an output stored before sizes were kept). */
const UNKNOWN_SIZE: ImageSize = { width: 1000, height: 1000 };

/** What adding images did: the new list, how many went in and how many the model's limit refused. */
export interface AddResult {
  list: PickedImage[];
  added: number;
  refused: number;
  /** When an image was already in the list: its position (0-based), so the person can be told where it is. */
  duplicateOf: number | null;
}

/**
 * Appends `additions` in order while the model has room (`max` images at most). An image already in the list is not
 * added twice: the same reference twice would only cost the person another input.
 */
export function addReferences(list: readonly PickedImage[], additions: readonly PickedImage[], max: number): AddResult {
  const next = [...list];
  let refused = 0;
  let duplicateOf: number | null = null;
  for (const image of additions) {
    const existing = next.findIndex((item) => item.ref === image.ref);
    if (existing >= 0) duplicateOf = existing;
    else if (next.length < max) next.push(image);
    else refused++;
  }
  return { list: next, added: next.length - list.length, refused, duplicateOf };
}

/** The list with the image at `from` moved to `to` (clamped to the list), the others keeping their order. */
export function moveReference(list: readonly PickedImage[], from: number, to: number): PickedImage[] {
  const next = [...list];
  const target = Math.max(0, Math.min(next.length - 1, to));
  const [moved] = next.splice(from, 1);
  if (moved === undefined) return [...list];
  next.splice(target, 0, moved);
  return next;
}

export function removeReference(list: readonly PickedImage[], index: number): PickedImage[] {
  return list.filter((_, position) => position !== index);
}

/** A model that reads fewer keeps the first `max`: the prompt's "image 1" still means the same image. */
export function trimReferences(list: readonly PickedImage[], max: number): { list: PickedImage[]; dropped: number } {
  const kept = list.slice(0, Math.max(0, max));
  return { list: kept, dropped: list.length - kept.length };
}

/** Learns an image's size (from its loaded thumbnail) when nothing told it before; the list is unchanged otherwise. */
export function withSize(list: readonly PickedImage[], ref: string, size: ImageSize): readonly PickedImage[] {
  return list.some((image) => image.ref === ref && image.size === null)
    ? list.map((image) => (image.ref === ref && image.size === null ? { ...image, size } : image))
    : list;
}

/** Pixel sizes in order, as the price reads them; an unknown one counts as the server counts it. */
export function pricedSizes(images: readonly PickedImage[]): ImageSize[] {
  return images.map((image) => image.size ?? UNKNOWN_SIZE);
}

/** Output `index` of `task` as the API names it again, with the size it was stored at when known. */
export function taskImage(task: Pick<TaskView, "id" | "images">, index: number): PickedImage | null {
  const image = task.images[index];
  if (!image) return null;
  const size = image.width !== null && image.height !== null ? { width: image.width, height: image.height } : null;
  return { ref: `task:${task.id}/${index}`, url: image.url, size };
}
