import { describe, expect, it } from "vitest";
import { framePreview } from "@/components/image-tools/outpaint-preview";
import { placedBox } from "@/components/tasks/compare-placement";
import { describeAction } from "@/components/image-tools/describe-action";
import { toolActionOf } from "@/lib/shared/task-lineage";
import { fillRequest, outpaintRequest, toolPriceMicros, upscaleRequest } from "@/components/image-tools/tool-request";
import { en } from "@/lib/shared/i18n/en";
import { MODEL_CARDS } from "@/lib/shared/models/catalogue";
import { modelOptions } from "@/lib/shared/models/options";
import { OUTPAINT_PRESETS } from "@/lib/shared/models/outpaint";
import { priceMicrosOfInput } from "@/lib/shared/models/price";

const image = { ref: "task:tsk_1/0", url: "/api/images/tsk_1/0", size: { width: 800, height: 600 }, isPrivate: true };
const options = modelOptions(en, "en");
const fill = options.find((model) => model.kind === "fill")!;
const upscale = options.find((model) => model.kind === "upscale")!;

describe("expand previews", () => {
  it("puts the image where each preset keeps it inside the new frame", () => {
    expect(framePreview("Zoom out 2x", { width: 800, height: 600 })).toEqual({
      frame: { width: 1600, height: 1200 },
      left: 25,
      top: 25,
      width: 50,
      height: 50,
    });
    expect(framePreview("Make square", { width: 800, height: 600 })).toMatchObject({ frame: { width: 800, height: 800 }, left: 0, top: 12.5 });
    // Extending left adds room on the left: the image sits against the right edge.
    const left = framePreview("Left outpaint", { width: 800, height: 600 });
    expect(left.left + left.width).toBeCloseTo(100);
    expect(left.top).toBe(0);
    expect(framePreview("Right outpaint", { width: 800, height: 600 }).left).toBe(0);
    const top = framePreview("Top outpaint", { width: 800, height: 600 });
    expect(top.top + top.height).toBeCloseTo(100);
    expect(framePreview("Bottom outpaint", { width: 800, height: 600 }).top).toBe(0);
  });

  it("keeps every preset's image inside its frame", () => {
    for (const preset of OUTPAINT_PRESETS) {
      const preview = framePreview(preset, { width: 333, height: 777 });
      expect(preview.left, preset).toBeGreaterThanOrEqual(0);
      expect(preview.left + preview.width, preset).toBeLessThanOrEqual(100.0001);
      expect(preview.top + preview.height, preset).toBeLessThanOrEqual(100.0001);
    }
  });
});

describe("tool requests", () => {
  it("name the image, the mask or preset or factor, and keep the image's privacy", () => {
    expect(fillRequest(fill.key, image, "upl_ab", "  a red balloon ", { locale: "en" })).toEqual({
      model: fill.key,
      input_image: "task:tsk_1/0",
      mask: "upl_ab",
      prompt: "a red balloon",
      is_private: true,
      locale: "en",
    });
    expect(outpaintRequest(fill.key, image, "Zoom out 2x", { locale: "zh" })).toMatchObject({ outpaint: "Zoom out 2x", locale: "zh" });
    expect(outpaintRequest(fill.key, image, "Zoom out 2x", { locale: "zh" })).not.toHaveProperty("mask");
    expect(upscaleRequest(upscale.key, image, 4, { locale: "en" })).toEqual({
      model: upscale.key,
      input_image: "task:tsk_1/0",
      scale: 4,
      is_private: true,
      locale: "en",
    });
  });

  it("price with the catalogue's own rule, as the server reserves", () => {
    const card = MODEL_CARDS[upscale.key as keyof typeof MODEL_CARDS];
    for (const scale of [2, 4]) {
      expect(toolPriceMicros(upscale, { scale }, image)).toBe(
        priceMicrosOfInput(card.price, { scale }, { outputMegapixels: 1, inputImages: [image.size] }),
      );
      expect(toolPriceMicros(upscale, { scale }, image)).toBeGreaterThan(0);
    }
    expect(toolPriceMicros(fill, { outpaint: "Make square" }, image)).toBeGreaterThan(0);
  });
});

describe("an expansion's before and after", () => {
  it("places the image it started from where it sits in the larger result, in the square frame", () => {
    expect(placedBox({ size: { width: 2000, height: 1000 }, box: { left: 25, top: 25, width: 50, height: 50 } })).toEqual({
      left: 25,
      top: 37.5,
      width: 50,
      height: 25,
    });
    expect(placedBox({ size: { width: 500, height: 1000 }, box: { left: 0, top: 0, width: 100, height: 100 } })).toEqual({
      left: 25,
      top: 0,
      width: 50,
      height: 100,
    });
  });
});

describe("a task without a prompt", () => {
  it("is named by what it did to its image", () => {
    expect(describeAction(toolActionOf({ scale: 2 }, false), en.imageTools)).toBe("Upscaled 2×");
    expect(describeAction(toolActionOf({ outpaint: "Left outpaint" }, false), en.imageTools)).toBe("Expanded: Extend left");
    expect(describeAction(toolActionOf({ steps: 50 }, true), en.imageTools)).toBe(en.imageTools.actionErased);
    expect(describeAction(toolActionOf({ steps: 50 }, false), en.imageTools)).toBe("");
  });
});
