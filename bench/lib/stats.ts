/** Latency summaries for the benchmark report; pure, so the unit tests can pin the arithmetic. */

export interface LatencySummary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of the samples, interpolating linearly between the two closest ranks
 * (the "type 7" rule of R and NumPy), so a median of an even count is the mean of the middle two.
 */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error("percentile of no samples");
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile ${q} is outside 0..1`);
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (position - lower);
}

export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) throw new Error("summary of no samples");
  return {
    n: samples.length,
    p50: round(percentile(samples, 0.5)),
    p90: round(percentile(samples, 0.9)),
    p99: round(percentile(samples, 0.99)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
    mean: round(samples.reduce((sum, value) => sum + value, 0) / samples.length),
  };
}

/** numerator / denominator, rounded; a zero denominator is an error rather than Infinity in a report. */
export function ratio(numerator: number, denominator: number, digits = 3): number {
  if (denominator === 0) throw new Error("ratio with a zero denominator");
  return round(numerator / denominator, digits);
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
