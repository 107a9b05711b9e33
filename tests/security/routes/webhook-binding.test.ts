import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../../emulator/server";
import { createDb } from "../../../db/client";
import { insertTask } from "../../../db/queries/tasks";
import { webhookUrlFor } from "@/lib/tasks/webhook-url";
import { newTask } from "../../db/task-fixture";
import { startTestApp, TEST_SECRETS, type TestApp } from "../../helpers/app-server";
import { waitFor } from "../../helpers/http-client";

// Issue 9, low finding: a signed delivery for prediction P posted to `?task=<someone else's queued task>` was
// applied (the query string is not covered by the signature); a prediction id collision was a 500 that logged
// the SQL; a signed body that was not JSON was a 500.

let app: TestApp;
/** The attacker's own finished task and its prediction: a delivery they could have captured. */
let attackerPrediction: string;
let attackerTask: string;

beforeAll(async () => {
  app = await startTestApp();
  const attacker = app.browser();
  const created = await attacker.post("/api/generate", { model: "flux-schnell", prompt: "the attacker's own image" });
  attackerTask = created.body.task.id;
  await waitFor(async () => (await attacker.get(`/api/tasks/${attackerTask}`)).body.task.status === "succeeded");
  const row = await app.storage.d1.prepare("SELECT prediction_id FROM tasks WHERE id = ?").bind(attackerTask).first<{ prediction_id: string }>();
  attackerPrediction = row!.prediction_id;
});
afterAll(async () => {
  await app?.close();
});

/** A victim's task waiting in the queue: no prediction yet. */
async function queuedVictimTask(): Promise<string> {
  const task = await insertTask(createDb(app.storage.d1), {
    task: newTask({ userId: "u_victimvictimvictimvict", createdAt: Date.now(), status: "queued" }),
  });
  return task.id;
}

async function rowOf(id: string) {
  return app.storage.d1.prepare("SELECT * FROM tasks WHERE id = ?").bind(id).first();
}

function signedDelivery(body: string) {
  const id = `msg_${crypto.randomUUID()}`;
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook({ secret: TEST_SECRETS.webhookSecret, id, timestamp, body }),
  };
}

const succeededBody = () =>
  JSON.stringify({
    id: attackerPrediction,
    status: "succeeded",
    output: [`${app.emulator.url}/files/none.webp`],
    logs: "100%|██████████| 4/4",
    completed_at: new Date().toISOString(),
  });

describe("a webhook delivery applies only to the task its URL was made for", () => {
  it("a foreign signed delivery replayed to another task's URL is a 401 and changes nothing", async () => {
    const victim = await queuedVictimTask();
    const before = await rowOf(victim);
    const attempts = [
      `${app.url}/api/webhooks/replicate?task=${victim}`,
      // The attacker's sig belongs to the attacker's task id, not the victim's.
      (await webhookUrlFor(app.url, attackerTask, TEST_SECRETS.webhookSecret)).replace(attackerTask, victim),
      `${app.url}/api/webhooks/replicate?task=${victim}&sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      `${app.url}/api/webhooks/replicate?task=${victim}&sig=`,
      `${app.url}/api/webhooks/replicate?sig=x`,
    ];
    for (const url of attempts) {
      for (const body of [succeededBody(), JSON.stringify({ id: attackerPrediction, status: "processing", logs: "50%|█████     | 2/4" })]) {
        const response = await fetch(url, { method: "POST", headers: signedDelivery(body), body });
        expect(response.status, url).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
      }
    }
    expect(await rowOf(victim)).toEqual(before);
  });

  it("a task created before URLs were signed (no sig) accepts only its own stored prediction", async () => {
    const legacy = attackerTask;
    const own = JSON.stringify({ id: attackerPrediction, status: "processing", logs: "" });
    const accepted = await fetch(`${app.url}/api/webhooks/replicate?task=${legacy}`, { method: "POST", headers: signedDelivery(own), body: own });
    expect(accepted.status).toBe(200);
    const other = JSON.stringify({ id: "another-prediction", status: "processing", logs: "" });
    const refused = await fetch(`${app.url}/api/webhooks/replicate?task=${legacy}`, { method: "POST", headers: signedDelivery(other), body: other });
    expect(refused.status).toBe(401);
  });

  it("a prediction id that belongs to another task is a 409, never a 500, and changes nothing", async () => {
    const victim = await queuedVictimTask();
    const before = await rowOf(victim);
    const url = await webhookUrlFor(app.url, victim, TEST_SECRETS.webhookSecret);
    for (const body of [JSON.stringify({ id: attackerPrediction, status: "processing", logs: "" }), succeededBody()]) {
      const response = await fetch(url, { method: "POST", headers: signedDelivery(body), body });
      expect(response.status).toBe(409);
      const text = await response.text();
      expect(JSON.parse(text).error.code).toBe("conflict");
      expect(text).not.toMatch(/UNIQUE|SQL|constraint/i);
    }
    expect(await rowOf(victim)).toEqual(before);
    expect(app.logLines.join("\n")).not.toMatch(/UNIQUE constraint failed/);
  });

  it("a signed body that is not JSON, or not a prediction, is a 400", async () => {
    const victim = await queuedVictimTask();
    const url = await webhookUrlFor(app.url, victim, TEST_SECRETS.webhookSecret);
    for (const body of ["not json at all", "[1,2,3]", JSON.stringify({ id: "p", status: "exploded" }), "null"]) {
      const response = await fetch(url, { method: "POST", headers: signedDelivery(body), body });
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
  });

  it("the webhook URL the app gives the provider carries the task's sig", async () => {
    const predictions = (await (await fetch(`${app.emulator.url}/__emulator/predictions`)).json()) as unknown;
    expect(JSON.stringify(predictions)).toContain(
      JSON.stringify(await webhookUrlFor(app.url, attackerTask, TEST_SECRETS.webhookSecret)).slice(1, -1),
    );
  });
});
