import { parseProgressFromLogs, validateWebhook } from "replicate";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signWebhook, type Emulator } from "../../emulator/server";
import {
  json,
  createPrediction,
  deliveryLog,
  startTestEmulator,
  startWebhookReceiver,
  waitFor,
  type ReceivedWebhook,
  type WebhookReceiver,
} from "./support";

let emulator: Emulator;
let receiver: WebhookReceiver;
const ALL_EVENTS = ["start", "output", "logs", "completed"];

beforeAll(async () => {
  emulator = await startTestEmulator({ delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 5, webhookThrottleMs: 0 } });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" });
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

function headerRecord(delivery: ReceivedWebhook): Record<string, string> {
  return Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
}

async function createWithWebhook(input: Record<string, unknown>, filter?: string[]): Promise<string> {
  const response = await createPrediction(emulator, { input, webhook: receiver.url, webhook_events_filter: filter });
  expect(response.status).toBe(201);
  return (await json<{ id: string }>(response)).id;
}

const completedCount = () => receiver.received.filter((d) => d.body.status === "succeeded" || d.body.status === "failed").length;

describe("Standard Webhooks signing", () => {
  it("reproduces the published test vector", () => {
    expect(
      signWebhook({
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp: 1614265330,
        body: '{"test": 2432232314}',
      }),
    ).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("signs deliveries so that standardwebhooks, svix and replicate's validateWebhook all accept them", async () => {
    await createWithWebhook({ prompt: "a signed cat" }, ALL_EVENTS);
    await waitFor(
      () => completedCount(),
      (n) => n === 1,
    );
    for (const delivery of receiver.received) {
      const headers = headerRecord(delivery);
      expect(new StandardWebhook(emulator.webhookSecret).verify(delivery.rawBody, headers)).toEqual(delivery.body);
      expect(new SvixWebhook(emulator.webhookSecret).verify(delivery.rawBody, headers)).toEqual(delivery.body);
      expect(
        await validateWebhook({
          id: headers["webhook-id"]!,
          timestamp: headers["webhook-timestamp"]!,
          signature: headers["webhook-signature"]!,
          body: delivery.rawBody,
          secret: emulator.webhookSecret,
        }),
      ).toBe(true);
      expect(headers["webhook-id"]).toMatch(/^msg_/);
      expect(Math.abs(Number(headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    }
    const tampered = receiver.received[0]!;
    expect(() => new SvixWebhook(emulator.webhookSecret).verify(tampered.rawBody.replace("cat", "dog"), headerRecord(tampered))).toThrow();
  });
});

describe("webhook delivery", () => {
  it("sends start, logs with progress lines, output and completed, in order", async () => {
    const id = await createWithWebhook({ prompt: "an ordered cat" }, ALL_EVENTS);
    await waitFor(
      () => completedCount(),
      (n) => n === 1,
    );
    const bodies = receiver.received.map((d) => d.body);
    expect(bodies.every((b) => b.id === id)).toBe(true);
    expect(bodies[0]!.status).toBe("starting");
    expect(bodies.at(-1)!.status).toBe("succeeded");
    expect(bodies.at(-2)!.output).toEqual(bodies.at(-1)!.output);
    expect(bodies.at(-2)!.status).toBe("processing");
    const logs = bodies.slice(1, -2);
    expect(logs.length).toBe(1 + 4 + 1); // seed line, 4 steps, "Total safe images"
    const lengths = logs.map((b) => b.logs.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    const percentages = logs.map((b) => parseProgressFromLogs(b.logs)?.percentage).filter((p) => p !== undefined);
    expect(percentages).toEqual([0.25, 0.5, 0.75, 1, 1]);
    expect((await deliveryLog(emulator)).map((d) => d.event)).toEqual([
      "start",
      "logs",
      "logs",
      "logs",
      "logs",
      "logs",
      "logs",
      "output",
      "completed",
    ]);
  });

  it("throttles logs and output to one per interval, as Replicate does, but always sends start and completed", async () => {
    await fetch(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ delays: { webhookThrottleMs: 60_000 } }),
    });
    await createWithWebhook({ prompt: "a throttled cat" }, ALL_EVENTS);
    await waitFor(
      () => completedCount(),
      (n) => n === 1,
    );
    expect((await deliveryLog(emulator)).map((d) => d.event)).toEqual(["start", "logs", "completed"]);
    expect(receiver.received.at(-1)!.body.status).toBe("succeeded");
  });

  it("sends only output and completed by default", async () => {
    await createWithWebhook({ prompt: "a default cat" });
    await waitFor(
      () => completedCount(),
      (n) => n === 1,
    );
    expect((await deliveryLog(emulator)).map((d) => d.event)).toEqual(["output", "completed"]);
  });

  it("sends completed for a failed prediction", async () => {
    await createWithWebhook({ prompt: "[nsfw] cat" }, ["completed"]);
    await waitFor(
      () => receiver.received.length,
      (n) => n === 1,
    );
    expect(receiver.received[0]!.body).toMatchObject({ status: "failed", error: expect.stringContaining("NSFW") });
  });

  it("retries the terminal webhook with the same webhook-id, but never an intermediate one", async () => {
    receiver.respondWith = (_delivery, n) => (n < 2 ? 500 : 200);
    await createWithWebhook({ prompt: "a retried cat" }, ["output", "completed"]);
    await waitFor(
      () => receiver.received.length,
      (n) => n === 3,
    );
    const [output, firstTry, retry] = receiver.received;
    expect(output!.body.status).toBe("processing");
    expect(firstTry!.body.status).toBe("succeeded");
    expect(retry!.headers["webhook-id"]).toBe(firstTry!.headers["webhook-id"]);
    const log = await waitFor(
      () => deliveryLog(emulator),
      (l) => l.some((d) => d.status === 200),
    );
    expect(log.map((d) => [d.event, d.attempt, d.status])).toEqual([
      ["output", 1, 500],
      ["completed", 1, 500],
      ["completed", 2, 200],
    ]);
  });

  it("gives up on the terminal webhook after a bounded number of tries", async () => {
    receiver.respondWith = () => 503;
    await createWithWebhook({ prompt: "an unlucky cat" }, ["completed"]);
    const log = await waitFor(
      () => deliveryLog(emulator),
      (l) => l.length === 5,
    );
    expect(log.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.length).toBe(5);
  });
});
