const PARTIAL_BLOCKS = " ▏▎▍▌▋▊▉";
const BAR_WIDTH = 10;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

function bar(fraction: number): string {
  const filled = fraction * BAR_WIDTH;
  const full = Math.floor(filled);
  const partial = full < BAR_WIDTH ? (PARTIAL_BLOCKS[Math.floor((filled - full) * 8)] ?? "") : "";
  return ("█".repeat(full) + partial.trim()).padEnd(BAR_WIDTH, " ");
}

/** One tqdm progress line as a cog model prints it, e.g. ` 25%|██▌       | 1/4 [00:00<00:00, 10.00it/s]`. */
export function tqdmLine(step: number, total: number, elapsedSeconds: number): string {
  const fraction = total > 0 ? step / total : 1;
  const percent = `${Math.round(fraction * 100)}`.padStart(3, " ");
  const rate = elapsedSeconds > 0 ? step / elapsedSeconds : 0;
  const rateText = rate <= 0 ? "?it/s" : rate >= 1 ? `${rate.toFixed(2)}it/s` : `${(1 / rate).toFixed(2)}s/it`;
  const remaining = rate > 0 ? (total - step) / rate : 0;
  return `${percent}%|${bar(fraction)}| ${step}/${total} [${clock(elapsedSeconds)}<${clock(remaining)}, ${rateText}]`;
}
