import { encode } from "fast-png";
import { describe, expect, it } from "vitest";
import { maskMarksSomething } from "@/lib/images/mask-png";
import { MODEL_CARDS } from "@/lib/shared/models/catalogue";
import { OUTPAINT_PRESETS, outpaintSize } from "@/lib/shared/models/outpaint";
import { priceMicrosOfInput } from "@/lib/shared/models/price";
import { upscaleFactorsFor } from "@/lib/shared/models/upscale";

const NO_FACTS = { outputMegapixels: 1, inputImages: [] };

/** A width×height grey PNG whose pixels are all `value`, except `marked` pixels set to 255. */
function greyMask(width: number, height: number, { value = 0, marked = 0, depth = 8 as 1 | 8 } = {}): Uint8Array {
  if (depth === 1) {
    const rowBytes = Math.ceil(width / 8);
    const data = new Uint8Array(rowBytes * height);
    for (let i = 0; i < marked; i++) data[Math.floor(i / width) * rowBytes + ((i % width) >> 3)]! |= 0x80 >> ((i % width) % 8);
    return encode({ width, height, data, depth: 1, channels: 1 });
  }
  const data = new Uint8Array(width * height).fill(value);
  data.fill(255, 0, marked);
  return encode({ width, height, data, depth: 8, channels: 1 });
}

describe("a mask's painted area", () => {
  it("an all-black mask marks nothing, one white pixel marks something", () => {
    expect(maskMarksSomething(greyMask(64, 48))).toBe(false);
    expect(maskMarksSomething(greyMask(64, 48, { marked: 1 }))).toBe(true);
  });

  it("reads packed 1-bit masks", () => {
    expect(maskMarksSomething(greyMask(13, 5, { depth: 1 }))).toBe(false);
    expect(maskMarksSomething(greyMask(13, 5, { depth: 1, marked: 1 }))).toBe(true);
  });

  it("near-black and transparent white count as black; opaque white counts", () => {
    expect(maskMarksSomething(greyMask(8, 8, { value: 100 }))).toBe(false);
    const transparentWhite = encode({ width: 2, height: 1, data: new Uint8Array([255, 255, 255, 0, 0, 0, 0, 255]), depth: 8, channels: 4 });
    expect(maskMarksSomething(transparentWhite)).toBe(false);
    const opaqueWhite = encode({ width: 2, height: 1, data: new Uint8Array([255, 255, 255, 255, 0, 0, 0, 255]), depth: 8, channels: 4 });
    expect(maskMarksSomething(opaqueWhite)).toBe(true);
  });
});

describe("outpaint frames", () => {
  it.each([
    ["Zoom out 1.5x", 1200, 900],
    ["Zoom out 2x", 1600, 1200],
    ["Make square", 800, 800],
    ["Left outpaint", 1200, 600],
    ["Right outpaint", 1200, 600],
    ["Top outpaint", 800, 900],
    ["Bottom outpaint", 800, 900],
  ] as const)("%s makes an 800×600 image %i×%i", (preset, width, height) => {
    expect(outpaintSize(preset, { width: 800, height: 600 })).toEqual({ width, height });
  });

  it("covers every preset the schema accepts", () => {
    for (const preset of OUTPAINT_PRESETS) expect(outpaintSize(preset, { width: 10, height: 10 }).width).toBeGreaterThanOrEqual(10);
  });
});

describe("the upscaler", () => {
  it("offers only the factors whose output stays within 17 megapixels", () => {
    expect(upscaleFactorsFor({ width: 1024, height: 1024 })).toEqual([2, 4]);
    expect(upscaleFactorsFor({ width: 2048, height: 2048 })).toEqual([2]);
    expect(upscaleFactorsFor({ width: 4096, height: 4096 })).toEqual([]);
  });

  it("is priced per image by its factor, fill per image", () => {
    expect(priceMicrosOfInput(MODEL_CARDS.upscaler.price, { scale: 4 }, NO_FACTS)).toBe(5_000);
    expect(priceMicrosOfInput(MODEL_CARDS.upscaler.price, { scale: 2 }, NO_FACTS)).toBe(5_000);
    expect(priceMicrosOfInput(MODEL_CARDS["flux-fill-pro"].price, { outpaint: "Zoom out 2x" }, NO_FACTS)).toBe(50_000);
  });
});
