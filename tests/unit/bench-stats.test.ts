import { describe, expect, it } from "vitest";
import { runPool, steadyState, throughput, type Sample } from "../../bench/lib/load";
import { percentile, ratio, summarize } from "../../bench/lib/stats";

const sample = (seq: number, start: number, ms: number): Sample => ({ seq, tag: "t", start, ms, ok: true });

describe("bench percentiles", () => {
  it("interpolates between the two closest ranks", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.5)).toBe(30);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46, 10);
    expect(percentile([0, 100], 0.99)).toBeCloseTo(99, 10);
  });

  it("does not depend on the order of the samples", () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0)).toBe(1);
    expect(percentile([5, 1, 4, 2, 3], 1)).toBe(5);
  });

  it("refuses no samples and quantiles outside 0..1", () => {
    expect(() => percentile([], 0.5)).toThrow(/no samples/);
    expect(() => percentile([1], 1.5)).toThrow(/outside/);
    expect(() => percentile([1], Number.NaN)).toThrow(/outside/);
  });

  it("summarizes with rounded figures", () => {
    expect(summarize([3, 1, 2, 10])).toEqual({ n: 4, p50: 2.5, p90: 7.9, p99: 9.79, min: 1, max: 10, mean: 4 });
  });

  it("divides for ratios and refuses a zero denominator", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 3)).toBe(0.333);
    expect(() => ratio(1, 0)).toThrow(/zero/);
  });
});

describe("bench load helpers", () => {
  it("cuts warm-up by start order and the drain at the end", () => {
    const samples = [sample(3, 30, 1), sample(0, 0, 1), sample(2, 20, 1), sample(1, 10, 1), sample(4, 40, 1)];
    expect(steadyState(samples, 2, 1).map((s) => s.seq)).toEqual([2, 3]);
    expect(steadyState(samples, 10, 0)).toEqual([]);
  });

  it("computes throughput over the span of the samples", () => {
    expect(throughput([sample(0, 0, 100), sample(1, 400, 100)])).toBe(4);
    expect(throughput([])).toBe(0);
  });

  it("never has more than `concurrency` items in flight and runs each item once", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const lanes = new Set<number>();
    await runPool(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (item, _index, lane) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        lanes.add(lane);
        await new Promise((resolve) => setTimeout(resolve, 2));
        seen.push(item);
        inFlight -= 1;
      },
    );
    expect(peak).toBe(3);
    expect([...lanes].sort()).toEqual([0, 1, 2]);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
