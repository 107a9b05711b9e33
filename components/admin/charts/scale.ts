/** Axis helpers for the dashboard's SVG charts. */

const STEPS = [1, 2, 2.5, 5, 10];

/** The smallest "round" number (1, 2, 2.5, 5 × 10^k) at or above `value`; 1 for nothing to show.
 * @internal Exported for its unit test (tests/unit/stats-figures.test.ts).
 */
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

/** A 0-based linear scale with `count` equal, round intervals; counts of things get whole-number ticks. */
export function linearScale(maxValue: number, { count = 4, integer = false }: { count?: number; integer?: boolean } = {}): Scale {
  let step = niceCeil(maxValue / count);
  if (integer) step = Math.max(1, Math.ceil(step));
  const max = step * count;
  // Multiplying the step (not adding it up) keeps float noise out of the tick values.
  const ticks = Array.from({ length: count + 1 }, (_, i) => Number((step * i).toPrecision(12)));
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
