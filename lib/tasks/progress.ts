import "server-only";
const TQDM_PERCENT = /(\d{1,3})%\|/g;

/** The last tqdm percentage in a prediction's logs (`45%|████▌ | 13/28`), or null when there is none. */
export function parseProgress(logs: string | null | undefined): number | null {
  if (!logs) return null;
  let last: number | null = null;
  for (const match of logs.matchAll(TQDM_PERCENT)) {
    const value = Number(match[1]);
    if (value <= 100) last = value;
  }
  return last;
}

// cog-flux (schnell, dev, dev-lora) prints the seed it drew: `Using seed: 1234` (replicate/cog-flux predict.py).
const SEED_LINE = /^Using seed: (\d{1,16})\s*$/m;

/** The seed a cog-flux model printed in its logs, or null (flux-pro and Kontext print none). */
export function parseSeed(logs: string | null | undefined): number | null {
  const match = logs ? SEED_LINE.exec(logs) : null;
  if (!match) return null;
  const seed = Number(match[1]);
  return Number.isSafeInteger(seed) ? seed : null;
}
