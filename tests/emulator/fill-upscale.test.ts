import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { type EmulatorPrediction, type ImageServer, postJson, REPLICATE_AUTH, replicateBase, startImageServer, startTestEmulator } from "./support";

let emulator: Emulator;
let images: ImageServer;

beforeAll(async () => {
  emulator = await startTestEmulator();
  images = await startImageServer();
});
afterAll(async () => {
  await emulator?.close();
  await images?.close();
});

async function run(model: string, input: Record<string, unknown>): Promise<EmulatorPrediction> {
  const response = await postJson(`${replicateBase(emulator)}/models/${model}/predictions`, { input }, { ...REPLICATE_AUTH, prefer: "wait=10" });
  expect(response.status).toBe(201);
  return (await response.json()) as EmulatorPrediction;
}

async function outputOf(prediction: EmulatorPrediction) {
  expect(prediction.status, prediction.error ?? "").toBe("succeeded");
  expect(typeof prediction.output).toBe("string");
  const bytes = Buffer.from(await (await fetch(prediction.output as string)).arrayBuffer());
  const { width, height, format, xmp } = await sharp(bytes).metadata();
  return { width, height, format, provenance: xmp?.toString() ?? "" };
}

const img = (width: number, height: number, tag = "") => `${images.url}/img/${width}x${height}.png?${tag}`;

describe("the emulator's FLUX Fill Pro", () => {
  it("fetches image and mask and answers one image of the image's size, with the provenance XMP", async () => {
    const prediction = await run("black-forest-labs/flux-fill-pro", { prompt: "a red balloon", image: img(320, 200, "i"), mask: img(320, 200, "m") });
    const out = await outputOf(prediction);
    expect(out).toMatchObject({ width: 320, height: 200, format: "jpeg" });
    expect(out.provenance.includes("trainedAlgorithmicMedia")).toBe(true);
    expect(images.requested).toEqual(expect.arrayContaining(["/img/320x200.png?i", "/img/320x200.png?m"]));
  });

  it("fails the prediction when the mask's size differs from the image's", async () => {
    const prediction = await run("black-forest-labs/flux-fill-pro", { prompt: "", image: img(320, 200), mask: img(160, 100) });
    expect(prediction.status).toBe("failed");
    expect(prediction.error).toMatch(/Mask size \(160x100\) does not match image size \(320x200\)/);
    expect(prediction.output).toBeNull();
  });

  it.each([
    ["Zoom out 1.5x", 480, 300],
    ["Zoom out 2x", 640, 400],
    ["Make square", 320, 320],
    ["Left outpaint", 480, 200],
    ["Right outpaint", 480, 200],
    ["Top outpaint", 320, 300],
    ["Bottom outpaint", 320, 300],
  ])("outpaint %s makes a 320×200 image %i×%i (and ignores a mask of another size)", async (outpaint, width, height) => {
    const prediction = await run("black-forest-labs/flux-fill-pro", { image: img(320, 200), mask: img(10, 10), outpaint, output_format: "png" });
    expect(await outputOf(prediction)).toMatchObject({ width, height, format: "png" });
  });

  it("refuses an outpaint option it does not know, like Replicate's schema", async () => {
    const response = await postJson(
      `${replicateBase(emulator)}/models/black-forest-labs/flux-fill-pro/predictions`,
      { input: { image: img(32, 32), outpaint: "Zoom out 3x" } },
      REPLICATE_AUTH,
    );
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toMatch(/input\.outpaint must be one of/);
  });

  it.each([
    ["image", { image: `${"http://127.0.0.1:9"}/gone.png`, mask: "" }],
    ["mask", { mask: "http://127.0.0.1:9/gone.png" }],
  ])("fails like the provider when the %s cannot be read", async (field, input) => {
    const prediction = await run("black-forest-labs/flux-fill-pro", { image: img(64, 64), ...input });
    expect(prediction.status).toBe("failed");
    expect(prediction.error).toMatch(new RegExp(`Failed to download ${field} from`));
  });
});

describe("the emulator's Google upscaler", () => {
  it.each([
    ["x2", 600, 400],
    ["x4", 1200, 800],
  ])("upscale_factor %s makes a 300×200 image %i×%i", async (upscale_factor, width, height) => {
    const out = await outputOf(await run("google/upscaler", { image: img(300, 200), upscale_factor }));
    expect(out).toMatchObject({ width, height, format: "png" });
    expect(out.provenance.includes("trainedAlgorithmicMedia")).toBe(true);
  });

  it("fails an upscale past 17 megapixels, and one whose image cannot be read", async () => {
    const large = await run("google/upscaler", { image: img(2100, 2100), upscale_factor: "x2" });
    expect(large.status).toBe("failed");
    expect(large.error).toMatch(/4200x4200.*17 megapixels/);
    const gone = await run("google/upscaler", { image: `${images.url}/expired.png` });
    expect(gone.status).toBe("failed");
    expect(gone.error).toMatch(/Failed to download image from .*HTTP 403/);
  });

  it("refuses a factor it does not offer", async () => {
    const response = await postJson(
      `${replicateBase(emulator)}/models/google/upscaler/predictions`,
      { input: { image: img(8, 8), upscale_factor: "x3" } },
      REPLICATE_AUTH,
    );
    expect(response.status).toBe(422);
  });
});
