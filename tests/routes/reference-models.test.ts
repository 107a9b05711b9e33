import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as inputImages from "../../app/api/input-images/route";
import * as uploads from "../../app/api/uploads/route";
import { listEmulatorPredictions, listEmulatorRequests, resetEmulator, setFaults, taskIdOfWebhook } from "../helpers/emulator-control";
import { registerRoute, startTestApp, type TestApp } from "../helpers/app-server";
import { generateSucceeded, newPayer, settledTask } from "../helpers/task-flow";
import type { TestBrowser } from "../helpers/http-client";

type Handler = Parameters<typeof registerRoute>[2];
registerRoute("POST", /^\/api\/uploads$/, uploads.POST as Handler);
registerRoute("GET", /^\/api\/input-images$/, inputImages.GET as Handler);

let app: TestApp;

const VARS = { MAX_IN_FLIGHT_PER_USER: "10", GENERATE_RATE_LIMIT_PER_MINUTE: "1000", CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "1000" };

beforeAll(async () => {
  app = await startTestApp({ vars: VARS });
});
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  await resetEmulator(app.emulator.url);
});

const MICROS = 1_000_000;
const usd = (micros: number) => micros / MICROS;

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .png()
    .toBuffer();

async function upload(browser: TestBrowser, width: number, height: number): Promise<{ id: string; width: number; height: number }> {
  const response = await browser.request("POST", "/api/uploads", {
    body: new Uint8Array(await png(width, height)),
    headers: { "content-type": "image/png" },
  });
  expect(response.status, response.text).toBe(201);
  return response.body.upload;
}

async function predictionOf(taskId: string) {
  const prediction = (await listEmulatorPredictions(app.emulator.url)).find((p) => taskIdOfWebhook(p.webhook) === taskId);
  if (!prediction) throw new Error(`no prediction for ${taskId}`);
  return prediction;
}

async function imageSize(browser: TestBrowser, url: string) {
  const response = await fetch(new URL(url, app.url), { headers: { cookie: `sid=${browser.cookie("sid")}` } });
  expect(response.status).toBe(200);
  const { width, height } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  return { width: width!, height: height! };
}

async function spentToday(browser: TestBrowser): Promise<number> {
  return (await browser.get("/api/me")).body.spend.today_usd;
}

describe("GET /api/models", () => {
  it("lists every model from the catalogue with its key, kind, provider model, limits and price rule", async () => {
    const response = await app.browser().get("/api/models");
    expect(response.status).toBe(200);
    const models = response.body.models as any[];
    const byKey = Object.fromEntries(models.map((model) => [model.key, model]));
    expect(Object.keys(byKey)).toEqual(
      expect.arrayContaining([
        "flux-schnell",
        "flux-kontext-pro",
        "flux-2-pro",
        "flux-2-flex",
        "flux-2-dev",
        "flux-2-klein-4b",
        "nano-banana-pro",
        "nano-banana-2",
      ]),
    );
    for (const model of models) {
      expect(model.provider_model.split("/")[1], model.key).toBe(model.key === "flux-general" ? "flux-dev-lora" : model.key);
      expect(["generate", "edit", "fill", "upscale"]).toContain(model.kind);
      expect(model.inputs.type).toBe("object");
    }
    expect(byKey["flux-2-pro"]).toMatchObject({
      max_input_images: 8,
      max_outputs: 1,
      resolutions: ["match_input_image", "0.5 MP", "1 MP", "2 MP", "4 MP"],
      default_resolution: "1 MP",
      price: { per: "megapixel", first_usd: 0.03, extra_usd: 0.015, input_usd: 0.015, base_usd: 0.03 },
    });
    expect(byKey["flux-2-flex"].max_input_images).toBe(10);
    expect(byKey["nano-banana-pro"]).toMatchObject({ max_input_images: 14, price: { per: "resolution", default_tier: "2K" } });
    expect(byKey["flux-2-pro"].inputs.properties.safety_tolerance).toMatchObject({ minimum: 1, maximum: 5 });
    expect(byKey["flux-2-pro"].inputs.properties.input_images.maxItems).toBe(8);
    expect(byKey["flux-2-pro"].inputs.properties).not.toHaveProperty("is_private");
  });

  it("shows the price the server charges when the owner overrides it", async () => {
    app.setVars({ ...VARS, MODEL_PRICES_USD: JSON.stringify({ "flux-2-pro": 0.06, "flux-schnell": 0.004 }) });
    try {
      const models = (await app.browser().get("/api/models")).body.models as any[];
      const pro = models.find((model) => model.key === "flux-2-pro");
      // The whole rule scales with the override of its price at the defaults.
      expect(pro.price).toMatchObject({ base_usd: 0.06, first_usd: 0.06, extra_usd: 0.03, input_usd: 0.03 });
      expect(models.find((model) => model.key === "flux-schnell").price).toMatchObject({ per: "image", usd: 0.004 });
    } finally {
      app.setVars(VARS);
    }
  });
});

