import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import * as inputImages from "../../app/api/input-images/route";
import * as uploadById from "../../app/api/uploads/[id]/route";
import * as uploads from "../../app/api/uploads/route";
import { remixRequest } from "../../components/tasks/remix";
import { signInputImageUrl } from "../../lib/images/signed-input-url";
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_SIDE_PX } from "../../lib/shared/limits";
import { registerRoute, startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { waitFor, type TestBrowser } from "../helpers/http-client";

type Handler = Parameters<typeof registerRoute>[2];
registerRoute("POST", /^\/api\/uploads$/, uploads.POST as Handler);
registerRoute("GET", /^\/api\/uploads\/(?<id>[^/]+)$/, uploadById.GET as Handler);
registerRoute("GET", /^\/api\/input-images$/, inputImages.GET as Handler);

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function settled(browser: TestBrowser, id: string) {
  return waitFor(
    async () => {
      const task = (await browser.get(`/api/tasks/${id}`)).body.task;
      return ["succeeded", "failed", "canceled"].includes(task?.status) ? task : undefined;
    },
    { what: `task ${id} to settle` },
  );
}

async function generate(browser: TestBrowser, body: Record<string, unknown>) {
  const created = await browser.post("/api/generate", body);
  expect(created.status, created.text).toBe(201);
  const done = await settled(browser, created.body.task.id);
  expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
  return done;
}

async function emulatorPredictions(): Promise<any[]> {
  return (await fetch(`${app.emulator.url}/__emulator/predictions`)).json() as Promise<any[]>;
}

async function predictionOf(taskId: string) {
  const prediction = (await emulatorPredictions()).find((p) => new URL(String(p.webhook)).searchParams.get("task") === taskId);
  if (!prediction) throw new Error(`no prediction for ${taskId}`);
  return prediction;
}

async function imageSize(browser: TestBrowser, url: string) {
  const response = await fetch(new URL(url, app.url), { headers: { cookie: `sid=${browser.cookie("sid")}` } });
  expect(response.status).toBe(200);
  const { width, height } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  return { width: width!, height: height! };
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .png()
    .toBuffer();

async function upload(browser: TestBrowser, bytes: Uint8Array, contentType: string) {
  await browser.get("/api/me");
  return browser.request("POST", "/api/uploads", {
    body: new Uint8Array(bytes),
    headers: { "content-type": contentType },
  });
}

describe("seeds", () => {
  it("recovers the seed cog-flux printed in its logs when the input named none", async () => {
    const browser = app.browser();
    const done = await generate(browser, { model: "flux-schnell", prompt: "a paper boat on a pond" });
    const printed = /Using seed: (\d+)/.exec((await predictionOf(done.id)).logs)?.[1];
    expect(printed).toBeDefined();
    expect(done.seed).toBe(Number(printed));
    expect(done.seed_reproducible).toBe(false);
  });

  it("keeps the input's seed, marks go_fast off as reproducible, and has none for flux-pro", async () => {
    const browser = app.browser();
    const exact = await generate(browser, { model: "flux-dev", prompt: "a brass key", seed: 4242, go_fast: false });
    expect(exact).toMatchObject({ seed: 4242, seed_reproducible: true });
    const pro = await generate(browser, { model: "flux-pro", prompt: "a glass marble" });
    expect(pro.seed).toBeNull();
    expect((await predictionOf(pro.id)).logs).not.toContain("Using seed");
  });
});

describe("remix", () => {
  it("'Use these settings' carries every setting and 'Vary' only draws a new seed; both keep the parent", async () => {
    const owner = app.browser();
    const original = await generate(owner, {
      model: "flux-dev",
      prompt: "a lantern in the fog",
      aspect_ratio: "3:2",
      seed: 77,
      num_outputs: 2,
      output_format: "png",
      output_quality: 90,
      guidance: 4.5,
      num_inference_steps: 12,
      go_fast: false,
      megapixels: "0.25",
    });
    // Someone else remixes the public task.
    const other = app.browser();
    const same = await generate(other, remixRequest(original, { vary: false }));
    expect(same).toMatchObject({ model: "flux-dev", prompt: original.prompt, aspect_ratio: "3:2", seed: 77 });
    expect(same.parent_id).toBe(original.id);
    expect(same.settings).toEqual(original.settings);
    expect((await predictionOf(same.id)).input).toEqual((await predictionOf(original.id)).input);

    const varied = await generate(other, remixRequest(original, { vary: true, seed: 1234 }));
    expect(varied.parent_id).toBe(original.id);
    expect(varied.seed).toBe(1234);
    const { seed: _a, ...variedInput } = (await predictionOf(varied.id)).input;
    const { seed: _b, ...originalInput } = (await predictionOf(original.id)).input;
    expect(variedInput).toEqual(originalInput);
  });

  it("refuses a parent the caller may not see", async () => {
    const owner = app.browser();
    const secret = await generate(owner, { model: "flux-schnell", prompt: "a private sketch", is_private: true });
    const response = await app.browser().post("/api/generate", { ...remixRequest(secret, { vary: false }) });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toMatch(/parent_id/);
  });
});

describe("uploads", () => {
  it("stores a PNG under uploads/, private to its owner, with its size", async () => {
    const browser = app.browser();
    const bytes = await png(300, 400);
    const response = await upload(browser, bytes, "image/png");
    expect(response.status, response.text).toBe(201);
    expect(response.body.upload).toMatchObject({ width: 300, height: 400, content_type: "image/png", bytes: bytes.length });
    const { id, url } = response.body.upload;
    expect((await app.storage.r2.list({ prefix: "uploads/" })).objects.map((o) => o.key)).toContain(`uploads/${id}.png`);
    const served = await browser.get(url);
    expect(served.status).toBe(200);
    // Served as data, like every image: no sniffing, a sandboxing CSP, never a cookie.
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(served.headers.get("set-cookie")).toBeNull();
    expect((await app.browser().get(url)).status).toBe(404);
  });

  it("lets the bytes decide the type: JPEG bytes declared as PNG are stored as JPEG", async () => {
    const jpeg = await sharp(await png(64, 64))
      .jpeg()
      .toBuffer();
    const response = await upload(app.browser(), jpeg, "image/png");
    expect(response.status).toBe(201);
    expect(response.body.upload.content_type).toBe("image/jpeg");
  });

  it.each([
    ["bytes that are not an image", () => Buffer.from("GIF89a, or rather just text"), "image/png", 415, /PNG, JPEG or WebP/],
    ["a type we do not take", () => png(10, 10), "image/gif", 415, /image\/png/],
    ["more than 10 MB", () => Buffer.alloc(UPLOAD_MAX_BYTES + 1, 1), "image/png", 413, /10 MB/],
    ["a side over 4096 px", () => png(UPLOAD_MAX_SIDE_PX + 1, 16), "image/png", 422, /4096 px/],
  ] as const)("refuses %s", async (_name, make, contentType, status, message) => {
    const before = (await app.storage.r2.list({ prefix: "uploads/" })).objects.length;
    const response = await upload(app.browser(), await make(), contentType);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toMatch(message);
    expect((await app.storage.r2.list({ prefix: "uploads/" })).objects.length).toBe(before);
  });
});

describe("signed input-image URLs", () => {
  it("serves the bytes while valid and answers 403 once expired or tampered with", async () => {
    const browser = app.browser();
    const { upload: stored } = (await upload(browser, await png(20, 20), "image/png")).body;
    const key = `uploads/${stored.id}.png`;
    const valid = await signInputImageUrl(app.url, TEST_SECRETS.sessionSecret, key, Date.now());
    const ok = await fetch(valid);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");

    const expired = await signInputImageUrl(app.url, TEST_SECRETS.sessionSecret, key, Date.now() - 2 * 3600_000);
    const url = new URL(valid);
    const otherKey = new URL(valid);
    otherKey.searchParams.set("key", "uploads/someone-elses.png");
    const laterExpiry = new URL(valid);
    laterExpiry.searchParams.set("exp", String(Number(url.searchParams.get("exp")) + 60));
    const badSig = new URL(valid);
    badSig.searchParams.set("sig", `${url.searchParams.get("sig")!.slice(0, -2)}AA`);
    const wrongSecret = await signInputImageUrl(app.url, "x".repeat(40), key, Date.now());
    for (const candidate of [expired, otherKey.href, laterExpiry.href, badSig.href, wrongSecret]) {
      const response = await fetch(candidate);
      expect(response.status, candidate).toBe(403);
    }
  });
});

describe("editing with FLUX Kontext", () => {
  it("edits a result, then edits the edit: every output keeps the input's ratio", async () => {
    const browser = app.browser();
    const first = await generate(browser, { model: "flux-schnell", prompt: "a red tram in a city", aspect_ratio: "16:9" });
    const edit = await generate(browser, {
      model: "flux-kontext-pro",
      prompt: "make the tram blue",
      input_image: `task:${first.id}/0`,
    });
    expect(edit).toMatchObject({ aspect_ratio: "match_input_image", parent_id: first.id });
    expect(edit.input_image).toEqual({ url: `/api/images/${first.id}/0`, ref: `task:${first.id}/0` });
    expect(edit.cost_usd).toBeCloseTo(0.04, 6);
    const again = await generate(browser, {
      model: "flux-kontext-pro",
      prompt: "add snow",
      input_image: `task:${edit.id}/0`,
      output_format: "jpg",
    });
    expect(again.parent_id).toBe(edit.id);

    const ratio = ({ width, height }: { width: number; height: number }) => width / height;
    const source = await imageSize(browser, first.images[0].url);
    for (const task of [edit, again]) {
      expect(ratio(await imageSize(browser, task.images[0].url))).toBeCloseTo(ratio(source), 1);
    }
    // The provider was given a signed URL of the app, never the bucket.
    const input = (await predictionOf(edit.id)).input;
    expect(input.input_image).toMatch(new RegExp(`^${app.url}/api/input-images\\?key=tasks%2F${first.id}%2F0\\.`));
  });

  it("edits an upload of its owner at the upload's ratio", async () => {
    const browser = app.browser();
    const { upload: stored } = (await upload(browser, await png(600, 800), "image/png")).body;
    const edit = await generate(browser, { model: "flux-kontext-pro", prompt: "as a watercolour", input_image: stored.id });
    expect(edit.input_image).toEqual({ url: `/api/uploads/${stored.id}`, ref: stored.id });
    const size = await imageSize(browser, edit.images[0].url);
    expect(size.width / size.height).toBeCloseTo(600 / 800, 1);
  });

  it("answers 404 for an image the caller may not see and 422 without input_image or with a high tolerance", async () => {
    const owner = app.browser();
    const { upload: stored } = (await upload(owner, await png(32, 32), "image/png")).body;
    const privateTask = await generate(owner, { model: "flux-schnell", prompt: "mine", is_private: true });
    const stranger = app.browser();
    for (const input_image of [stored.id, `task:${privateTask.id}/0`, `task:${privateTask.id}/3`]) {
      const response = await stranger.post("/api/generate", { model: "flux-kontext-pro", prompt: "x", input_image });
      expect(response.status, input_image).toBe(404);
      expect(response.body.error.message).toMatch(/input_image/);
    }
    const missing = await owner.post("/api/generate", { model: "flux-kontext-pro", prompt: "x" });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/input_image/);
    const tolerant = await owner.post("/api/generate", {
      model: "flux-kontext-pro",
      prompt: "x",
      input_image: stored.id,
      safety_tolerance: 3,
    });
    expect(tolerant.status).toBe(422);
    expect(tolerant.body.error.message).toMatch(/safety_tolerance.*2/);
    const notKontext = await owner.post("/api/generate", { model: "flux-dev", prompt: "x", input_image: stored.id });
    expect(notKontext.status).toBe(422);
  });
});
