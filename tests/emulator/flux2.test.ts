import Replicate from "replicate";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { type Model, modelDriver } from "./model-driver";
import { type ImageServer, replicateBase, startImageServer, startTestEmulator } from "./support";

// FLUX.2 on Replicate, driven with the official client. Facts: emulator/README.md "FLUX.2" and the pages it cites.

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

const { run, sizeOf, single, refused, settled, accepted } = modelDriver(() => replicate);

const urls = (count: number, size = "64x64") => Array.from({ length: count }, (_, i) => `${images.url}/img/${size}.png?n=${i}`);

describe.each([
  { model: "black-forest-labs/flux-2-pro" as Model, maxImages: 8 },
  { model: "black-forest-labs/flux-2-max" as Model, maxImages: 8 },
  { model: "black-forest-labs/flux-2-flex" as Model, maxImages: 10 },
])("the emulator's $model", ({ model, maxImages }) => {
  it.each([
    ["0.5 MP", 720],
    ["1 MP", 1024],
    ["2 MP", 1456],
    ["4 MP", 2048],
  ])("answers one square image for resolution %s (%i px a side, multiples of 16)", async (resolution, side) => {
    expect(await single(model, { prompt: "a kettle", resolution, output_format: "jpg" })).toMatchObject({
      width: side,
      height: side,
      format: "jpeg",
      contentType: "image/jpeg",
    });
  });

  it("holds the long side to 2048 when a wide ratio asks for 4 MP, and defaults to 1 MP 1:1 webp", async () => {
    expect(await single(model, { prompt: "a pier", aspect_ratio: "16:9", resolution: "4 MP", output_format: "png" })).toMatchObject({
      width: 2048,
      height: 1152,
      format: "png",
    });
    expect(await single(model, { prompt: "a pier", aspect_ratio: "9:16" })).toMatchObject({ width: 768, height: 1360, format: "webp" });
    expect(await single(model, { prompt: "a pier" })).toMatchObject({ width: 1024, height: 1024, format: "webp" });
  });

  it(`fetches every one of ${maxImages} input images and takes the first one's ratio for match_input_image`, async () => {
    const given = [`${images.url}/img/1200x600.png?first`, ...urls(maxImages - 1, "300x900")];
    const output = await single(model, { prompt: "combine", input_images: given, aspect_ratio: "match_input_image", output_format: "png" });
    expect(output.width! / output.height!).toBeCloseTo(2, 1);
    expect(output.width! % 16).toBe(0);
    expect(output.height! % 16).toBe(0);
    expect([...images.requested].sort()).toEqual(given.map((url) => url.slice(images.url.length)).sort());
  });

  it("matches the first input's pixel count for resolution match_input_image, clamped to 0.5–4 MP", async () => {
    const input = { prompt: "p", aspect_ratio: "match_input_image", resolution: "match_input_image", output_format: "jpg" };
    expect(await single(model, { ...input, input_images: [`${images.url}/img/2048x1024.png`] })).toMatchObject({ width: 2048, height: 1024 });
    expect(await single(model, { ...input, input_images: [`${images.url}/img/200x100.png`] })).toMatchObject({ width: 1024, height: 512 });
  });

  it("takes width and height for aspect_ratio custom, rounded to multiples of 16", async () => {
    expect(await single(model, { prompt: "p", aspect_ratio: "custom", width: 1000, height: 500, output_format: "jpg" })).toMatchObject({
      width: 1008,
      height: 496,
    });
    await accepted(model, { prompt: "p", aspect_ratio: "custom", width: 256, height: 2048 });
  });

  it("refuses each knob one past its limit with a 422 naming the field", async () => {
    expect(await refused(model, { prompt: "p", input_images: urls(maxImages + 1) })).toEqual([
      { type: "array_max_items", field: "input.input_images", description: `Array must have at most ${maxImages} items` },
    ]);
    expect(await refused(model, { prompt: "p", input_images: [`${images.url}/img/8x8.png`, 7] })).toEqual([
      expect.objectContaining({ type: "invalid_type", field: "input.input_images.1" }),
    ]);
    expect(await refused(model, { prompt: "p", resolution: "8 MP" })).toEqual([expect.objectContaining({ type: "enum", field: "input.resolution" })]);
    expect(await refused(model, { prompt: "p", aspect_ratio: "21:9" })).toEqual([
      expect.objectContaining({ type: "enum", field: "input.aspect_ratio" }),
    ]);
    expect(await refused(model, { prompt: "p", safety_tolerance: 6 })).toEqual([
      { type: "number_lte", field: "input.safety_tolerance", description: "Must be less than or equal to 5" },
    ]);
    expect(await refused(model, { prompt: "p", safety_tolerance: 0 })).toEqual([
      { type: "number_gte", field: "input.safety_tolerance", description: "Must be greater than or equal to 1" },
    ]);
    expect(await refused(model, { prompt: "p", width: 2049 })).toEqual([expect.objectContaining({ type: "number_lte", field: "input.width" })]);
    expect(await refused(model, { prompt: "p", height: 255 })).toEqual([expect.objectContaining({ type: "number_gte", field: "input.height" })]);
    expect(await refused(model, { prompt: "p", output_quality: 101 })).toEqual([expect.objectContaining({ field: "input.output_quality" })]);
    expect(await refused(model, { prompt: "p", output_format: "gif" })).toEqual([expect.objectContaining({ field: "input.output_format" })]);
    expect(await refused(model, { resolution: "1 MP" })).toEqual([{ type: "required", field: "input", description: "prompt is required" }]);
  });

  it("accepts each knob at its limits", async () => {
    await accepted(model, { prompt: "p", input_images: urls(maxImages), safety_tolerance: 1, output_quality: 0, seed: 0 });
    await accepted(model, { prompt: "p", input_images: [], safety_tolerance: 5, output_quality: 100, resolution: "0.5 MP" });
  });

  it("ignores an input field the model does not have, as Replicate does", async () => {
    const done = await accepted(model, { prompt: "p", num_outputs: 4, prompt_strength: 7 });
    expect(typeof done.output).toBe("string");
  });

  it.each([
    ["one of the URLs answers 403", "/expired.png", /^Failed to download input_images\[1\] from http:\/\/127\.0\.0\.1:\d+\/expired\.png: HTTP 403$/],
    ["one of the URLs is not an image", "/note.txt", /^cannot identify image file: input_images\[1\] must be jpeg, png, gif, or webp$/],
  ])("fails the prediction with a readable error when %s", async (_case, path, message) => {
    const created = await replicate.predictions.create({
      model,
      input: { prompt: "p", input_images: [`${images.url}/img/64x64.png`, `${images.url}${path}`] },
    });
    const done = await settled(created.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(message);
    expect(done.output).toBeNull();
    await expect(run(model, { prompt: "p", input_images: [`${images.url}${path}`] })).rejects.toThrow(/^Prediction failed: /);
  });
});

describe("the emulator's black-forest-labs/flux-2-flex knobs", () => {
  const model: Model = "black-forest-labs/flux-2-flex";

  it("takes steps 1–50, guidance 1.5–10 and prompt_upsampling, and refuses one past each", async () => {
    const done = await accepted(model, { prompt: "p", steps: 1, guidance: 1.5, prompt_upsampling: false });
    expect(done.logs).toContain("1/1");
    await accepted(model, { prompt: "p", steps: 50, guidance: 10 });
    expect(await refused(model, { prompt: "p", steps: 51 })).toEqual([expect.objectContaining({ type: "number_lte", field: "input.steps" })]);
    expect(await refused(model, { prompt: "p", steps: 0 })).toEqual([expect.objectContaining({ type: "number_gte", field: "input.steps" })]);
    expect(await refused(model, { prompt: "p", guidance: 1.4 })).toEqual([expect.objectContaining({ type: "number_gte", field: "input.guidance" })]);
    expect(await refused(model, { prompt: "p", guidance: 10.5 })).toEqual([expect.objectContaining({ type: "number_lte", field: "input.guidance" })]);
    expect(await refused(model, { prompt: "p", prompt_upsampling: "yes" })).toEqual([
      { type: "invalid_type", field: "input.prompt_upsampling", description: "Invalid type. Expected: boolean, given: string" },
    ]);
  });
});

describe("the emulator's black-forest-labs/flux-2-dev", () => {
  const model: Model = "black-forest-labs/flux-2-dev";

  it("answers one image of about a megapixel (multiples of 32) at the ratio, or the first input's", async () => {
    expect(await single(model, { prompt: "p" })).toMatchObject({ width: 1024, height: 1024, format: "webp" });
    expect(await single(model, { prompt: "p", aspect_ratio: "16:9", output_format: "jpg" })).toMatchObject({ width: 1376, height: 768 });
    const output = await single(model, { prompt: "p", aspect_ratio: "match_input_image", input_images: [...urls(1, "900x450"), ...urls(3)] });
    expect(output).toMatchObject({ width: 1440, height: 736 });
    expect(images.requested).toHaveLength(4);
  });

  it("takes up to 4 input images and custom sizes of 256–1440, and refuses one past each", async () => {
    await accepted(model, { prompt: "p", input_images: urls(4), go_fast: false, disable_safety_checker: true });
    expect(await single(model, { prompt: "p", aspect_ratio: "custom", width: 1440, height: 256 })).toMatchObject({ width: 1440, height: 256 });
    expect(await refused(model, { prompt: "p", input_images: urls(5) })).toEqual([expect.objectContaining({ field: "input.input_images" })]);
    expect(await refused(model, { prompt: "p", width: 1441 })).toEqual([expect.objectContaining({ type: "number_lte", field: "input.width" })]);
    expect(await refused(model, { prompt: "p", go_fast: 1 })).toEqual([expect.objectContaining({ type: "invalid_type", field: "input.go_fast" })]);
  });

  it("honours disable_safety_checker for the [nsfw] marker", async () => {
    await expect(run(model, { prompt: "[nsfw] p" })).rejects.toThrow(/NSFW/);
    await accepted(model, { prompt: "[nsfw] p", disable_safety_checker: true });
  });
});

describe.each([{ model: "black-forest-labs/flux-2-klein-4b" as Model }, { model: "black-forest-labs/flux-2-klein-9b-base" as Model }])(
  "the emulator's $model",
  ({ model }) => {
    it.each([
      ["0.25", 512],
      ["0.5", 720],
      ["1", 1024],
      ["2", 1456],
      ["4", 2048],
    ])("answers a list of one square jpg for output_megapixels %s (%i px a side)", async (megapixels, side) => {
      const output = await run(model, { prompt: "p", output_megapixels: megapixels });
      expect(Array.isArray(output)).toBe(true);
      expect(output).toHaveLength(1);
      expect(await sizeOf((output as string[])[0]!)).toMatchObject({ width: side, height: side, format: "jpeg" });
    });

    it("fetches every one of 5 images and takes the first one's ratio for match_input_image", async () => {
      const given = [`${images.url}/img/600x1200.png?first`, ...urls(4, "1200x600")];
      const [url] = (await run(model, { prompt: "p", images: given, aspect_ratio: "match_input_image", output_format: "png" })) as string[];
      const output = await sizeOf(url!);
      expect(output.width! / output.height!).toBeCloseTo(0.5, 1);
      expect(output.format).toBe("png");
      expect(images.requested).toHaveLength(5);
    });

    it("refuses a sixth image, an unknown megapixel count and a bad ratio with a 422", async () => {
      await accepted(model, { prompt: "p", images: urls(5), aspect_ratio: "9:21", output_quality: 0, go_fast: true });
      expect(await refused(model, { prompt: "p", images: urls(6) })).toEqual([
        { type: "array_max_items", field: "input.images", description: "Array must have at most 5 items" },
      ]);
      expect(await refused(model, { prompt: "p", output_megapixels: "3" })).toEqual([
        expect.objectContaining({ type: "enum", field: "input.output_megapixels" }),
      ]);
      expect(await refused(model, { prompt: "p", output_megapixels: 1 })).toEqual([
        expect.objectContaining({ type: "invalid_type", field: "input.output_megapixels" }),
      ]);
      expect(await refused(model, { prompt: "p", aspect_ratio: "custom" })).toEqual([
        expect.objectContaining({ type: "enum", field: "input.aspect_ratio" }),
      ]);
    });

    it("fails the prediction when an image cannot be downloaded", async () => {
      await expect(run(model, { prompt: "p", images: [`${images.url}/img/64x64.png`, `${images.url}/gone.png`] })).rejects.toThrow(
        /Failed to download images\[1\] from .*gone\.png: HTTP 403/,
      );
    });
  },
);

describe("the emulator's black-forest-labs/flux-2-klein-9b-base guidance", () => {
  it("takes guidance 1–10 and refuses one past each end", async () => {
    const model: Model = "black-forest-labs/flux-2-klein-9b-base";
    await accepted(model, { prompt: "p", guidance: 1 });
    await accepted(model, { prompt: "p", guidance: 10 });
    expect(await refused(model, { prompt: "p", guidance: 0.5 })).toEqual([expect.objectContaining({ type: "number_gte", field: "input.guidance" })]);
    expect(await refused(model, { prompt: "p", guidance: 11 })).toEqual([expect.objectContaining({ type: "number_lte", field: "input.guidance" })]);
  });
});

describe("input images given as data: URIs", () => {
  it("reads a data: URI like a URL, and its ratio drives match_input_image", async () => {
    const png = await sharp({ create: { width: 400, height: 200, channels: 3, background: "#a37" } })
      .png()
      .toBuffer();
    const dataUri = `data:image/png;base64,${png.toString("base64")}`;
    const output = await single("black-forest-labs/flux-2-pro", { prompt: "p", input_images: [dataUri], aspect_ratio: "match_input_image" });
    expect(output).toMatchObject({ width: 1456, height: 720 });
  });
});
