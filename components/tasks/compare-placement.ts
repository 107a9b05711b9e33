/** A box in percent of what holds it. */
interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where a "before" image sits inside its "after" (of pixel `size`), in percent of the after image. */
export interface Placement {
  size: { width: number; height: number };
  box: Box;
}

/**
 * The before image's box in percent of the square frame,
 * the after image being contained (centred) in it.
 */
export function placedBox({ size, box }: Placement): Box {
  const wide = size.width >= size.height;
  const content = wide
    ? { left: 0, width: 100, height: (size.height / size.width) * 100, top: 0 }
    : { top: 0, height: 100, width: (size.width / size.height) * 100, left: 0 };
  if (wide) content.top = (100 - content.height) / 2;
  else content.left = (100 - content.width) / 2;
  return {
    left: content.left + (box.left * content.width) / 100,
    top: content.top + (box.top * content.height) / 100,
    width: (box.width * content.width) / 100,
    height: (box.height * content.height) / 100,
  };
}
