import type { MaskOp } from "./mask-history";

/** The part of CanvasRenderingContext2D the mask uses (a test can record the calls). */
export type MaskContext = Pick<
  CanvasRenderingContext2D,
  | "globalCompositeOperation"
  | "fillStyle"
  | "strokeStyle"
  | "lineWidth"
  | "lineCap"
  | "lineJoin"
  | "beginPath"
  | "moveTo"
  | "lineTo"
  | "arc"
  | "stroke"
  | "fill"
  | "fillRect"
  | "clearRect"
>;

/** The colour the mask is painted in on screen; only its alpha is exported (opaque = repaint). */
const MASK_COLOR = "#ff3b6b";

/** @internal Exported for tests/unit/ui/mask-editor.test.ts. Draws one step onto the mask canvas (`width` × `height`, the image's pixels). */
export function drawOp(ctx: MaskContext, op: MaskOp, width: number, height: number): void {
  if (op.kind === "clear") {
    ctx.clearRect(0, 0, width, height);
    return;
  }
  if (op.kind === "invert") {
    // xor with an opaque fill turns alpha a into 1 - a: painted becomes clear and clear becomes painted.
    ctx.globalCompositeOperation = "xor";
    ctx.fillStyle = MASK_COLOR;
    ctx.fillRect(0, 0, width, height);
    ctx.globalCompositeOperation = "source-over";
    return;
  }
  drawStroke(ctx, op.mode, op.size, op.points);
}

/** A stroke, or the next piece of one as the pointer moves: round ends, so a tap leaves a dot. */
export function drawStroke(ctx: MaskContext, mode: "paint" | "erase", size: number, points: readonly { x: number; y: number }[]): void {
  const first = points[0];
  if (!first) return;
  ctx.globalCompositeOperation = mode === "paint" ? "source-over" : "destination-out";
  ctx.fillStyle = MASK_COLOR;
  ctx.strokeStyle = MASK_COLOR;
  ctx.lineWidth = size;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.beginPath();
  if (points.length === 1) {
    ctx.arc(first.x, first.y, size / 2, 0, Math.PI * 2);
    ctx.fill();
  } else {
    ctx.moveTo(first.x, first.y);
    for (const point of points.slice(1)) ctx.lineTo(point.x, point.y);
    ctx.stroke();
  }
  ctx.globalCompositeOperation = "source-over";
}

/** The mask from nothing: every step done, in order (after an undo or a redo). */
export function replay(ctx: MaskContext, ops: readonly MaskOp[], width: number, height: number): void {
  ctx.clearRect(0, 0, width, height);
  for (const op of ops) drawOp(ctx, op, width, height);
}
