/** Axis helpers for the dashboard's SVG charts. */

const STEPS = [1, 2, 2.5, 5, 10];

/** The smallest "round" number (1, 2, 2.5, 5 × 10^k) at or above `value`; 1 for nothing to show. */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = STEPS.find((candidate) => candidate * power >= value * (1 - 1e-12)) ?? 10;
  return step * power;
}

export interface Scale {
  max: number;
  ticks: number[];
  /** 0..1 position of a value on the axis. */
  at(value: number): number;
}

/** A 0-based linear scale with `count` equal intervals; counts of things get whole-number ticks. */
export function linearScale(maxValue: number, { count = 4, integer = false }: { count?: number; integer?: boolean } = {}): Scale {
  let max = niceCeil(integer ? Math.max(maxValue, count) : maxValue);
  if (integer && max % count !== 0) max = Math.ceil(max / count) * count;
  const ticks = Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
  return { max, ticks, at: (value) => Math.min(1, Math.max(0, value / max)) };
}

/** Indices of the labels to draw so that at most `limit` of `total` appear, evenly spaced, the last one included. */
export function labelIndices(total: number, limit: number): number[] {
  if (total <= 0) return [];
  const every = Math.max(1, Math.ceil(total / Math.max(1, limit)));
  const indices: number[] = [];
  for (let i = (total - 1) % every; i < total; i += every) indices.push(i);
  return indices;
}
