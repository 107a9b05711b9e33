import { performance } from "node:perf_hooks";

/** One timed request: when it started (ms, performance clock), how long it took, and whether it succeeded. */
export interface Sample {
  /** Start order within one recorder: warm-up is cut by this, not by finish order. */
  seq: number;
  tag: string;
  start: number;
  ms: number;
  ok: boolean;
}

export interface TimeOptions<R> {
  /** Whether the result counts as a success (default: any result that did not throw). */
  isOk?: (result: R) => boolean;
  /** Refines the tag from the result, e.g. by the outcome the server reported. */
  tagOf?: (result: R) => string;
}

/** Collects timed samples. */
export class Recorder {
  readonly samples: Sample[] = [];
  private seq = 0;

  async time<R>(tag: string, call: () => Promise<R>, options: TimeOptions<R> = {}): Promise<R> {
    const seq = this.seq++;
    const start = performance.now();
    try {
      const result = await call();
      const ms = performance.now() - start;
      this.samples.push({ seq, tag: options.tagOf?.(result) ?? tag, start, ms, ok: options.isOk?.(result) ?? true });
      return result;
    } catch (error) {
      this.samples.push({ seq, tag, start, ms: performance.now() - start, ok: false });
      throw error;
    }
  }
}

/**
 * Runs `work` for every item with at most `concurrency` in flight (each lane takes the next item when
 * its previous one ends), so the server sees a steady level of concurrent requests.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number, lane: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (laneIndex: number) => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index, laneIndex);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, (_, laneIndex) => lane(laneIndex)));
}

/**
 * The steady-state part of a run: drops the first `warmup` samples by start order (cold caches, JIT,
 * connection set-up) and the last `drain` (the pool emptying, when fewer requests are in flight).
 */
export function steadyState(samples: readonly Sample[], warmup: number, drain = 0): Sample[] {
  const ordered = [...samples].sort((a, b) => a.seq - b.seq);
  return ordered.slice(warmup, Math.max(warmup, ordered.length - drain));
}

/** Requests per second over the span from the first start to the last end of these samples. */
export function throughput(samples: readonly Sample[]): number {
  if (samples.length === 0) return 0;
  const first = Math.min(...samples.map((s) => s.start));
  const last = Math.max(...samples.map((s) => s.start + s.ms));
  return last > first ? (samples.length * 1000) / (last - first) : 0;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
