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
