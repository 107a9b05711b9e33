/** A stretch of a prompt, and whether a search matched it. */
export interface TextPart {
  text: string;
  marked: boolean;
}

/**
 * `text` cut at the given UTF-16 ranges (the words a search matched, as offsets from the server, never its HTML).
 * Ranges out of order, overlapping or out of bounds are clipped rather than trusted.
 */
export function highlightParts(text: string, ranges: readonly (readonly [number, number])[] = []): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const [rawStart, rawEnd] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.min(Math.max(rawEnd, start), text.length);
    if (end <= start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    parts.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), marked: false });
  return parts;
}
