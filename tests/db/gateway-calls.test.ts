import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { gatewayCallStats, insertGatewayCalls, listGatewayCallsSince } from "../../db/queries/gateway-calls";
import type { NewGatewayCall } from "../../db/schema";
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

function call(overrides: Partial<NewGatewayCall> = {}): NewGatewayCall {
  return {
    provider: "replicate",
    model: "black-forest-labs/flux-schnell",
    operation: "create_prediction",
    ok: true,
    httpStatus: 201,
    errorKind: null,
    attempts: 1,
    latencyMs: 100,
    cacheStatus: "MISS",
    logId: "log-1",
    taskId: "task-1",
    startedAt: BASE_TIME,
    ...overrides,
  };
}

describe("insertGatewayCalls", () => {
  it("does nothing for an empty list", async () => {
    const counting = countingD1(env.d1);
    await insertGatewayCalls(createDb(counting.d1), { calls: [] });
    expect(counting.counter.roundTrips).toBe(0);
  });

  it("stores many rows in one round trip, within D1's bound-parameter limit per statement", async () => {
    const counting = countingD1(env.d1);
    const calls = Array.from({ length: 20 }, (_, i) => call({ operation: "bulk", startedAt: BASE_TIME - 1_000_000 + i }));
    await insertGatewayCalls(createDb(counting.d1), { calls });
    expect(counting.counter.roundTrips).toBe(1);
    expect(counting.counter.statements).toBe(3);

    const stored = await listGatewayCallsSince(env.db, { since: BASE_TIME - 1_000_000 });
    const bulk = stored.filter((row) => row.operation === "bulk");
    expect(bulk.map((row) => row.startedAt)).toEqual(calls.map((row) => row.startedAt));
    expect(bulk[0]).toMatchObject({ ...calls[0], id: expect.any(Number) });
  });
});

describe("listGatewayCallsSince / gatewayCallStats", () => {
  it("lists and aggregates only the calls since the given time", async () => {
    const since = BASE_TIME + 10_000_000;
    const gemini = { provider: "google-ai-studio", model: "gemini-3.8-flash", operation: "generate_text" };
    await insertGatewayCalls(env.db, {
      calls: [
        call({ startedAt: since - 1, latencyMs: 9_999 }), // too early
        call({ startedAt: since, latencyMs: 100 }),
        call({ startedAt: since + 1, latencyMs: 300, attempts: 3 }),
        call({ startedAt: since + 2, ok: false, httpStatus: 429, errorKind: "rate_limited", attempts: 4, latencyMs: 500 }),
        call({ ...gemini, startedAt: since + 3, cacheStatus: "HIT", latencyMs: 10 }),
        call({ ...gemini, startedAt: since + 4, cacheStatus: "hit", latencyMs: 20 }),
        call({ ...gemini, startedAt: since + 5, ok: false, httpStatus: 400, errorKind: "safety", latencyMs: 30 }),
        call({ ...gemini, startedAt: since + 6, ok: false, httpStatus: null, errorKind: "timeout", cacheStatus: null, latencyMs: 40 }),
        call({ ...gemini, startedAt: since + 7, ok: false, httpStatus: 503, errorKind: "provider_down", attempts: 4, latencyMs: 50 }),
        call({ ...gemini, startedAt: since + 8, ok: false, httpStatus: 503, errorKind: "provider_down", latencyMs: 60 }),
      ],
    });

    const listed = await listGatewayCallsSince(env.db, { since });
    expect(listed.map((row) => row.startedAt)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => since + i));
    expect(await listGatewayCallsSince(env.db, { since, limit: 2 })).toHaveLength(2);

    const stats = await gatewayCallStats(env.db, { since });
    expect(stats.byTarget).toEqual([
      { ...gemini, calls: 6, errors: 4, retries: 3, cacheHits: 2, avgLatencyMs: 35, maxLatencyMs: 60 },
      {
        provider: "replicate",
        model: "black-forest-labs/flux-schnell",
        operation: "create_prediction",
        calls: 3,
        errors: 1,
        retries: 5,
        cacheHits: 0,
        avgLatencyMs: 300,
        maxLatencyMs: 500,
      },
    ]);
    expect(stats.errorsByKind).toEqual([
      { errorKind: "provider_down", count: 2 },
      { errorKind: "rate_limited", count: 1 },
      { errorKind: "safety", count: 1 },
      { errorKind: "timeout", count: 1 },
    ]);
  });
});
