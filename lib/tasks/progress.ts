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
