import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../emulator/server";
import { startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { waitFor } from "../helpers/http-client";
import { webhookUrlFor } from "@/lib/tasks/webhook-url";

let app: TestApp;
let taskId: string;
let predictionId: string;

beforeAll(async () => {
  app = await startTestApp();
  const browser = app.browser();
  const created = await browser.post("/api/generate", { model: "flux-schnell", prompt: "forgery target" });
  taskId = created.body.task.id;
  const done = await waitFor(async () => {
    const task = (await browser.get(`/api/tasks/${taskId}`)).body.task;
    return task.status === "succeeded" ? task : undefined;
  });
  expect(done.status).toBe("succeeded");
  const row = await app.storage.d1.prepare("SELECT prediction_id FROM tasks WHERE id = ?").bind(taskId).first<{ prediction_id: string }>();
  predictionId = row!.prediction_id;
});
afterAll(async () => {
  await app?.close();
});

async function snapshot() {
  const tasks = await app.storage.d1.prepare("SELECT * FROM tasks ORDER BY id").all();
  return JSON.stringify(tasks.results);
}

/** Posts to the task's own webhook URL (with its sig), as the provider does. */
async function post(headers: Record<string, string>, body: string, task = taskId) {
  return fetch(await webhookUrlFor(app.url, task, TEST_SECRETS.webhookSecret), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

const forgedBody = () =>
  JSON.stringify({ id: predictionId, status: "failed", error: "forged", logs: "", output: null, created_at: new Date().toISOString() });

function signed(body: string, options: { secret?: string; id?: string; timestamp?: number } = {}) {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = signWebhook({ secret: options.secret ?? TEST_SECRETS.webhookSecret, id, timestamp, body });
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature };
}

describe("forged webhooks are refused with 401 and change nothing", () => {
  const cases: [string, () => { headers: Record<string, string>; body: string }][] = [
    ["missing headers", () => ({ headers: {}, body: forgedBody() })],
    [
      "missing signature",
      () => {
        const { "webhook-signature": _omitted, ...headers } = signed(forgedBody());
        return { headers, body: forgedBody() };
      },
    ],
    [
      "wrong secret",
      () => {
        const body = forgedBody();
        return { headers: signed(body, { secret: `whsec_${Buffer.from("another secret of 24 bytes!").toString("base64")}` }), body };
      },
    ],
    [
      "altered body",
      () => {
        const body = forgedBody();
        return { headers: signed(body), body: body.replace("forged", "Forged") };
      },
    ],
    [
      "stale timestamp (10 minutes old)",
      () => {
        const body = forgedBody();
        return { headers: signed(body, { timestamp: Math.floor(Date.now() / 1000) - 600 }), body };
      },
    ],
    [
      "timestamp from the future",
      () => {
        const body = forgedBody();
        return { headers: signed(body, { timestamp: Math.floor(Date.now() / 1000) + 600 }), body };
      },
    ],
    [
      "replayed signature of another message",
      () => {
        const other = JSON.stringify({ id: predictionId, status: "processing", logs: "" });
        const headers = signed(other);
        return { headers, body: forgedBody() };
      },
    ],
    [
      "signature with a non-v1 scheme",
      () => {
        const body = forgedBody();
        const headers = signed(body);
        return { headers: { ...headers, "webhook-signature": headers["webhook-signature"].replace("v1,", "v2,") }, body };
      },
    ],
  ];

  for (const [name, build] of cases) {
    it(name, async () => {
      const before = await snapshot();
      const { headers, body } = build();
      const response = await post(headers, body);
      expect(response.status).toBe(401);
      const json = (await response.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe("unauthorized");
      expect(await snapshot()).toBe(before);
    });
  }

  it("a correctly signed but late terminal event cannot move a finished task", async () => {
    const before = await snapshot();
    const body = forgedBody();
    const response = await post(signed(body), body);
    expect(response.status).toBe(200);
    const task = await app.storage.d1.prepare("SELECT status, error_code FROM tasks WHERE id = ?").bind(taskId).first();
    expect(task).toEqual({ status: "succeeded", error_code: null });
    expect(await snapshot()).toBe(before);
    expect(((await response.json()) as { outcome: string }).outcome).toBe("stale");
  });

  it("a signed webhook for an unknown task is acknowledged, not retried forever", async () => {
    const body = JSON.stringify({ id: "unknownprediction", status: "succeeded", output: [], logs: "" });
    const response = await post(signed(body), body, "tsk_doesnotexist");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { outcome: string }).outcome).toBe("unknown_task");
  });

  it("a redelivered terminal webhook (the webhook-id that ended the task) is acknowledged as a duplicate, applied no more", async () => {
    const row = await app.storage.d1
      .prepare("SELECT final_webhook_id FROM tasks WHERE id = ?")
      .bind(taskId)
      .first<{ final_webhook_id: string | null }>();
    expect(row?.final_webhook_id).toMatch(/^msg_/);
    const before = await snapshot();
    const body = JSON.stringify({ id: predictionId, status: "failed", error: "redelivered", output: null, logs: "" });
    const response = await post(signed(body, { id: row!.final_webhook_id! }), body);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { outcome: string }).outcome).toBe("duplicate");
    expect(await snapshot()).toBe(before);
  });
});
