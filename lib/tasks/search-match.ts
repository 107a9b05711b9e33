import "server-only";
import { MATCH_CLOSE, MATCH_OPEN } from "@/db/queries/task-search";

/**
 * The matched words of `prompt` as [start, end) UTF-16 offsets, read from highlight()'s copy of it with marks
 * around each match. The two are walked in step: a character that is in the prompt is text (even a mark character a
 * prompt happens to hold), one that is not is a mark. So the studio can wrap the ranges in <mark> without any HTML.
 */
export function matchRanges(prompt: string, marked: string): [number, number][] {
  const ranges: [number, number][] = [];
  let at = 0;
  let start: number | null = null;
  for (const char of marked.split("")) {
    if (prompt[at] === char) {
      at += 1;
    } else if (char === MATCH_OPEN) {
      start = at;
    } else if (char === MATCH_CLOSE && start !== null) {
      if (at > start) ranges.push([start, at]);
      start = null;
    } else {
      // The copy is not the prompt with marks (it changed in between): no ranges rather than wrong ones.
      return [];
    }
  }
  return at === prompt.length ? ranges : [];
}
