import Replicate from "replicate";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findModelByName } from "../../emulator/models";
import type { Emulator } from "../../emulator/server";
import {
  createPrediction,
  json,
  postJson,
  REPLICATE_AUTH,
  replicateBase,
  startTestEmulator,
  waitForTerminal,
  type EmulatorPrediction,
} from "./support";

let emulator: Emulator;
let replicate: Replicate;

beforeAll(async () => {
  emulator = await startTestEmulator();
  replicate = new Replicate({ auth: "r8_test", baseUrl: replicateBase(emulator), fetch });
});
afterAll(() => emulator.close());
beforeEach(() => fetch(`${emulator.url}/__emulator/reset`, { method: "POST" }));

async function imageMetadata(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { contentType: response.headers.get("content-type"), ...(await sharp(bytes).metadata()) };
}

describe("the official replicate client against the emulator", () => {
  it("creates a flux-schnell prediction, waits for it and downloads a real image of the right size", async () => {
    const created = await replicate.predictions.create({
      model: "black-forest-labs/flux-schnell",
      input: { prompt: "a lighthouse at dusk", aspect_ratio: "16:9" },
    });
    expect(created.status).toBe("starting");
    expect(created.model).toBe("black-forest-labs/flux-schnell");
    expect(created.urls.get).toBe(`${replicateBase(emulator)}/predictions/${created.id}`);

    const done = await replicate.wait(created, { interval: 10 });
    expect(done.status).toBe("succeeded");
    expect(done.output).toEqual([`${emulator.url}/files/${created.id}/out-0.webp`]);
    expect(done.metrics).toMatchObject({ image_count: 1 });
    expect(done.logs).toContain("Using seed: ");
    expect(done.logs).toContain("100%|██████████| 4/4");

    const image = await imageMetadata((done.output as string[])[0]!);
    expect(image).toMatchObject({ contentType: "image/webp", format: "webp", width: 1344, height: 768 });
  });

  it("runs a model with replicate.run (Prefer: wait) and honours num_outputs, format and megapixels", async () => {
    const output = (await replicate.run("black-forest-labs/flux-schnell", {
      input: { prompt: "two foxes", aspect_ratio: "9:16", num_outputs: 2, output_format: "png", megapixels: "0.25" },
    })) as string[];
    expect(output).toHaveLength(2);
    expect(output[1]).toMatch(/\/out-1\.png$/);
    for (const url of output) {
      expect(await imageMetadata(url)).toMatchObject({ contentType: "image/png", format: "png", width: 384, height: 672 });
    }
    const requests = await json(await fetch(`${emulator.url}/__emulator/requests?match=predictions`));
    expect(requests[0].headers.prefer).toBe("wait");
  });

  it("returns a single URI string for flux-pro, sized for the aspect ratio", async () => {
    const output: unknown = await replicate.run("black-forest-labs/flux-pro", {
      input: { prompt: "a glass teapot", aspect_ratio: "3:2", output_format: "jpg" },
    });
    expect(typeof output).toBe("string");
    expect(await imageMetadata(output as string)).toMatchObject({ contentType: "image/jpeg", format: "jpeg", width: 1216, height: 832 });
  });

  it("makes different pictures for different prompts", async () => {
    const [a, b] = await Promise.all(
      ["a red barn", "a blue whale"].map(async (prompt) => {
        const [url] = (await replicate.run("black-forest-labs/flux-schnell", { input: { prompt, seed: 7, output_format: "png" } })) as string[];
        const raw = await sharp(Buffer.from(await (await fetch(url!)).arrayBuffer()))
          .raw()
          .toBuffer();
        return raw;
      }),
    );
    expect(a!.equals(b!)).toBe(false);
  });

  it("accepts the three version forms of POST /predictions", async () => {
    const schnell = findModelByName("black-forest-labs/flux-schnell")!;
    for (const version of ["black-forest-labs/flux-dev", `black-forest-labs/flux-dev:${"a".repeat(64)}`, schnell.version]) {
      const prediction = await replicate.predictions.create({ version, input: { prompt: "x" } });
      expect(prediction.status).toBe("starting");
    }
    await expect(replicate.predictions.create({ version: "b".repeat(64), input: { prompt: "x" } })).rejects.toThrow(/422/);
  });

  it("rejects out-of-range inputs with Replicate's 422 problem details", async () => {
    const response = await createPrediction(emulator, { input: { prompt: "x", num_inference_steps: 8 } });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body).toMatchObject({
      title: "Input validation failed",
      status: 422,
      detail: "- input.num_inference_steps: Must be less than or equal to 4\n",
      invalid_fields: [{ type: "number_lte", field: "input.num_inference_steps" }],
    });
    const missing = await json(await createPrediction(emulator, { input: { aspect_ratio: "1:1" } }));
    expect(missing.invalid_fields).toEqual([{ type: "required", field: "input", description: "prompt is required" }]);
  });

  it("answers 422 'Invalid version or not permitted' for unknown models", async () => {
    const response = await postJson(`${replicateBase(emulator)}/models/someone/unknown/predictions`, { input: { prompt: "x" } }, REPLICATE_AUTH);
    expect(response.status).toBe(422);
    expect(await json(response)).toMatchObject({ title: "Invalid version or not permitted", status: 422 });
  });

  it("requires a Replicate token", async () => {
    const response = await createPrediction(emulator, { input: { prompt: "x" } }, { authorization: "Bearer nope" });
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ title: "Unauthenticated", detail: "You did not pass a valid authentication token", status: 401 });
    expect((await createPrediction(emulator, { input: { prompt: "x" } }, { authorization: "Token r8_legacy" })).status).toBe(201);
  });

  it("enforces a configured Replicate token", async () => {
    const strict = await startTestEmulator({ replicateApiToken: "r8_right" });
    try {
      expect((await createPrediction(strict, { input: { prompt: "x" } }, { authorization: "Bearer r8_wrong" })).status).toBe(401);
      expect((await createPrediction(strict, { input: { prompt: "x" } }, { authorization: "Bearer r8_right" })).status).toBe(201);
    } finally {
      await strict.close();
    }
  });

  it("answers 201 with a Location header and holds the response for Prefer: wait", async () => {
    const response = await createPrediction(emulator, { input: { prompt: "x" } }, { prefer: "wait=5" });
    expect(response.status).toBe(201);
    const prediction = await json<EmulatorPrediction>(response);
    expect(response.headers.get("location")).toBe(prediction.urls.get);
    expect(prediction.status).toBe("succeeded");
  });

  it("cancels a running prediction", async () => {
    const slow = await startTestEmulator({ delays: { startMs: 0, stepMs: 200, webhookMs: 0 } });
    try {
      const client = new Replicate({ auth: "r8_test", baseUrl: replicateBase(slow), fetch });
      const created = await client.predictions.create({ model: "black-forest-labs/flux-dev", input: { prompt: "x" } });
      const canceled = await client.predictions.cancel(created.id);
      expect(canceled.status).toBe("canceled");
      expect((await client.predictions.get(created.id)).status).toBe("canceled");
    } finally {
      await slow.close();
    }
  });

  it("honours Cancel-After: aborted before the run starts, canceled while running", async () => {
    const slow = await startTestEmulator({ delays: { startMs: 300, stepMs: 100, webhookMs: 0 } });
    try {
      const early = await json<EmulatorPrediction & { deadline: string }>(
        await createPrediction(slow, { input: { prompt: "x" } }, { "cancel-after": "50ms" }),
      );
      expect(Date.parse(early.deadline)).toBeGreaterThan(Date.now() - 1000);
      const late = await json<EmulatorPrediction>(await createPrediction(slow, { input: { prompt: "x" } }, { "cancel-after": "450ms" }));
      expect((await waitForTerminal(slow, early.id)).status).toBe("aborted");
      const canceled = await waitForTerminal(slow, late.id);
      expect(canceled.status).toBe("canceled");
      expect(canceled.logs).toContain("Using seed: ");
      expect((await createPrediction(slow, { input: { prompt: "x" } }, { "cancel-after": "soon" })).status).toBe(400);
    } finally {
      await slow.close();
    }
  });

  it("fails a prompt marked [nsfw] with cog-flux's message", async () => {
    await expect(replicate.run("black-forest-labs/flux-schnell", { input: { prompt: "[nsfw] something" } })).rejects.toThrow(
      "All generated images contained NSFW content. Try running it again with a different prompt.",
    );
    const created = await json<EmulatorPrediction>(await createPrediction(emulator, { input: { prompt: "[nsfw]", disable_safety_checker: true } }));
    expect((await waitForTerminal(emulator, created.id)).status).toBe("succeeded");
  });

  it("serves the default webhook secret", async () => {
    const secret = await replicate.webhooks.default.secret.get();
    expect(secret.key).toBe(emulator.webhookSecret);
    expect(secret.key).toMatch(/^whsec_/);
  });
});
