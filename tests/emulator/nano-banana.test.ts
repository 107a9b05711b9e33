import Replicate from "replicate";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { type Model, modelDriver } from "./model-driver";
import { type ImageServer, replicateBase, startImageServer, startTestEmulator } from "./support";

// Nano Banana Pro and Nano Banana 2 on Replicate, driven with the official client. Sizes follow Google's table for the
// Gemini 3 image models (1K about a megapixel; 2K and 4K double and quadruple both sides): emulator/README.md.

let emulator: Emulator;
let images: ImageServer;
let replicate: Replicate;

beforeAll(async () => {
  emulator = await startTestEmulator();
  images = await startImageServer();
  replicate = new Replicate({ auth: "r8_test", baseUrl: replicateBase(emulator), fetch });
});
afterAll(async () => {
  await emulator?.close();
  await images?.close();
});
beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" });
  images.requested.length = 0;
});

const { run, single, refused, settled, accepted } = modelDriver(() => replicate);

const urls = (count: number, size = "64x64") => Array.from({ length: count }, (_, i) => `${images.url}/img/${size}.png?n=${i}`);

describe.each([
  { model: "google/nano-banana-pro" as Model, defaultResolution: "2K" },
  { model: "google/nano-banana-2" as Model, defaultResolution: "1K" },
])("the emulator's $model", ({ model, defaultResolution }) => {
  it.each([
    ["1K", 1376, 768],
    ["2K", 2752, 1536],
    ["4K", 5504, 3072],
  ])(
    "answers one 16:9 image at resolution %s as %i×%i",
    async (resolution, width, height) => {
      expect(await single(model, { prompt: "a harbour", aspect_ratio: "16:9", resolution })).toMatchObject({
        width,
        height,
        format: "jpeg",
        contentType: "image/jpeg",
      });
    },
    30_000,
  );

  it("answers a square jpg at the default resolution when match_input_image (the default) has no image", async () => {
    const side = defaultResolution === "2K" ? 2048 : 1024;
    expect(await single(model, { prompt: "p" })).toMatchObject({ width: side, height: side, format: "jpeg" });
  });

  it.each([
    ["2:3", 848, 1264],
    ["4:5", 928, 1152],
    ["21:9", 1584, 672],
  ])("follows Google's table for %s at 1K (%i×%i), in png when asked", async (aspect_ratio, width, height) => {
    expect(await single(model, { prompt: "p", aspect_ratio, resolution: "1K", output_format: "png" })).toMatchObject({
      width,
      height,
      format: "png",
      contentType: "image/png",
    });
  });

  it("fetches all 14 images and answers at the first one's ratio for match_input_image", async () => {
    const given = [`${images.url}/img/1200x896.png?first`, ...urls(13, "768x1376")];
    expect(await single(model, { prompt: "p", image_input: given, resolution: "1K" })).toMatchObject({ width: 1200, height: 896 });
    expect([...images.requested].sort()).toEqual(given.map((url) => url.slice(images.url.length)).sort());
  });

  it("takes the listed ratio nearest the first image's when it is not one of Google's", async () => {
    expect(await single(model, { prompt: "p", image_input: urls(1, "1000x1000"), resolution: "1K" })).toMatchObject({ width: 1024, height: 1024 });
    expect(await single(model, { prompt: "p", image_input: urls(1, "900x480"), resolution: "2K" })).toMatchObject({ width: 2752, height: 1536 });
  });

  it("refuses a 15th image, an unknown resolution, ratio or format with a 422 naming the field", async () => {
    expect(await refused(model, { prompt: "p", image_input: urls(15) })).toEqual([
      { type: "array_max_items", field: "input.image_input", description: "Array must have at most 14 items" },
    ]);
    expect(await refused(model, { prompt: "p", image_input: "https://example.com/a.png" })).toEqual([
      { type: "invalid_type", field: "input.image_input", description: "Invalid type. Expected: array, given: string" },
    ]);
    expect(await refused(model, { prompt: "p", resolution: "8K" })).toEqual([
      { type: "enum", field: "input.resolution", description: 'input.resolution must be one of the following: "1K", "2K", "4K"' },
    ]);
    expect(await refused(model, { prompt: "p", resolution: "1k" })).toEqual([expect.objectContaining({ field: "input.resolution" })]);
    expect(await refused(model, { prompt: "p", aspect_ratio: "2:1" })).toEqual([
      expect.objectContaining({ type: "enum", field: "input.aspect_ratio" }),
    ]);
    expect(await refused(model, { prompt: "p", output_format: "webp" })).toEqual([
      expect.objectContaining({ type: "enum", field: "input.output_format" }),
    ]);
    expect(await refused(model, { image_input: [] })).toEqual([{ type: "required", field: "input", description: "prompt is required" }]);
  });

  it("ignores an input field the model does not have, as Replicate does", async () => {
    const done = await accepted(model, { prompt: "p", seed: 3, output_quality: 10, resolution: "1K" });
    expect(typeof done.output).toBe("string");
    expect(done.logs).not.toMatch(/it\/s|Using seed/);
  });

  it.each([
    ["one of the URLs answers 403", "/expired.png", /^Failed to download image_input\[2\] from http:\/\/127\.0\.0\.1:\d+\/expired\.png: HTTP 403$/],
    ["one of the URLs is not an image", "/note.txt", /^cannot identify image file: image_input\[2\] must be jpeg, png, gif, or webp$/],
  ])("fails the prediction with a readable error when %s", async (_case, path, message) => {
    const given = [...urls(2), `${images.url}${path}`, ...urls(1)];
    const done = await settled((await replicate.predictions.create({ model, input: { prompt: "p", image_input: given } })).id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(message);
    expect(done.output).toBeNull();
    await expect(run(model, { prompt: "p", image_input: [`${images.url}${path}`] })).rejects.toThrow(/^Prediction failed: /);
  });
});

describe("the emulator's google/nano-banana-pro safety filter", () => {
  const model: Model = "google/nano-banana-pro";

  it.each(["block_low_and_above", "block_medium_and_above", "block_only_high"])("accepts safety_filter_level %s", async (level) => {
    await accepted(model, { prompt: "p", safety_filter_level: level, resolution: "1K" });
  });

  it("refuses any other safety_filter_level, and the ratios only Nano Banana 2 has", async () => {
    expect(await refused(model, { prompt: "p", safety_filter_level: "block_none" })).toEqual([
      {
        type: "enum",
        field: "input.safety_filter_level",
        description: 'input.safety_filter_level must be one of the following: "block_low_and_above", "block_medium_and_above", "block_only_high"',
      },
    ]);
    expect(await refused(model, { prompt: "p", aspect_ratio: "1:4" })).toEqual([expect.objectContaining({ field: "input.aspect_ratio" })]);
  });
});

describe("the emulator's google/nano-banana-2 extras", () => {
  const model: Model = "google/nano-banana-2";

  it.each([
    ["1:4", 512, 2064],
    ["4:1", 2064, 512],
    ["1:8", 352, 2928],
    ["8:1", 2928, 352],
  ])("answers the extreme ratio %s at 1K as %i×%i", async (aspect_ratio, width, height) => {
    expect(await single(model, { prompt: "p", aspect_ratio })).toMatchObject({ width, height });
  });

  it("takes google_search and image_search as booleans, and has no safety_filter_level to check", async () => {
    await accepted(model, { prompt: "p", google_search: true, image_search: true });
    expect(await refused(model, { prompt: "p", google_search: "yes" })).toEqual([
      { type: "invalid_type", field: "input.google_search", description: "Invalid type. Expected: boolean, given: string" },
    ]);
    await accepted(model, { prompt: "p", safety_filter_level: "anything" });
  });
});
