import { Webhook } from "svix/dist/webhook";
import { describe, expect, it } from "vitest";
import { describeStatement } from "../../bench/lib/metered-d1";
import { eventsFor, forgedHeaders, signedHeaders } from "../../bench/lib/webhook-events";

const secret = `whsec_${Buffer.from("bench-test-secret-0123456789ab").toString("base64")}`;

const final = {
  id: "pred123",
  model: "black-forest-labs/flux-schnell",
  status: "succeeded",
  input: { prompt: "x" },
  logs: "Using seed: 7\n  25%|██▌       | 1/4\n 100%|██████████| 4/4\nTotal safe images: 1 out of 1\n",
  output: ["http://127.0.0.1:1/files/pred123/out-0.webp"],
  error: null,
  created_at: "2026-01-01T00:00:00.000Z",
  started_at: "2026-01-01T00:00:01.000Z",
  completed_at: "2026-01-01T00:00:02.000Z",
  metrics: { predict_time: 1 },
};

describe("bench webhook deliveries", () => {
  it("replays a finished prediction as start, one logs per line, output and completed", () => {
    const events = eventsFor("tsk_1", final);
    expect(events.map((e) => e.kind)).toEqual(["start", "logs", "logs", "logs", "logs", "output", "completed"]);
    const bodies = events.map((e) => JSON.parse(e.body) as Record<string, unknown>);
    expect(bodies.map((b) => b.status)).toEqual(["starting", "processing", "processing", "processing", "processing", "processing", "succeeded"]);
    expect(bodies[0]).toMatchObject({ logs: "", output: null, started_at: null, completed_at: null });
    expect(bodies[0]).not.toHaveProperty("metrics");
    expect(bodies[2]!.logs).toBe("Using seed: 7\n  25%|██▌       | 1/4\n");
    expect(bodies[5]).toMatchObject({ output: final.output, completed_at: null });
    expect(bodies[6]).toEqual(final);
    expect(events.map((e) => e.progress)).toEqual([null, null, 25, 100, 100, null, null]);
    expect(new Set(events.map((e) => e.webhookId)).size).toBe(events.length);
  });

  it("signs deliveries that svix accepts, and forges ones it rejects", () => {
    const [event] = eventsFor("tsk_1", final);
    const verifier = new Webhook(secret);
    expect(verifier.verify(event!.body, signedHeaders(event!, secret))).toMatchObject({ id: "pred123" });
    expect(() => verifier.verify(event!.body, forgedHeaders(event!))).toThrow();
  });

  it("names statements by verb and table", () => {
    expect(describeStatement('update "tasks" set "status" = ? where "id" = ?')).toBe("update tasks");
    expect(describeStatement('insert into "webhook_events" ("webhook_id") values (?) on conflict do nothing')).toBe("insert into webhook_events");
    expect(describeStatement('select "id", "user_id" from "tasks" where "tasks"."id" = ?')).toBe("select tasks");
    expect(describeStatement("delete from `rate_limits` where x")).toBe("delete from rate_limits");
  });
});
