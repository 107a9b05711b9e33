import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { control, createPrediction, postJson, recordedRequests, setFaults, startTestEmulator } from "./support";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => fetch(`${emulator.url}/__emulator/reset`, { method: "POST" }));

function setRetries(retries: Record<string, unknown>): Promise<Response> {
  return postJson(`${emulator.url}/__emulator/gateway`, { retries });
}

describe("the gateway-level retry setting", () => {
  it("is off by default, and takes attempts, delay and backoff within the dashboard's bounds", async () => {
    expect(await control(emulator, "gateway")).toEqual({ retries: { attempts: 1, delayMs: 100, backoff: "constant" } });
    expect((await setRetries({ attempts: 5, delayMs: 100, backoff: "linear" })).status).toBe(200);
    expect(await control(emulator, "gateway")).toEqual({ retries: { attempts: 5, delayMs: 100, backoff: "linear" } });
    for (const bad of [{ attempts: 6 }, { attempts: 0 }, { delayMs: 50 }, { delayMs: 5001 }, { backoff: "random" }]) {
      expect((await setRetries(bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });

  it("re-sends a request the upstream failed, up to the configured attempts", async () => {
    await setRetries({ attempts: 3, delayMs: 100 });
    await setFaults(emulator, { rate5xx: 1, limit: 2 });
    const response = await createPrediction(emulator, { input: { prompt: "third time lucky" } });
    expect(response.status).toBe(201);
    const [record] = await recordedRequests(emulator);
    expect(record).toMatchObject({ status: 201, upstreamAttempts: 3, predictionsCreated: 1 });
  });

  it("gives up after the last attempt with the upstream's own error", async () => {
    await setRetries({ attempts: 2, delayMs: 100 });
    await setFaults(emulator, { rate5xx: 1 });
    const response = await createPrediction(emulator, { input: { prompt: "never" } });
    expect(response.status).toBeGreaterThanOrEqual(500);
    const [record] = await recordedRequests(emulator);
    expect(record).toMatchObject({ upstreamAttempts: 2, fault: "rate5xx" });
  });

  it("re-sends a create whose answer was lost, so one request can leave two predictions behind", async () => {
    await setRetries({ attempts: 5, delayMs: 100 });
    // Four lost answers, then one that arrives: with this seed at least one lost answer had created a prediction.
    await setFaults(emulator, { seed: 3, rateDrop: 1, limit: 4 });
    const response = await createPrediction(emulator, { input: { prompt: "paid twice" } });
    expect(response.status).toBe(201);
    const [record] = await recordedRequests(emulator);
    expect(record?.upstreamAttempts).toBe(5);
    expect(record?.predictionsCreated).toBeGreaterThan(1);
  });

  it("lets the request's own cf-aig-max-attempts, cf-aig-retry-delay and cf-aig-backoff override it", async () => {
    await setRetries({ attempts: 5, delayMs: 100 });
    await setFaults(emulator, { rate5xx: 1, limit: 1 });
    const once = await createPrediction(emulator, { input: { prompt: "mine" } }, { "cf-aig-max-attempts": "1" });
    expect(once.status).toBeGreaterThanOrEqual(500);
    await setFaults(emulator, { rate5xx: 1, limit: 1 });
    const twice = await createPrediction(
      emulator,
      { input: { prompt: "mine" } },
      { "cf-aig-max-attempts": "2", "cf-aig-retry-delay": "0", "cf-aig-backoff": "exponential" },
    );
    expect(twice.status).toBe(201);
    const requests = await recordedRequests(emulator);
    expect(requests.map((request) => request.upstreamAttempts)).toEqual([1, 2]);
    expect(requests[1]?.headers).toMatchObject({ "cf-aig-max-attempts": "2", "cf-aig-retry-delay": "0", "cf-aig-backoff": "exponential" });
  });

  it("keeps every cf-aig-* and cancel-after header in its request log", async () => {
    await createPrediction(
      emulator,
      { input: { prompt: "headers" } },
      { "cancel-after": "1m", "cf-aig-max-attempts": "1", "cf-aig-request-timeout": "5000", "cf-aig-collect-log": "false" },
    );
    const [record] = await recordedRequests(emulator);
    expect(record?.headers).toMatchObject({
      "cancel-after": "1m",
      "cf-aig-max-attempts": "1",
      "cf-aig-request-timeout": "5000",
      "cf-aig-collect-log": "false",
    });
  });
});
