import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as inputImages from "../../app/api/input-images/route";
import * as uploads from "../../app/api/uploads/route";
import { remixRequest } from "../../components/tasks/remix";
import { OUTPAINT_PRESETS, outpaintSize } from "../../lib/shared/models/outpaint";
import { listEmulatorPredictions, listEmulatorRequests, resetEmulator, taskIdOfWebhook } from "../helpers/emulator-control";
import { registerRoute, startTestApp, type TestApp } from "../helpers/app-server";
import { generateSucceeded, newPayer } from "../helpers/task-flow";
import type { TestBrowser } from "../helpers/http-client";

type Handler = Parameters<typeof registerRoute>[2];
registerRoute("POST", /^\/api\/uploads$/, uploads.POST as Handler);
registerRoute("GET", /^\/api\/input-images$/, inputImages.GET as Handler);

let app: TestApp;

const VARS = {
  MAX_IN_FLIGHT_PER_USER: "10",
  GENERATE_RATE_LIMIT_PER_MINUTE: "1000",
  CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "1000",
  UPLOAD_RATE_LIMIT_PER_MINUTE: "1000",
  CLIENT_UPLOAD_RATE_LIMIT_PER_MINUTE: "1000",
};

beforeAll(async () => {
  app = await startTestApp({ vars: VARS });
});
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  await resetEmulator(app.emulator.url);
});

type Box = { left: number; top: number; width: number; height: number };

/** A photo-like PNG, or a black mask with a white box (white = repaint), or a JPEG of either. */
async function picture(width: number, height: number, options: { mask?: Box | "none"; jpeg?: boolean } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const background = options.mask ? "#000000" : "#c87828";
  let image = sharp({ create: { width, height, channels: 3, background } });
  const box = options.mask;
  if (box && box !== "none") {
    const white = await sharp({ create: { width: box.width, height: box.height, channels: 3, background: "#ffffff" } })
      .png()
      .toBuffer();
    image = sharp(await image.png().toBuffer()).composite([{ input: white, left: box.left, top: box.top }]);
  }
  return new Uint8Array(options.jpeg ? await image.jpeg().toBuffer() : await image.png().toBuffer());
}

async function upload(
  browser: TestBrowser,
  bytes: Uint8Array<ArrayBuffer>,
  contentType = "image/png",
): Promise<{ id: string; width: number; height: number }> {
  const response = await browser.request("POST", "/api/uploads", { body: bytes, headers: { "content-type": contentType } });
  expect(response.status, response.text).toBe(201);
  return response.body.upload;
}

async function predictionOf(taskId: string) {
  const prediction = (await listEmulatorPredictions(app.emulator.url)).find((p) => taskIdOfWebhook(p.webhook) === taskId);
  if (!prediction) throw new Error(`no prediction for ${taskId}`);
  return prediction;
}

async function imageOf(browser: TestBrowser, url: string) {
  const response = await fetch(new URL(url, app.url), { headers: { cookie: `sid=${browser.cookie("sid")}` } });
  expect(response.status).toBe(200);
  const { width, height, xmp } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  return { width: width!, height: height!, provenance: xmp?.toString() ?? "" };
}

async function spentToday(browser: TestBrowser): Promise<number> {
  return (await browser.get("/api/me")).body.spend.today_usd;
}

const creates = async () => (await listEmulatorRequests(app.emulator.url)).filter((r: any) => r.method === "POST").length;

describe("GET /api/models", () => {
  it("lists the fill model and the upscaler with their kind, provider model, inputs and price rule", async () => {
    const models = (await app.browser().get("/api/models")).body.models as any[];
    const fill = models.find((model) => model.key === "flux-fill-pro");
    const upscaler = models.find((model) => model.key === "upscaler");
    expect(fill).toMatchObject({
      kind: "fill",
      provider_model: "black-forest-labs/flux-fill-pro",
      input_image: "required",
      max_outputs: 1,
      price: { per: "image", usd: 0.05, base_usd: 0.05 },
    });
    expect(fill.inputs.properties.outpaint.enum).toEqual([...OUTPAINT_PRESETS]);
    expect(fill.inputs.properties).toHaveProperty("mask");
    expect(fill.inputs.properties.steps).toMatchObject({ minimum: 15, maximum: 50 });
    expect(fill.inputs.required).toEqual(["input_image"]);
    expect(upscaler).toMatchObject({
      kind: "upscale",
      provider_model: "google/upscaler",
      input_image: "required",
      price: { per: "option", field: "scale", usd: { "2": 0.005, "4": 0.005 }, default_option: "2", base_usd: 0.005 },
    });
    expect(upscaler.inputs.required).toEqual(["input_image", "scale"]);
    expect(upscaler.inputs.properties).not.toHaveProperty("seed");
  });
});

