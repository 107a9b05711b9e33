import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { forgetWebhookEvent, pruneWebhookEvents, recordWebhookEvent } from "../../db/queries/webhook-events";
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
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => recordWebhookEvent(env.db, event("msg_concurrent", BASE_TIME + i))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("forgets a delivery so a retry is applied again", async () => {
    await recordWebhookEvent(env.db, event("msg_retry"));
    expect(await forgetWebhookEvent(env.db, { webhookId: "msg_retry" })).toBe(true);
    expect(await forgetWebhookEvent(env.db, { webhookId: "msg_retry" })).toBe(false);
    expect(await recordWebhookEvent(env.db, event("msg_retry"))).toBe(true);
  });
});

describe("pruneWebhookEvents", () => {
  it("deletes only records older than the cutoff, at most `limit` per call", async () => {
    const at = (webhookId: string, receivedAt: number) => ({ ...event(webhookId), now: receivedAt });
    for (let i = 0; i < 5; i += 1) await recordWebhookEvent(env.db, at(`msg_prune_old_${i}`, 1_000 + i));
    await recordWebhookEvent(env.db, at("msg_prune_new", 10_000_000_000_000));
    const before = 5_000;
    expect(await pruneWebhookEvents(env.db, { before, limit: 1_000 })).toBeGreaterThanOrEqual(5);
    // Old ids are gone, so a redelivery of one would be applied again; the recent one is still guarded.
    expect(await recordWebhookEvent(env.db, at("msg_prune_old_0", 20_000))).toBe(true);
    expect(await recordWebhookEvent(env.db, at("msg_prune_new", 20_000))).toBe(false);
  });

  it("stops after `limit` rows", async () => {
    const fresh = await createTestD1();
    try {
      for (let i = 0; i < 4; i += 1) await recordWebhookEvent(fresh.db, { ...event(`msg_limit_${i}`), now: i });
      expect(await pruneWebhookEvents(fresh.db, { before: 100, limit: 3 })).toBe(3);
      expect(await pruneWebhookEvents(fresh.db, { before: 100, limit: 3 })).toBe(1);
    } finally {
      await fresh.dispose();
    }
  });
});
