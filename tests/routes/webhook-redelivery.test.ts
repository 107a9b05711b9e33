import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../emulator/server";
import { startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { setFaults } from "../helpers/emulator-control";
import { waitFor } from "../helpers/http-client";
import { webhookUrlFor } from "@/lib/tasks/webhook-url";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

interface EmulatedPrediction {
  id: string;
  status: string;
  webhook: string | null;
  output: unknown;
  logs: string;
}

async function deliver(taskId: string, webhookId: string, body: string): Promise<{ status: number; outcome: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = signWebhook({ secret: TEST_SECRETS.webhookSecret, id: webhookId, timestamp, body });
  const response = await fetch(await webhookUrlFor(app.url, taskId, TEST_SECRETS.webhookSecret), {
    method: "POST",
    headers: { "content-type": "application/json", "webhook-id": webhookId, "webhook-timestamp": String(timestamp), "webhook-signature": signature },
    body,
  });
  return { status: response.status, outcome: ((await response.json()) as { outcome: string }).outcome };
}

const taskRow = (id: string) =>
  app.storage.d1
    .prepare("SELECT status, final_webhook_id, output_keys, updated_at FROM tasks WHERE id = ?")
    .bind(id)
    .first<{ status: string; final_webhook_id: string | null; output_keys: string; updated_at: number }>();

describe("the completed delivery, sent many times at once and again later", () => {
  it("ends the task once, stores its webhook-id, and is a duplicate afterwards", async () => {
    // The emulator finishes the prediction but keeps its completed webhook: the test delivers it instead.
    await setFaults(app.emulator.url, { webhookDropFinal: 1 });
    const created = await app.browser().post("/api/generate", { model: "flux-schnell", prompt: "one ending only" });
    expect(created.status).toBe(201);
    const taskId: string = created.body.task.id;
    const prediction = await waitFor(async () => {
      const all = (await (await fetch(`${app.emulator.url}/__emulator/predictions`)).json()) as EmulatedPrediction[];
      return all.find((p) => p.webhook?.includes(taskId) && p.status === "succeeded");
    });
    await setFaults(app.emulator.url, {});
    expect((await taskRow(taskId))?.status).not.toBe("succeeded");

    const body = JSON.stringify({ id: prediction.id, status: "succeeded", output: prediction.output, logs: prediction.logs, error: null });
    const answers = await Promise.all(Array.from({ length: 8 }, () => deliver(taskId, "msg_completed_once", body)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.filter((answer) => answer.outcome === "applied")).toHaveLength(1);
    expect(
      answers.filter((answer) => answer.outcome !== "applied").every((answer) => answer.outcome === "stale" || answer.outcome === "duplicate"),
    ).toBe(true);

    const ended = await taskRow(taskId);
    expect(ended).toMatchObject({ status: "succeeded", final_webhook_id: "msg_completed_once" });
    expect(JSON.parse(ended!.output_keys)).toHaveLength(1);

    // Replicate retries a delivery it thinks was lost: acknowledged, nothing changes.
    expect(await deliver(taskId, "msg_completed_once", body)).toEqual({ status: 200, outcome: "duplicate" });
    // Another delivery of the same end (a new webhook-id) is late, not a duplicate; it changes nothing either.
    expect(await deliver(taskId, "msg_another_copy", body)).toEqual({ status: 200, outcome: "stale" });
    expect(await taskRow(taskId)).toEqual(ended);
  });
});