describe("erase → expand → upscale", () => {
  it("repaints under the mask, extends the frame, enlarges 4×: each task linked to the one before, charged its rule's price", async () => {
    const payer = await newPayer(app);
    const photo = await upload(payer, await picture(256, 192));
    const mask = await upload(payer, await picture(256, 192, { mask: { left: 96, top: 64, width: 48, height: 48 } }));

    const erase = await generateSucceeded(payer, {
      model: "flux-fill-pro",
      input_image: photo.id,
      mask: mask.id,
      prompt: "a red balloon",
      steps: 20,
    });
    // An upload has no task behind it: the erase starts the chain, and shows what it worked on and under which mask.
    expect(erase).toMatchObject({
      model: "flux-fill-pro",
      prompt: "a red balloon",
      parent_id: null,
      input_image: { url: `/api/uploads/${photo.id}` },
      mask: { ref: mask.id, url: `/api/uploads/${mask.id}` },
      cost_usd: 0.05,
    });
    expect(erase.images[0]).toMatchObject({ width: 256, height: 192 });
    const eraseInput = (await predictionOf(erase.id)).input;
    // The provider reads the image and the mask through signed app URLs, under its own field names.
    expect(eraseInput.image).toMatch(new RegExp(`^${app.url}/api/input-images\\?key=uploads%2F${photo.id}\\.png`));
    expect(eraseInput.mask).toMatch(new RegExp(`^${app.url}/api/input-images\\?key=uploads%2F${mask.id}\\.png`));
    expect(eraseInput).toMatchObject({ prompt: "a red balloon", steps: 20 });
    expect(eraseInput).not.toHaveProperty("input_image");
    expect(eraseInput).not.toHaveProperty("aspect_ratio");
    expect(await imageOf(payer, erase.images[0].url)).toMatchObject({ width: 256, height: 192 });

    const expand = await generateSucceeded(payer, {
      model: "flux-fill-pro",
      input_image: `task:${erase.id}/0`,
      outpaint: "Zoom out 2x",
      output_format: "png",
    });
    expect(expand).toMatchObject({ parent_id: erase.id, prompt: "", mask: null, cost_usd: 0.05 });
    const framed = outpaintSize("Zoom out 2x", { width: 256, height: 192 });
    expect(expand.images[0]).toMatchObject(framed);
    expect((await predictionOf(expand.id)).input).toMatchObject({ outpaint: "Zoom out 2x", prompt: "" });
    expect((await predictionOf(expand.id)).input).not.toHaveProperty("mask");

    const upscale = await generateSucceeded(payer, { model: "upscaler", input_image: `task:${expand.id}/0`, scale: 4 });
    expect(upscale).toMatchObject({ parent_id: expand.id, prompt: "", cost_usd: 0.005 });
    expect(upscale.images[0]).toMatchObject({ width: 2048, height: 1536 });
    const upscaleInput = (await predictionOf(upscale.id)).input;
    expect(upscaleInput).toMatchObject({ upscale_factor: "x4" });
    expect(upscaleInput.image).toMatch(new RegExp(`^${app.url}/api/input-images\\?key=tasks%2F${expand.id}%2F0\\.png`));
    expect(Object.keys(upscaleInput).sort()).toEqual(["image", "upscale_factor"]);
    // Copied to R2 like any output, at its new size, with the provider's provenance kept.
    const stored = await imageOf(payer, upscale.images[0].url);
    expect(stored).toMatchObject({ width: 2048, height: 1536 });
    expect(stored.provenance).toContain("trainedAlgorithmicMedia");

    // The lineage reads back from the upscale to the erase; the day's spend is the three prices.
    const chain: (string | null)[] = [];
    for (let id: string | null = upscale.id; id !== null; id = (await payer.get(`/api/tasks/${id}`)).body.task.parent_id) chain.push(id);
    expect(chain).toEqual([upscale.id, expand.id, erase.id]);
    expect(await spentToday(payer)).toBeCloseTo(0.105, 9);

    // "Again" remakes each from its task JSON: the same image, mask or preset, and factor.
    for (const task of [erase, expand, upscale]) {
      const again = await generateSucceeded(payer, remixRequest(task, { vary: false }));
      expect(again).toMatchObject({ model: task.model, parent_id: task.id, mask: task.mask, cost_usd: task.cost_usd });
      expect(again.images[0]).toMatchObject({ width: task.images[0].width, height: task.images[0].height });
    }
  });

  it("prices with the owner's MODEL_PRICES_USD, as GET /api/models shows it", async () => {
    app.setVars({ ...VARS, MODEL_PRICES_USD: JSON.stringify({ upscaler: 0.02, "flux-fill-pro": 0.06 }) });
    try {
      const payer = await newPayer(app);
      const photo = await upload(payer, await picture(64, 48));
      const upscale = await generateSucceeded(payer, { model: "upscaler", input_image: photo.id, scale: 2 });
      expect(upscale).toMatchObject({ cost_usd: 0.02, parent_id: null, input_image: { url: `/api/uploads/${photo.id}` } });
      expect(upscale.images[0]).toMatchObject({ width: 128, height: 96 });
      const expand = await generateSucceeded(payer, { model: "flux-fill-pro", input_image: photo.id, outpaint: "Make square" });
      expect(expand.cost_usd).toBe(0.06);
      expect(expand.images[0]).toMatchObject({ width: 64, height: 64 });
    } finally {
      app.setVars(VARS);
    }
  });
});