describe("several reference images", () => {
  it("generate → two references (an upload and a result) → edit the edit, each provider reading every image", async () => {
    const payer = await newPayer(app);
    const first = await generateSucceeded(payer, { model: "flux-schnell", prompt: "a red jacket on a hanger", aspect_ratio: "3:2" });
    const photo = await upload(payer, 800, 1000);
    const edit = await generateSucceeded(payer, {
      model: "flux-2-pro",
      prompt: "the person in image 1 wearing the jacket from image 2",
      input_images: [photo.id, `task:${first.id}/0`],
      aspect_ratio: "match_input_image",
    });
    expect(edit.input_images).toEqual([
      { ref: photo.id, url: `/api/uploads/${photo.id}` },
      { ref: `task:${first.id}/0`, url: `/api/images/${first.id}/0` },
    ]);
    expect(edit.parent_id).toBe(first.id);
    // The provider got a signed URL of the app for each reference, in order, and read them all.
    const input = (await predictionOf(edit.id)).input;
    expect(input.input_images).toHaveLength(2);
    expect(input.input_images[0]).toMatch(new RegExp(`^${app.url}/api/input-images\\?key=uploads%2F${photo.id}\\.`));
    expect(input.input_images[1]).toMatch(new RegExp(`^${app.url}/api/input-images\\?key=tasks%2F${first.id}%2F0\\.`));
    // The provider read every reference (an unreadable one fails the prediction) and matched the first one's ratio.
    const size = await imageSize(payer, edit.images[0].url);
    expect(size.width / size.height).toBeCloseTo(800 / 1000, 1);
    expect(edit.images[0]).toMatchObject({ width: size.width, height: size.height });

    const again = await generateSucceeded(payer, { model: "nano-banana-2", prompt: "the same, at night", input_images: [`task:${edit.id}/0`] });
    expect(again.input_images).toEqual([{ ref: `task:${edit.id}/0`, url: `/api/images/${edit.id}/0` }]);
    expect(again.parent_id).toBe(edit.id);
    const nanoInput = (await predictionOf(again.id)).input;
    // Google's models name the references `image_input`; the app renames, never re-checks.
    expect(nanoInput.image_input).toHaveLength(1);
    expect(nanoInput).not.toHaveProperty("input_images");
  });

  it("FLUX.2 Klein names its references `images` and answers with a list of one", async () => {
    const payer = await newPayer(app);
    const photo = await upload(payer, 512, 512);
    const done = await generateSucceeded(payer, {
      model: "flux-2-klein-4b",
      prompt: "a watercolour of image 1",
      input_images: [photo.id],
      output_megapixels: "0.25",
    });
    expect(done.images).toHaveLength(1);
    const input = (await predictionOf(done.id)).input;
    expect(input.images).toHaveLength(1);
    expect(input.output_megapixels).toBe("0.25");
  });

  it("refuses what a model does not take: a 4xx naming the field and the limit, nothing stored, reserved or sent", async () => {
    const payer = await newPayer(app);
    const photo = await upload(payer, 64, 64);
    const stranger = await newPayer(app);
    const strangersPhoto = await upload(stranger, 64, 64);
    const privateTask = await generateSucceeded(stranger, { model: "flux-schnell", prompt: "mine alone", is_private: true });
    const before = (await payer.get("/api/tasks")).body.tasks.length;
    const createsBefore = (await listEmulatorRequests(app.emulator.url)).filter((r: any) => r.method === "POST").length;
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ model: "flux-2-pro", input_images: Array(9).fill(photo.id) }, 422, /input_images.*at most 8/],
      [{ model: "flux-2-dev", input_images: Array(5).fill(photo.id) }, 422, /input_images.*at most 4/],
      [{ model: "nano-banana-pro", input_images: Array(15).fill(photo.id) }, 422, /input_images.*at most 14/],
      [{ model: "flux-2-pro", resolution: "3 MP" }, 422, /resolution/],
      [{ model: "flux-2-pro", safety_tolerance: 6 }, 422, /safety_tolerance/],
      [{ model: "flux-2-pro", safety_tolerance: 0 }, 422, /safety_tolerance/],
      [{ model: "nano-banana-pro", safety_filter_level: "block_none" }, 422, /safety_filter_level/],
      [{ model: "nano-banana-pro", resolution: "8K" }, 422, /resolution/],
      [{ model: "nano-banana-2", seed: 7 }, 422, /seed/],
      [{ model: "flux-2-klein-4b", output_megapixels: "8" }, 422, /output_megapixels/],
      [{ model: "flux-2-flex", steps: 51 }, 422, /steps/],
      [{ model: "flux-2-flex", guidance: 1 }, 422, /guidance/],
      [{ model: "flux-schnell", input_images: [photo.id] }, 422, /input_images.*takes no reference images/],
      [{ model: "flux-2-pro", input_images: ["not-a-ref"] }, 422, /input_images/],
      [{ model: "flux-2-pro", input_images: [photo.id, strangersPhoto.id] }, 404, /input_images\[1\]/],
      [{ model: "flux-2-pro", input_images: [`task:${privateTask.id}/0`] }, 404, /input_images\[0\]/],
    ];
    for (const [fields, status, message] of cases) {
      const response = await payer.post("/api/generate", { prompt: "x", ...fields });
      expect(response.status, JSON.stringify(fields)).toBe(status);
      expect(response.body.error.message, JSON.stringify(fields)).toMatch(message);
    }
    expect((await payer.get("/api/tasks")).body.tasks).toHaveLength(before);
    expect(await spentToday(payer)).toBe(0);
    expect((await listEmulatorRequests(app.emulator.url)).filter((r: any) => r.method === "POST")).toHaveLength(createsBefore);
  });

  it("accepts each knob at its limits", async () => {
    const payer = await newPayer(app);
    const photo = await upload(payer, 64, 64);
    const cases: Record<string, unknown>[] = [
      {
        model: "flux-2-pro",
        safety_tolerance: 1,
        resolution: "0.5 MP",
        input_images: Array(8).fill(photo.id),
        seed: 0,
        output_format: "png",
        output_quality: 100,
      },
      { model: "flux-2-pro", safety_tolerance: 5, resolution: "match_input_image", input_images: [photo.id] },
      { model: "flux-2-flex", steps: 1, guidance: 1.5, prompt_upsampling: false, input_images: Array(10).fill(photo.id) },
      { model: "flux-2-flex", steps: 50, guidance: 10 },
      { model: "flux-2-dev", go_fast: false, input_images: Array(4).fill(photo.id), aspect_ratio: "9:16" },
      { model: "flux-2-klein-4b", output_megapixels: "4", go_fast: true, aspect_ratio: "21:9" },
      {
        model: "nano-banana-pro",
        resolution: "1K",
        safety_filter_level: "block_low_and_above",
        input_images: Array(14).fill(photo.id),
        output_format: "png",
      },
      { model: "nano-banana-2", resolution: "4K", google_search: true, image_search: true, aspect_ratio: "8:1" },
    ];
    for (const fields of cases) {
      const response = await payer.post("/api/generate", { prompt: "x", ...fields });
      expect(response.status, `${JSON.stringify(fields)} ${response.text}`).toBe(201);
    }
  });
});

