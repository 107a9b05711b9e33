import { describe, expect, it } from "vitest";
import { brushInImagePixels, fitScale, toImagePoint, zoomStep } from "@/components/mask-editor/mask-geometry";
import { coverage, EMPTY_HISTORY, type MaskOp, record, redo, undo } from "@/components/mask-editor/mask-history";
import { toBlackAndWhite } from "@/components/mask-editor/mask-pixels";
import { drawOp, type MaskContext, replay } from "@/components/mask-editor/mask-render";

const paint = (x: number): MaskOp => ({ kind: "stroke", mode: "paint", size: 10, points: [{ x, y: x }] });
const erase: MaskOp = { kind: "stroke", mode: "erase", size: 10, points: [{ x: 1, y: 1 }] };

describe("mask history", () => {
  it("undoes and redoes steps in order, and a new step drops what was undone", () => {
    let history = record(record(record(EMPTY_HISTORY, paint(1)), paint(2)), paint(3));
    history = undo(undo(history));
    expect(history.done).toEqual([paint(1)]);
    history = redo(history);
    expect(history.done).toEqual([paint(1), paint(2)]);
    expect(history.undone).toEqual([paint(3)]);
    history = record(history, { kind: "invert" });
    expect(history.undone).toEqual([]);
    expect(redo(history)).toBe(history);
    expect(undo(EMPTY_HISTORY)).toBe(EMPTY_HISTORY);
  });

  it("tells whether anything is marked for repainting", () => {
    expect(coverage([])).toBe("none");
    expect(coverage([paint(1)])).toBe("some");
    expect(coverage([paint(1), { kind: "clear" }])).toBe("none");
    expect(coverage([{ kind: "invert" }])).toBe("all");
    expect(coverage([{ kind: "invert" }, { kind: "invert" }])).toBe("none");
    expect(coverage([{ kind: "invert" }, erase])).toBe("some");
    expect(coverage([erase])).toBe("none");
    expect(coverage([paint(1), { kind: "invert" }])).toBe("some");
  });
});

describe("mask geometry", () => {
  it("fits the whole image in the box", () => {
    expect(fitScale({ width: 2000, height: 1000 }, { width: 500, height: 500 })).toBe(0.25);
    expect(fitScale({ width: 100, height: 400 }, { width: 800, height: 800 })).toBe(2);
    expect(fitScale({ width: 0, height: 0 }, { width: 800, height: 800 })).toBe(1);
  });

  it("zooms in steps between half the fit and 8×", () => {
    expect(zoomStep(1, 1, 0.5)).toBe(1.25);
    expect(zoomStep(1, -1, 0.5)).toBe(0.8);
    expect(zoomStep(7, 1, 0.5)).toBe(8);
    expect(zoomStep(0.26, -1, 0.5)).toBe(0.25);
  });

  it("maps a pointer to the image pixel under it, whatever the zoom", () => {
    const rect = { left: 100, top: 50, width: 400, height: 200 };
    const image = { width: 1600, height: 800 };
    expect(toImagePoint(300, 150, rect, image)).toEqual({ x: 800, y: 400 });
    expect(toImagePoint(100, 50, rect, image)).toEqual({ x: 0, y: 0 });
    expect(brushInImagePixels(40, rect, image)).toBe(160);
  });
});

describe("mask pixels", () => {
  it("turns the painted alpha into opaque black and white, deciding edges at half", () => {
    const rgba = new Uint8ClampedArray([255, 59, 107, 255, 0, 0, 0, 0, 255, 59, 107, 127, 255, 59, 107, 128]);
    expect(toBlackAndWhite(rgba)).toBe(2);
    expect([...rgba]).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255]);
    expect(toBlackAndWhite(new Uint8ClampedArray(8))).toBe(0);
  });
});

/** A context that records what is drawn, in order. */
function recorder(): { ctx: MaskContext; calls: string[] } {
  const calls: string[] = [];
  const target: Record<string, unknown> = {};
  const ctx = new Proxy(target, {
    get: (_, key: string) =>
      key in target
        ? target[key]
        : (...args: unknown[]) => calls.push(`${key}(${args.map((a) => (typeof a === "number" ? Math.round(a) : a)).join(",")})`),
    set: (_, key: string, value) => {
      target[key] = value;
      if (key === "globalCompositeOperation") calls.push(`mode=${value}`);
      return true;
    },
  }) as unknown as MaskContext;
  return { ctx, calls };
}

describe("mask drawing", () => {
  it("paints, erases, clears and inverts with the matching compositing", () => {
    const { ctx, calls } = recorder();
    drawOp(
      ctx,
      {
        kind: "stroke",
        mode: "paint",
        size: 8,
        points: [
          { x: 1, y: 2 },
          { x: 5, y: 6 },
        ],
      },
      10,
      10,
    );
    expect(calls).toEqual(["mode=source-over", "beginPath()", "moveTo(1,2)", "lineTo(5,6)", "stroke()", "mode=source-over"]);
    calls.length = 0;
    drawOp(ctx, { kind: "stroke", mode: "erase", size: 8, points: [{ x: 3, y: 3 }] }, 10, 10);
    expect(calls).toEqual(["mode=destination-out", "beginPath()", "arc(3,3,4,0,6)", "fill()", "mode=source-over"]);
    calls.length = 0;
    drawOp(ctx, { kind: "invert" }, 10, 20);
    expect(calls).toEqual(["mode=xor", "fillRect(0,0,10,20)", "mode=source-over"]);
  });

  it("replays from a clear canvas", () => {
    const { ctx, calls } = recorder();
    replay(ctx, [{ kind: "clear" }], 4, 3);
    expect(calls).toEqual(["clearRect(0,0,4,3)", "clearRect(0,0,4,3)"]);
  });
});
