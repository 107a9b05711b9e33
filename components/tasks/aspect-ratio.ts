/** "16:9" → {width:16, height:9}; null for anything that is not two positive numbers. */
export function parseAspectRatio(ratio: string): { width: number; height: number } | null {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(ratio.trim());
  if (!match) return null;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** A CSS aspect-ratio value that reserves the image's space before it loads; square when unknown. */
export function cssAspectRatio(ratio: string): string {
  const parsed = parseAspectRatio(ratio);
  return parsed ? `${parsed.width} / ${parsed.height}` : "1 / 1";
}

export interface ImageGroupLayout {
  columns: number;
  /** CSS aspect-ratio of the whole group of images. */
  aspectRatio: string;
  /** True when the group is wider than the square stage it sits in (then it fills the width, else the height). */
  wide: boolean;
}

/**
 * How `count` images of one ratio are laid out inside a square stage: the column count whose
 * group comes closest to square, so the images are as large as the card allows.
 */
export function imageGroupLayout(count: number, ratio: string): ImageGroupLayout {
  const { width, height } = parseAspectRatio(ratio) ?? { width: 1, height: 1 };
  const images = Math.max(1, Math.floor(count));
  let best = { columns: 1, groupWidth: width, groupHeight: height * images, score: Infinity };
  for (let columns = 1; columns <= images; columns++) {
    const rows = Math.ceil(images / columns);
    const groupWidth = width * columns;
    const groupHeight = height * rows;
    const score = Math.abs(Math.log(groupWidth / groupHeight));
    if (score < best.score - 1e-9) best = { columns, groupWidth, groupHeight, score };
  }
  return {
    columns: best.columns,
    aspectRatio: `${best.groupWidth} / ${best.groupHeight}`,
    wide: best.groupWidth >= best.groupHeight,
  };
}
