/** A point in the image's own pixels (not the screen's), so a mask drawn at any zoom lands on the same pixels. */
export interface Point {
  x: number;
  y: number;
}

/** One step a person can undo: a stroke of the brush or the eraser, clearing the mask, or inverting it. */
export type MaskOp = { kind: "stroke"; mode: "paint" | "erase"; size: number; points: readonly Point[] } | { kind: "clear" } | { kind: "invert" };

/** The steps that made the mask, oldest first, and those undone (the next redo last). */
export interface MaskHistory {
  done: readonly MaskOp[];
  undone: readonly MaskOp[];
}

export const EMPTY_HISTORY: MaskHistory = { done: [], undone: [] };

/** A new step: it is done, and what was undone can no longer be redone (as in every editor). */
export function record(history: MaskHistory, op: MaskOp): MaskHistory {
  return { done: [...history.done, op], undone: [] };
}

export function undo(history: MaskHistory): MaskHistory {
  const last = history.done.at(-1);
  return last ? { done: history.done.slice(0, -1), undone: [...history.undone, last] } : history;
}

export function redo(history: MaskHistory): MaskHistory {
  const next = history.undone.at(-1);
  return next ? { done: [...history.done, next], undone: history.undone.slice(0, -1) } : history;
}

/**
 * How much of the image the steps mark for repainting, without reading pixels: "none" (nothing to send), "all" (a
 * cleared-then-inverted mask), or "some". A stroke may fall wholly outside the image; the exported pixels decide then.
 */
export function coverage(ops: readonly MaskOp[]): "none" | "some" | "all" {
  let state: "none" | "some" | "all" = "none";
  for (const op of ops) {
    if (op.kind === "clear") state = "none";
    else if (op.kind === "invert") state = state === "none" ? "all" : state === "all" ? "none" : "some";
    else if (op.mode === "paint" && state === "none") state = "some";
    else if (op.mode === "erase" && state === "all") state = "some";
  }
  return state;
}
