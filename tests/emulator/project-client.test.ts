import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "svix";
import { createAiGateway, type GatewayCallRecord } from "../../lib/ai-gateway";
import { createLogger } from "../../lib/platform/logger";
import type { Emulator } from "../../emulator/server";
import { startTestEmulator, startWebhookReceiver, waitFor, type WebhookReceiver } from "./support";

const GATEWAY_TOKEN = "gw-token-for-project-client";
const WEBHOOK_SECRET = `whsec_${Buffer.from("project client webhook key 32 b").toString("base64")}`;

let emulator: Emulator;
let receiver: WebhookReceiver;
const calls: GatewayCallRecord[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator({ gatewayToken: GATEWAY_TOKEN, webhookSecret: WEBHOOK_SECRET, replicateApiToken: "r8_project_client" });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await emulator?.close();
});

function client() {
  return createAiGateway({
    gatewayUrl: `${emulator.url}/v1/acct/gw`,
    gatewayToken: GATEWAY_TOKEN,
    replicateApiToken: "r8_project_client",
    geminiApiKey: "AIza-project-client-key",
    geminiModel: "gemini-3.8-flash",
    logger: createLogger({ write: (line) => logLines.push(line) }),
    onCall: (record) => calls.push(record),
  });
}

describe("the project's gateway client against the emulator, end to end", () => {
  it("runs a FLUX prediction whose webhooks all verify with svix", async () => {
    const prediction = await client().generateImageViaReplicate({
      model: "flux-schnell",
      input_prompt: "a red kite over a green hill",
      aspect_ratio: "4:3",
      user_id: "u_test",
      locale: "en",
      task_id: "tsk_client_test",
      webhook: receiver.url,
      webhook_events_filter: ["start", "output", "logs", "completed"],
    });
    expect(prediction.id).toBeTruthy();
    expect(["starting", "processing"]).toContain(prediction.status);

    const deliveries = await waitFor(
      () => receiver.received,
      (received) => received.some((delivery) => delivery.body.status === "succeeded"),
    );
    const verifier = new Webhook(WEBHOOK_SECRET);
    for (const delivery of deliveries) {
      const verified = verifier.verify(delivery.rawBody, {
        "webhook-id": String(delivery.headers["webhook-id"]),
        "webhook-timestamp": String(delivery.headers["webhook-timestamp"]),
        "webhook-signature": String(delivery.headers["webhook-signature"]),
      }) as { id: string };
      expect(verified.id).toBe(prediction.id);
    }
    expect(deliveries.some((delivery) => /\d+%\|/.test(delivery.body.logs))).toBe(true);

    const final = await client().getPrediction(prediction.id, { taskId: "tsk_client_test" });
    expect(final.status).toBe("succeeded");
    expect(Array.isArray(final.output)).toBe(true);

    const create = calls.find((call) => call.operation === "prediction.create");
    expect(create).toMatchObject({ provider: "replicate", ok: true, attempts: 1, taskId: "tsk_client_test" });
    expect(create!.logId).toMatch(/^[0-9A-Z]{26}$/);
  });

  it("makes a Gemini call with a cache TTL: a miss, then a hit", async () => {
    const request = {
      messages: [
        { role: "system" as const, content: "Be brief." },
        { role: "user" as const, content: "a cat" },
      ],
      cache: true,
    };
    const first = await client().generateTextViaGemini(request);
    const second = await client().generateTextViaGemini(request);
    expect(first.text.length).toBeGreaterThan(0);
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.text).toBe(first.text);
  });

  it("logs every call once, without the tokens", () => {
    const callLines = logLines.filter((line) => line.includes('"gateway.call"'));
    expect(callLines.length).toBe(calls.length);
    for (const secret of ["r8_project_client", GATEWAY_TOKEN, "AIza-project-client-key"]) {
      expect(logLines.some((line) => line.includes(secret))).toBe(false);
    }
  });
});
