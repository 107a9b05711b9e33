import "server-only";
import { decode, type DecodedPng } from "fast-png";

/**
 * Whether a PNG mask marks anything to repaint. A mask is black (keep) and white (repaint); a pixel counts as marked
 * when its brightest colour channel, times its opacity, is at least half of full white, so the soft edges a brush
 * leaves count as the provider is likely to threshold them, and a mask of black, near-black or fully transparent
 * pixels marks nothing. Every PNG colour type and bit depth is read (fast-png decodes in plain JavaScript, so this runs
 * inside a Worker); the scan stops at the first marked pixel.
 */
export function maskMarksSomething(bytes: Uint8Array): boolean {
  const png = decode(bytes);
  const brightness = pixelReader(png);
  const pixels = png.width * png.height;
  for (let index = 0; index < pixels; index++) if (brightness(index) >= 0.5) return true;
  return false;
}

/** A function from a pixel's index to its brightness × opacity in 0–1. */
function pixelReader(png: DecodedPng): (index: number) => number {
  const { width, depth, channels, data, palette, transparency } = png;
  const max = 2 ** depth - 1;
  const rowSamples = width * channels;
  // Depths under 8 are packed, each row padded to a whole byte.
  const rowBytes = Math.ceil((rowSamples * depth) / 8);
  const sample = (index: number, channel: number): number => {
    if (depth >= 8) return data[index * channels + channel]!;
    const row = Math.floor(index / width);
    const bit = ((index % width) * channels + channel) * depth;
    const byte = data[row * rowBytes + (bit >> 3)]!;
    return (byte >> (8 - depth - (bit & 7))) & max;
  };
  if (palette) {
    return (index) => {
      const entry = sample(index, 0);
      const colour = palette[entry] ?? [0, 0, 0];
      const alpha = transparency?.[entry] ?? 255;
      return (Math.max(...colour) / 255) * (alpha / 255);
    };
  }
  switch (channels) {
    case 1:
      return (index) => sample(index, 0) / max;
    case 2:
      return (index) => (sample(index, 0) / max) * (sample(index, 1) / max);
    case 3:
      return (index) => Math.max(sample(index, 0), sample(index, 1), sample(index, 2)) / max;
    default:
      return (index) => (Math.max(sample(index, 0), sample(index, 1), sample(index, 2)) / max) * (sample(index, 3) / max);
  }
}
