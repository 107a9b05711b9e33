import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { createPrediction, geminiBase, json, postJson, recordedRequests, REPLICATE_AUTH, startTestEmulator } from "./support";

let emulator: Emulator;
const GATEWAY_AUTH = { "cf-aig-authorization": "Bearer gw-secret" };
const GEMINI_KEY = { "x-goog-api-key": "any-key" };
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

beforeAll(async () => {
  emulator = await startTestEmulator({ gatewayToken: "gw-secret" });
});
afterAll(() => emulator.close());
beforeEach(() => fetch(`${emulator.url}/__emulator/reset`, { method: "POST" }));

function generate(prompt: string, headers: Record<string, string> = {}) {
  return postJson(
    `${geminiBase(emulator)}/v1beta/models/gemini-3.8-flash:generateContent`,
    { contents: [{ role: "user", parts: [{ text: prompt }] }] },
    { ...GATEWAY_AUTH, ...GEMINI_KEY, ...headers },
  );
}

describe("the emulated AI Gateway", () => {
  it("rejects a missing or wrong gateway token with the gateway's envelope", async () => {
    for (const headers of [{}, { "cf-aig-authorization": "Bearer wrong" }] as Record<string, string>[]) {
      const response = await createPrediction(emulator, { input: { prompt: "x" } }, headers);
      expect(response.status).toBe(401);
      expect(await json(response)).toEqual({
        success: false,
        result: [],
        messages: [],
        error: [{ code: 2009, message: "Unauthorized" }],
        name: "AiGatewayError",
        httpCode: 401,
        internalCode: 2009,
      });
    }
    expect((await createPrediction(emulator, { input: { prompt: "x" } }, GATEWAY_AUTH)).status).toBe(201);
  });

  it("answers with cf-aig-log-id (ULID), cf-aig-request-id and cf-aig-cache-status on any account and gateway", async () => {
    const response = await postJson(
      `${emulator.url}/v1/0123abcd/my-gateway/replicate/models/black-forest-labs/flux-schnell/predictions`,
      { input: { prompt: "x" } },
      { ...GATEWAY_AUTH, ...REPLICATE_AUTH },
    );
    expect(response.status).toBe(201);
    const logId = response.headers.get("cf-aig-log-id");
    expect(logId).toMatch(ULID);
    expect(response.headers.get("cf-aig-request-id")).toBe(logId);
    expect(response.headers.get("cf-aig-cache-status")).toBe("MISS");
    const prediction = await json(response);
    expect(prediction.urls.get).toBe(`${emulator.url}/v1/0123abcd/my-gateway/replicate/predictions/${prediction.id}`);
  });

  it("caches identical requests that carry cf-aig-cache-ttl, and skips the cache on request", async () => {
    const first = await generate("cached prompt", { "cf-aig-cache-ttl": "60" });
    const second = await generate("cached prompt", { "cf-aig-cache-ttl": "60" });
    const skipped = await generate("cached prompt", { "cf-aig-cache-ttl": "60", "cf-aig-skip-cache": "true" });
    const other = await generate("another prompt", { "cf-aig-cache-ttl": "60" });
    expect(first.headers.get("cf-aig-cache-status")).toBe("MISS");
    expect(second.headers.get("cf-aig-cache-status")).toBe("HIT");
    expect(skipped.headers.get("cf-aig-cache-status")).toBe("MISS");
    expect(other.headers.get("cf-aig-cache-status")).toBe("MISS");
    const [a, b, c] = await Promise.all([json(first), json(second), json(skipped)]);
    expect(b.responseId).toBe(a.responseId);
    expect(c.responseId).not.toBe(a.responseId);
    expect(second.headers.get("cf-aig-log-id")).not.toBe(first.headers.get("cf-aig-log-id"));
  });

  it("does not cache without a TTL, and expires entries after the TTL", async () => {
    await generate("uncached");
    expect((await generate("uncached")).headers.get("cf-aig-cache-status")).toBe("MISS");
    await generate("short-lived", { "cf-aig-cache-ttl": "1" });
    expect((await generate("short-lived", { "cf-aig-cache-ttl": "1" })).headers.get("cf-aig-cache-status")).toBe("HIT");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await generate("short-lived", { "cf-aig-cache-ttl": "1" })).headers.get("cf-aig-cache-status")).toBe("MISS");
  });

  it("records every provider request with secrets redacted", async () => {
    await createPrediction(emulator, { input: { prompt: "recorded" } }, { ...GATEWAY_AUTH, prefer: "wait=1" });
    await postJson(
      `${geminiBase(emulator)}/v1beta/models/gemini-3.8-flash:generateContent?key=secret-key`,
      { contents: [{ parts: [{ text: "hi" }] }] },
      GATEWAY_AUTH,
    );
    const requests = await recordedRequests(emulator);
    expect(requests).toHaveLength(2);
    const [create, gemini] = requests;
    expect(create).toMatchObject({
      method: "POST",
      path: "/v1/acct/gw/replicate/models/black-forest-labs/flux-schnell/predictions",
      status: 201,
      body: { input: { prompt: "recorded" } },
      headers: { authorization: "Bearer [redacted]", "cf-aig-authorization": "Bearer [redacted]", prefer: "wait=1" },
    });
    expect(gemini).toMatchObject({ status: 200, query: { key: "[redacted]" } });
    expect(JSON.stringify(requests)).not.toMatch(/r8_test|gw-secret|secret-key/);
  });

  it("lists predictions and clears everything on reset", async () => {
    await createPrediction(emulator, { input: { prompt: "listed" }, webhook: "http://127.0.0.1:9/hook" }, GATEWAY_AUTH);
    const listed = await json(await fetch(`${emulator.url}/__emulator/predictions`));
    expect(listed).toEqual([
      expect.objectContaining({
        model: "black-forest-labs/flux-schnell",
        webhook: "http://127.0.0.1:9/hook",
        input: { prompt: "listed" },
        responseLost: false,
      }),
    ]);
    await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" });
    expect(await json(await fetch(`${emulator.url}/__emulator/predictions`))).toEqual([]);
    expect(await recordedRequests(emulator)).toEqual([]);
  });
});
