import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { forgetWebhookEvent, recordWebhookEvent } from "../../db/queries/webhook-events";
import { countingD1 } from "../helpers/counting-d1";
import { createTestD1, type TestD1 } from "../helpers/d1";
import { BASE_TIME } from "./task-fixture";

let env: TestD1;

beforeAll(async () => {
  env = await createTestD1();
});
afterAll(async () => {
  await env?.dispose();
});

const event = (webhookId: string, now = BASE_TIME) => ({
  webhookId,
  taskId: "task-1",
  predictionId: "pred-1",
  status: "processing",
  now,
});

describe("recordWebhookEvent", () => {
  it("is true for a new delivery and false for a redelivery, in one statement each", async () => {
    const counting = countingD1(env.d1);
    const db = createDb(counting.d1);
    expect(await recordWebhookEvent(db, event("msg_first"))).toBe(true);
    expect(await recordWebhookEvent(db, event("msg_first", BASE_TIME + 5))).toBe(false);
    expect(counting.counter.statements).toBe(2);

    const stored = await env.d1.prepare("SELECT * FROM webhook_events WHERE webhook_id = 'msg_first'").all();
    expect(stored.results).toEqual([
      { webhook_id: "msg_first", task_id: "task-1", prediction_id: "pred-1", status: "processing", received_at: BASE_TIME },
    ]);
  });

  it("accepts exactly one of many concurrent duplicates", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => recordWebhookEvent(env.db, event("msg_concurrent", BASE_TIME + i))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("forgets a delivery so a retry is applied again", async () => {
    await recordWebhookEvent(env.db, event("msg_retry"));
    expect(await forgetWebhookEvent(env.db, { webhookId: "msg_retry" })).toBe(true);
    expect(await forgetWebhookEvent(env.db, { webhookId: "msg_retry" })).toBe(false);
    expect(await recordWebhookEvent(env.db, event("msg_retry"))).toBe(true);
  });
});