describe("prices that follow the input", () => {
  it("reserves and charges to the micro-dollar: FLUX.2 Pro by megapixels in and out, Nano Banana by resolution", async () => {
    const payer = await newPayer(app);
    const small = await upload(payer, 1024, 1024); // 1 MP: $0.015 as a reference
    const large = await upload(payer, 2048, 1500); // 2.93 MP: 3 started megapixels, $0.045
    const twoMp = await generateSucceeded(payer, { model: "flux-2-pro", prompt: "a harbour", resolution: "2 MP" });
    expect(twoMp.cost_usd).toBe(0.045); // $0.03 + one further MP
    const withRefs = await generateSucceeded(payer, {
      model: "flux-2-pro",
      prompt: "mix image 1 and 2",
      resolution: "4 MP",
      input_images: [small.id, large.id],
    });
    expect(withRefs.cost_usd).toBe(usd(30_000 + 3 * 15_000 + 15_000 + 3 * 15_000)); // $0.135
    const nano4k = await generateSucceeded(payer, { model: "nano-banana-pro", prompt: "a poster that says OPEN", resolution: "4K" });
    expect(nano4k.cost_usd).toBe(0.3);
    const nanoDefault = await generateSucceeded(payer, { model: "nano-banana-pro", prompt: "a label" });
    expect(nanoDefault.cost_usd).toBe(0.15);
    expect(await spentToday(payer)).toBeCloseTo(0.045 + 0.135 + 0.3 + 0.15, 6);
  });

  it("a failed prediction gives its whole reservation back", async () => {
    const payer = await newPayer(app);
    await setFaults(app.emulator.url, { failPredictions: 1 });
    const created = await payer.post("/api/generate", { model: "flux-2-pro", prompt: "something that fails", resolution: "4 MP" });
    expect(created.status).toBe(201);
    const done = await settledTask(payer, created.body.task.id);
    expect(done.status).toBe("failed");
    expect(done.cost_usd).toBeNull();
    expect(await spentToday(payer)).toBe(0);
  });

  it("reserves the input-dependent price exactly: 20 concurrent creates never overshoot the budget", async () => {
    // $0.135 each (4 MP and two references): a $0.50 budget fits three, not a fourth.
    app.setVars({ ...VARS, BUDGET_USER_USD_PER_DAY: "0.5", BUDGET_CLIENT_USD_PER_DAY: "0", MAX_IN_FLIGHT_PER_USER: "30", MAX_QUEUED_PER_USER: "30" });
    try {
      const payer = await newPayer(app);
      const small = await upload(payer, 1024, 1024);
      const large = await upload(payer, 2048, 1500);
      const body = { model: "flux-2-pro", prompt: "race", resolution: "4 MP", input_images: [small.id, large.id] };
      const responses = await Promise.all(Array.from({ length: 20 }, () => payer.post("/api/generate", body)));
      const accepted = responses.filter((response) => response.status === 201);
      const refused = responses.filter((response) => response.status === 429);
      expect(accepted).toHaveLength(3);
      expect(refused).toHaveLength(17);
      for (const response of refused) expect(response.body.error.code).toBe("budget_exceeded");
      await Promise.all(accepted.map((response) => settledTask(payer, response.body.task.id)));
      expect(await spentToday(payer)).toBeCloseTo(3 * 0.135, 6);
    } finally {
      app.setVars(VARS);
    }
  });
});