describe("bad input", () => {
  it("is a 4xx naming the problem, with nothing stored, reserved or sent", async () => {
    const payer = await newPayer(app);
    const stranger = await newPayer(app);
    const photo = await upload(payer, await picture(160, 120));
    const box = { left: 10, top: 10, width: 20, height: 20 };
    const goodMask = await upload(payer, await picture(160, 120, { mask: box }));
    const jpegMask = await upload(payer, await picture(160, 120, { mask: box, jpeg: true }), "image/jpeg");
    const smallMask = await upload(payer, await picture(80, 60, { mask: box }));
    const blackMask = await upload(payer, await picture(160, 120, { mask: "none" }));
    const strangersMask = await upload(stranger, await picture(160, 120, { mask: box }));
    const strangersPrivate = await generateSucceeded(stranger, { model: "flux-schnell", prompt: "mine alone", is_private: true });
    const large = await upload(payer, await picture(2048, 2048));
    // Stored bytes the upload route would refuse today (an upload kept from before, a file replaced in storage):
    // the lifecycle reads the mask's own bytes and size, whatever its row says.
    const garbled = await upload(payer, await picture(160, 120, { mask: box }));
    await app.storage.r2.put(`uploads/${garbled.id}.png`, new TextEncoder().encode("these are not image bytes"));
    const oversized = await upload(payer, await picture(160, 120, { mask: box }));
    await app.storage.r2.put(`uploads/${oversized.id}.png`, new Uint8Array(10 * 1024 * 1024 + 1));
    const bigFile = await upload(payer, await picture(160, 120));
    await app.storage.r2.put(`uploads/${bigFile.id}.png`, new Uint8Array(10 * 1024 * 1024 + 1));

    const tasksBefore = (await payer.get("/api/tasks")).body.tasks.length;
    const createsBefore = await creates();
    const fill = { model: "flux-fill-pro", input_image: photo.id };
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [fill, 422, /mask.*or.*outpaint/],
      [{ ...fill, mask: goodMask.id, outpaint: "Zoom out 2x" }, 422, /not both/],
      [{ ...fill, outpaint: "Zoom out 3x" }, 422, /outpaint.*Zoom out 1\.5x/],
      [{ ...fill, outpaint: "None" }, 422, /outpaint/],
      [{ ...fill, mask: jpegMask.id }, 415, /mask.*JPEG.*PNG/],
      [{ ...fill, mask: garbled.id }, 415, /mask.*not an image/],
      [{ ...fill, mask: smallMask.id }, 422, /mask.*80×60.*160×120.*same size/],
      [{ ...fill, mask: blackMask.id }, 422, /mask.*all black.*nothing to repaint/],
      [{ ...fill, mask: oversized.id }, 413, /mask.*at most 10 MB/],
      [{ ...fill, mask: strangersMask.id }, 404, /^mask:/],
      [{ ...fill, mask: "not-a-ref" }, 422, /mask/],
      [{ ...fill, input_image: `task:${strangersPrivate.id}/0`, outpaint: "Make square" }, 404, /^input_image:/],
      [{ ...fill, outpaint: "Make square", steps: 51 }, 422, /steps/],
      [{ ...fill, outpaint: "Make square", aspect_ratio: "1:1" }, 422, /aspect_ratio/],
      [{ model: "upscaler", input_image: large.id, scale: 4 }, 422, /2048×2048 px × 4 would be 8192×8192 px.*17 megapixels.*Choose 2×/],
      [{ model: "upscaler", input_image: bigFile.id, scale: 2 }, 413, /input_image.*at most 10 MB/],
      [{ model: "upscaler", input_image: photo.id, scale: 3 }, 422, /scale/],
      [{ model: "upscaler", input_image: photo.id }, 422, /scale/],
      [{ model: "upscaler", input_image: photo.id, scale: 2, prompt: "sharper" }, 422, /no prompt/],
      [{ model: "upscaler", input_image: strangersMask.id, scale: 2 }, 404, /^input_image:/],
    ];
    for (const [body, status, message] of cases) {
      const response = await payer.post("/api/generate", body);
      expect(response.status, `${JSON.stringify(body)} ${response.text}`).toBe(status);
      expect(response.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await payer.get("/api/tasks")).body.tasks).toHaveLength(tasksBefore);
    expect(await spentToday(payer)).toBe(0);
    expect(await creates()).toBe(createsBefore);
    // The same upscale by 2 fits (4096×4096 is under 17 megapixels): the refusal was the factor's, not the image's.
    const fits = await generateSucceeded(payer, { model: "upscaler", input_image: large.id, scale: 2 });
    expect(fits.images[0]).toMatchObject({ width: 4096, height: 4096 });
  });
});
