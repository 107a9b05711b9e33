import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../emulator/server";
import { startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { listEmulatorPredictions, setFaults, taskIdOfWebhook } from "../helpers/emulator-control";
import { waitFor } from "../helpers/http-client";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ vars: { MAX_IN_FLIGHT_PER_USER: "10" } });
  // Predictions stay `starting` so the test's own deliveries decide how each task ends.
  await setFaults(app.emulator.url, { delays: { startMs: 600_000 } });
});
afterAll(async () => {
  await app?.close();
});

/** A started task, and the webhook URL and prediction id the app gave Replicate for it. */
async function startedTask(model: string) {
  const browser = app.browser();
  const created = await browser.post("/api/generate", { model, prompt: `webhook shapes ${model}` });
  expect(created.status).toBe(201);
  const id: string = created.body.task.id;
  const prediction = await waitFor(async () => (await listEmulatorPredictions(app.emulator.url)).find((p) => taskIdOfWebhook(p.webhook) === id));
  return { browser, id, webhook: prediction.webhook as string, predictionId: prediction.id as string };
}

function deliver(webhook: string, prediction: Record<string, unknown>) {
  const body = JSON.stringify(prediction);
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = signWebhook({ secret: TEST_SECRETS.webhookSecret, id, timestamp, body });
  return fetch(webhook, {
    method: "POST",
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature },
    body,
  });
}

describe("webhook bodies in every shape Replicate sends", () => {
  it("an error sent as an object fails the task with readable text", async () => {
    const { browser, id, webhook, predictionId } = await startedTask("flux-schnell");
    const response = await deliver(webhook, {
      id: predictionId,
      status: "failed",
      error: { code: "E1001", detail: "CUDA out of memory" },
      output: null,
      logs: null,
      created_at: new Date().toISOString(),
    });
    expect(response.status).toBe(200);
    const task = (await browser.get(`/api/tasks/${id}`)).body.task;
    expect(task.status).toBe("failed");
    expect(task.error.code).toBe("prediction_failed");
    expect(task.error.message).toContain("CUDA out of memory");
  });

  it("a failure with a null error still fails the task with advice", async () => {
    const { browser, id, webhook, predictionId } = await startedTask("flux-schnell");
    const response = await deliver(webhook, { id: predictionId, status: "failed", error: null, output: null });
    expect(response.status).toBe(200);
    const task = (await browser.get(`/api/tasks/${id}`)).body.task;
    expect(task).toMatchObject({ status: "failed", error: { code: "prediction_failed" } });
  });

  it("a signed body that is not a prediction is a 400 and changes nothing", async () => {
    const { browser, id, webhook, predictionId } = await startedTask("flux-schnell");
    for (const body of [{ id: predictionId, status: "exploded" }, { id: predictionId, status: "failed", output: 42 }, { status: "failed" }]) {
      expect((await deliver(webhook, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await browser.get(`/api/tasks/${id}`)).body.task.status).not.toBe("failed");
  });
});
