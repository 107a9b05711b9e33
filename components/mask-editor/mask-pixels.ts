/**
 * The mask as the fill model reads it: every pixel black (keep) or white (repaint), fully opaque. The editor paints
 * with a colour whose alpha says where; anti-aliased edges are decided at half opacity, so the PNG holds two values
 * only. Returns how many pixels are white (0: nothing to repaint).
 */
export function toBlackAndWhite(rgba: Uint8ClampedArray): number {
  let white = 0;
  for (let offset = 0; offset < rgba.length; offset += 4) {
    const painted = rgba[offset + 3]! >= 128;
    const value = painted ? 255 : 0;
    if (painted) white++;
    rgba[offset] = value;
    rgba[offset + 1] = value;
    rgba[offset + 2] = value;
    rgba[offset + 3] = 255;
  }
  return white;
}
