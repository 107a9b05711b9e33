/**
 * `Retry-After` as milliseconds from `nowMs` (RFC 9110 §10.2.3: delta-seconds or an HTTP date); null when absent or
 * unreadable. The gateway client reads providers' answers with it, the studio reads ours.
 */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const text = header.trim();
  if (text === "") return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names a weekday and month; this keeps "-3" or "12:00" from parsing as some odd date.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
