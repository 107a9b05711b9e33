import type { ReactNode } from "react";
import styles from "./highlighted-text.module.css";

/**
 * `text` with the given UTF-16 ranges in <mark>: the words a search matched, as offsets from the server (never its
 * HTML). Ranges out of order, overlapping or out of bounds are clipped rather than trusted.
 */
export function HighlightedText({ text, ranges }: { text: string; ranges?: readonly (readonly [number, number])[] }) {
  if (!ranges || ranges.length === 0) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [rawStart, rawEnd] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.min(Math.max(rawEnd, start), text.length);
    if (end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={start} className={styles.mark}>
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
