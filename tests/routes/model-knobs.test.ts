import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app-server";
import { listEmulatorPredictions, taskIdOfWebhook } from "../helpers/emulator-control";
import { waitFor } from "../helpers/http-client";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ vars: { MAX_IN_FLIGHT_PER_USER: "10", GENERATE_RATE_LIMIT_PER_MINUTE: "1000" } });
});
afterAll(async () => {
  await app?.close();
});

const common = { aspect_ratio: "3:2", seed: 42, output_format: "png", output_quality: 90 };
const cogFlux = { go_fast: false, megapixels: "1" };
const dev = { ...cogFlux, num_inference_steps: 20, guidance: 4.5, image: "https://example.com/start.png", prompt_strength: 0.6 };

// Every knob each model offers, what the task keeps (the app's names) and what Replicate must receive.
const CASES: { model: string; knobs: Record<string, unknown>; provider: Record<string, unknown> }[] = [
  {
    model: "flux-schnell",
    knobs: { ...common, ...cogFlux, num_outputs: 2, num_inference_steps: 3 },
    provider: { ...common, ...cogFlux, num_outputs: 2, num_inference_steps: 3 },
  },
  { model: "flux-dev", knobs: { ...common, ...dev, num_outputs: 2 }, provider: { ...common, ...dev, num_outputs: 2 } },
  {
    model: "flux-pro",
    knobs: {
      ...common,
      num_outputs: 1,
      num_inference_steps: 30,
      guidance: 3.5,
      interval: 2,
      safety_tolerance: 3,
      prompt_upsampling: true,
      image_prompt: "https://example.com/look.png",
    },
    provider: {
      ...common,
      steps: 30,
      guidance: 3.5,
      interval: 2,
      safety_tolerance: 3,
      prompt_upsampling: true,
      image_prompt: "https://example.com/look.png",
    },
  },
  {
    model: "flux-general",
    knobs: {
      ...common,
      ...dev,
      num_outputs: 1,
      lora_weights: "fofr/flux-80s-cyberpunk",
      lora_scale: 0.8,
    },
    provider: {
      ...common,
      ...dev,
      num_outputs: 1,
      lora_weights: "fofr/flux-80s-cyberpunk",
      lora_scale: 0.8,
    },
  },
];

describe("every model with every knob it offers", () => {
  it.each(CASES)("$model: validated once; the task keeps the app's input and Replicate gets its own names", async ({ model, knobs, provider }) => {
    const browser = app.browser();
    const prompt = `every knob of ${model}`;
    const created = await browser.post("/api/generate", { model, prompt, ...knobs });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.task.id;

    const stored = await app.storage.d1.prepare("SELECT params FROM tasks WHERE id = ?").bind(id).first<{ params: string }>();
    const { aspect_ratio: _ratio, ...storedKnobs } = knobs;
    expect(JSON.parse(stored?.params ?? "null")).toEqual(storedKnobs);

    const done = await waitFor(
      async () => {
        const response = await browser.get(`/api/tasks/${id}`);
        return ["succeeded", "failed", "canceled"].includes(response.body.task?.status) ? response.body.task : undefined;
      },
      { what: `task ${id} to end` },
    );
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");

    const predictions = (await listEmulatorPredictions(app.emulator.url)).filter((p) => taskIdOfWebhook(p.webhook) === id);
    expect(predictions).toHaveLength(1);
    expect(predictions[0].input).toEqual({ prompt, ...provider });
  });

  it("refuses a knob the model does not offer with a 422 that names it, and stores nothing", async () => {
    const browser = app.browser();
    for (const [model, knob] of [
      ["flux-pro", { steps: 30 }],
      ["flux-pro", { num_outputs: 2 }],
      ["flux-schnell", { guidance: 3 }],
      ["flux-schnell", { num_inference_steps: 5 }],
      ["flux-dev", { lora_weights: "owner/lora" }],
      ["flux-general", { lora_scale: 3.5 }],
      ["flux-general", { extra_lora: "owner/other" }],
      // flux-pro's safety_tolerance is 1–6 (Replicate's flux-pro version 2b8181d8): one past either end is refused.
      ["flux-pro", { safety_tolerance: 7 }],
      ["flux-pro", { safety_tolerance: 0 }],
    ] as const) {
      const response = await browser.post("/api/generate", { model, prompt: "refused", ...knob });
      expect(response.status, `${model} ${JSON.stringify(knob)}`).toBe(422);
      expect(response.body.error.message).toMatch(Object.keys(knob)[0] ?? "");
    }
    const count = await app.storage.d1.prepare("SELECT count(*) AS n FROM tasks WHERE prompt = 'refused'").first<{ n: number }>();
    expect(count?.n).toBe(0);
  });

  it("takes flux-pro's safety_tolerance at its maximum, 6, and Replicate receives it", async () => {
    const browser = app.browser();
    const prompt = "most permissive flux-pro";
    const created = await browser.post("/api/generate", { model: "flux-pro", prompt, safety_tolerance: 6 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.task.id;
    const status = await waitFor(
      async () => {
        const response = await browser.get(`/api/tasks/${id}`);
        return ["succeeded", "failed", "canceled"].includes(response.body.task?.status) ? response.body.task.status : undefined;
      },
      { what: `task ${id} to end` },
    );
    expect(status).toBe("succeeded");
    const predictions = (await listEmulatorPredictions(app.emulator.url)).filter((p) => taskIdOfWebhook(p.webhook) === id);
    expect(predictions.map((p) => p.input.safety_tolerance)).toEqual([6]);
  });
});
