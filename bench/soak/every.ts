import { sleep } from "../lib/load";

/**
 * Runs `work` now and then every `ms` (never two at once) until the returned stop() is awaited, which waits for
 * the call in progress. A failed call is counted and reported by `onError`, not fatal: the soak keeps its other
 * measurements.
 */
export function every(ms: number, work: () => Promise<void>, onError: (error: unknown) => void): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        await work();
      } catch (error) {
        onError(error);
      }
      const wait = ms - (Date.now() - started);
      // Short naps, so stop() does not wait out a whole interval.
      for (let waited = 0; waited < wait && !stopped; waited += 200) await sleep(Math.min(200, wait - waited));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
