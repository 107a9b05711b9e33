import Replicate from "replicate";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import {
  json,
  control,
  createPrediction,
  deliveryLog,
  geminiBase,
  postJson,
  recordedRequests,
  replicateBase,
  setFaults,
  startTestEmulator,
  startWebhookReceiver,
  waitFor,
  waitForTerminal,
  type EmulatorPrediction,
  type WebhookReceiver,
} from "./support";

let emulator: Emulator;
let receiver: WebhookReceiver;
const ALL_EVENTS = ["start", "output", "logs", "completed"];

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" });
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

function generate(model = "gemini-3.8-flash") {
  return postJson(
    `${geminiBase(emulator)}/v1beta/models/${model}:generateContent`,
    { contents: [{ parts: [{ text: "hello" }] }] },
    { "x-goog-api-key": "k" },
  );
}

async function createWithWebhook(prompt: string): Promise<string> {
  const response = await createPrediction(emulator, { input: { prompt }, webhook: receiver.url, webhook_events_filter: ALL_EVENTS });
  return (await json<EmulatorPrediction>(response)).id;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("request faults", () => {
  it("rate429 answers in each provider's throttling format with Retry-After", async () => {
    await setFaults(emulator, { rate429: 1, retryAfterSeconds: 3 });
    const replicate = await createPrediction(emulator, { input: { prompt: "x" } });
    expect(replicate.status).toBe(429);
    expect(replicate.headers.get("retry-after")).toBe("3");
    expect((await json(replicate)).detail).toBe("Request was throttled. Your rate limit resets in ~3s.");
    const gemini = await generate();
    expect(gemini.status).toBe(429);
    const { error } = await json(gemini);
    expect(error.status).toBe("RESOURCE_EXHAUSTED");
    expect(error.details).toContainEqual({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "3s" });
    expect((await recordedRequests(emulator)).map((r) => [r.status, r.fault])).toEqual([
      [429, "rate429"],
      [429, "rate429"],
    ]);
    expect(await control(emulator, "predictions")).toEqual([]);
  });

  it("limit and match scope request faults, so the official client's 429 retry succeeds", async () => {
    await setFaults(emulator, { rate429: 1, retryAfterSeconds: 0, limit: 1, match: "/predictions", method: "post" });
    expect((await generate()).status).toBe(200);
    const client = new Replicate({ auth: "r8_test", baseUrl: replicateBase(emulator), fetch });
    const prediction = await client.predictions.create({ model: "black-forest-labs/flux-schnell", input: { prompt: "x" } });
    expect(prediction.status).toBe("starting");
    expect((await recordedRequests(emulator)).map((r) => r.status)).toEqual([200, 429, 201]);
  });

  it("rate5xx answers 500/502/503 in the provider's error format", async () => {
    await setFaults(emulator, { rate5xx: 1 });
    const replicate = await createPrediction(emulator, { input: { prompt: "x" } });
    expect([500, 502, 503]).toContain(replicate.status);
    expect(await json(replicate)).toMatchObject({ status: replicate.status, title: expect.any(String), detail: expect.any(String) });
    const gemini = await generate();
    expect([500, 502, 503]).toContain(gemini.status);
    expect((await json(gemini)).error).toMatchObject({ code: gemini.status, status: expect.stringMatching(/INTERNAL|UNAVAILABLE/) });
  });

  it("a slow create still creates the prediction, even when the client gives up", async () => {
    await setFaults(emulator, { rateSlow: 1, slowMs: 400 });
    const attempt = fetch(`${replicateBase(emulator)}/models/black-forest-labs/flux-schnell/predictions`, {
      method: "POST",
      headers: { authorization: "Bearer r8_test" },
      body: JSON.stringify({ input: { prompt: "slow" } }),
      signal: AbortSignal.timeout(100),
    });
    await expect(attempt).rejects.toThrow();
    const predictions = await control<{ input: unknown }[]>(emulator, "predictions");
    expect(predictions).toEqual([expect.objectContaining({ input: { prompt: "slow" } })]);
    const [request] = await waitFor(
      () => recordedRequests(emulator),
      (r) => r[0]?.status !== null,
    );
    expect(request).toMatchObject({ fault: "slow", status: 201 });

    const started = Date.now();
    const patient = await createPrediction(emulator, { input: { prompt: "patient" } });
    expect(patient.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it("rateDrop destroys the connection; a dropped create may or may not have created the prediction", async () => {
    await setFaults(emulator, { rateDrop: 1, seed: 7 });
    for (let i = 0; i < 8; i++) {
      await expect(createPrediction(emulator, { input: { prompt: `drop ${i}` } })).rejects.toThrow();
    }
    const requests = await recordedRequests(emulator);
    const predictions = await control<{ input: { prompt: string }; responseLost: boolean }[]>(emulator, "predictions");
    const created = requests.filter((r) => r.predictionCreated).map((r) => (r.body as { input: { prompt: string } }).input.prompt);
    expect(requests.every((r) => r.fault === "drop" && r.status === null)).toBe(true);
    expect(created.length).toBeGreaterThan(0);
    expect(created.length).toBeLessThan(8);
    expect(predictions.map((p) => p.input.prompt)).toEqual(created);
    expect(predictions.every((p) => p.responseLost)).toBe(true);
  });

  it("is repeatable for a given seed", async () => {
    const run = async () => {
      await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" });
      await setFaults(emulator, { rate429: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await generate()).status);
      return statuses;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 429]));
    expect(await run()).toEqual(first);
  });

  it("simulates retired Gemini models on request", async () => {
    expect((await generate("gemini-3.6-flash")).status).toBe(200);
    await setFaults(emulator, { retiredModels: ["gemini-3.6"] });
    const response = await generate("gemini-3.6-flash");
    expect(response.status).toBe(404);
    expect((await json(response)).error.status).toBe("NOT_FOUND");
  });

  it("rejects an unknown fault setting", async () => {
    const response = await postJson(`${emulator.url}/__emulator/faults`, { rate428: 1 });
    expect(response.status).toBe(400);
    expect((await postJson(`${emulator.url}/__emulator/faults`, { rate429: 2 })).status).toBe(400);
  });
});

describe("prediction faults and delays", () => {
  it("failPredictions ends predictions as failed with an error", async () => {
    await setFaults(emulator, { failPredictions: 1 });
    const created = await json<EmulatorPrediction>(await createPrediction(emulator, { input: { prompt: "doomed" } }));
    const done = await waitForTerminal(emulator, created.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/CUDA/);
    expect(done.output).toBeNull();
  });

  it("delays are settable through the fault endpoint and restored by reset", async () => {
    await setFaults(emulator, { delays: { stepMs: 60 } });
    expect(await control(emulator, "faults")).toMatchObject({ delays: { startMs: 0, stepMs: 60 } });
    const started = Date.now();
    const created = await json<EmulatorPrediction>(await createPrediction(emulator, { input: { prompt: "steady" } }));
    const midway = await json<EmulatorPrediction>(await fetch(created.urls.get, { headers: { authorization: "Bearer r8_test" } }));
    expect(["starting", "processing"]).toContain(midway.status);
    await waitForTerminal(emulator, created.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 60 - 10);
    await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" });
    expect(await control(emulator, "faults")).toMatchObject({ delays: { stepMs: 0 }, rate429: 0 });
  });
});

describe("webhook faults", () => {
  it("webhookDuplicate sends each delivery twice with the same webhook-id", async () => {
    await setFaults(emulator, { webhookDuplicate: 1 });
    await createWithWebhook("twice");
    const received = await waitFor(
      () => receiver.received,
      (r) => r.filter((d) => d.body.status === "succeeded").length === 2,
    );
    expect(received.length % 2).toBe(0);
    for (let i = 0; i < received.length; i += 2) {
      expect(received[i + 1]!.headers["webhook-id"]).toBe(received[i]!.headers["webhook-id"]);
      expect(received[i + 1]!.rawBody).toBe(received[i]!.rawBody);
    }
  });

  it("webhookDrop drops intermediate deliveries but still sends completed", async () => {
    await setFaults(emulator, { webhookDrop: 1 });
    await createWithWebhook("sparse");
    await waitFor(
      () => receiver.received.length,
      (n) => n === 1,
    );
    expect(receiver.received[0]!.body.status).toBe("succeeded");
    const log = await deliveryLog(emulator);
    expect(log.filter((d) => d.dropped).map((d) => d.event)).toEqual(["start", "logs", "logs", "logs", "logs", "logs", "logs", "output"]);
  });

  it("webhookDropFinal never sends completed, even as a retry", async () => {
    await setFaults(emulator, { webhookDropFinal: 1 });
    const id = await createWithWebhook("unfinished");
    await waitForTerminal(emulator, id);
    await waitFor(
      () => deliveryLog(emulator),
      (log) => log.some((d) => d.event === "completed"),
    );
    await sleep(100);
    expect(receiver.received.map((d) => d.body.status)).not.toContain("succeeded");
    expect(receiver.received.length).toBe(8);
    expect((await deliveryLog(emulator)).filter((d) => d.event === "completed")).toEqual([expect.objectContaining({ dropped: true })]);
  });

  it("webhookReorder shuffles the intermediate deliveries of a prediction", async () => {
    await setFaults(emulator, { webhookReorder: 1, seed: 3 });
    await createWithWebhook("shuffled");
    const received = await waitFor(
      () => receiver.received,
      (r) => r.length === 9,
    );
    const logLengths = received.filter((d) => d.body.status === "processing").map((d) => d.body.logs.length);
    expect(logLengths).not.toEqual([...logLengths].sort((a, b) => a - b));
    expect(received.filter((d) => d.body.status === "succeeded")).toHaveLength(1);
  });

  it("webhookReorder sometimes lets completed overtake the last logs", async () => {
    await setFaults(emulator, { webhookReorder: 1, seed: 11 });
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => createWithWebhook(`race ${i}`)));
    const received = await waitFor(
      () => receiver.received,
      (r) => r.length === 9 * ids.length,
    );
    const overtaken = ids.filter((id) => {
      const events = received.filter((d) => d.body.id === id).map((d) => d.body.status);
      return events.indexOf("succeeded") < events.length - 1;
    });
    expect(overtaken.length).toBeGreaterThan(0);
    expect(overtaken.length).toBeLessThan(ids.length);
  });

  it("webhookLateMs delays deliveries", async () => {
    await setFaults(emulator, { webhookLateMs: 250 });
    const started = Date.now();
    const id = await createWithWebhook("late");
    await waitForTerminal(emulator, id);
    expect(receiver.received).toHaveLength(0);
    await waitFor(
      () => receiver.received.length,
      (n) => n > 0,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });
});
