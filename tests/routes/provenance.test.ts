import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listEmulatorPredictions, taskIdOfWebhook } from "../helpers/emulator-control";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { waitFor } from "../helpers/http-client";

// Providers mark their files as AI-generated (an XMP packet with IPTC's digital source type, or a C2PA manifest);
// the copy the app keeps in R2 and serves must carry it unchanged, byte for byte.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const AI_GENERATED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

describe("provenance survives the copy to R2", () => {
  it.each([
    ["flux-schnell", "png"],
    ["flux-schnell", "jpg"],
    ["flux-2-pro", "webp"],
  ])("%s (%s): the served image is the provider's file, its AI-generated mark included", async (model, output_format) => {
    const browser = app.browser();
    const created = await browser.post("/api/generate", { model, prompt: "a lighthouse at dawn", output_format });
    expect(created.status, created.text).toBe(201);
    const task = await waitFor(async () => {
      const current = (await browser.get(`/api/tasks/${created.body.task.id}`)).body.task;
      return current.status === "succeeded" ? current : undefined;
    });
    const prediction = (await listEmulatorPredictions(app.emulator.url)).find((p) => taskIdOfWebhook(p.webhook) === task.id);
    const outputUrl = Array.isArray(prediction.output) ? prediction.output[0] : prediction.output;
    const original = Buffer.from(await (await fetch(outputUrl)).arrayBuffer());
    const served = Buffer.from(await (await fetch(new URL(task.images[0].url, app.url))).arrayBuffer());
    expect(served.equals(original)).toBe(true);
    const { xmp } = await sharp(served).metadata();
    expect(xmp?.toString()).toContain(AI_GENERATED);
  });
});
