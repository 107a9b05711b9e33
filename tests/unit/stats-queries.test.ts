import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertGatewayCalls } from "../../db/queries/gateway-calls";
import { gatewayCallsPerBucket, gatewayLatencyPercentiles } from "../../db/queries/stats-gateway";
import { taskFailureCodes } from "../../db/queries/stats-tasks";
import { insertTask } from "../../db/queries/tasks";
import type { NewGatewayCall } from "../../db/schema";
import { createTestD1, type TestD1 } from "../helpers/d1";
import { newTask } from "../db/task-fixture";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 1, 10); // on an hour boundary

function call(overrides: Partial<NewGatewayCall>): NewGatewayCall {
  return {
    provider: "replicate",
    model: "flux-schnell",
    operation: "prediction.create",
    ok: true,
    httpStatus: 201,
    errorKind: null,
    attempts: 1,
    latencyMs: 100,
    cacheStatus: "MISS",
    logId: null,
    taskId: null,
    startedAt: T0,
    ...overrides,
  };
}

/** Nearest rank, 1-based: the reference the SQL must agree with. */
function nearestRank(values: number[], percent: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1]!;
}

describe("stats queries on real D1", () => {
  let env: TestD1;
  beforeAll(async () => {
    env = await createTestD1();
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it("computes exact nearest-rank percentiles per model and overall, ignoring calls before the window", async () => {
    // flux-schnell: 1..100 ms shuffled; gemini: 7 calls; one old call that must not count.
    const schnell = Array.from({ length: 100 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    const gemini = [40, 10, 900, 20, 35, 15, 5000];
    const calls = [
      ...schnell.map((latencyMs, i) => call({ latencyMs, startedAt: T0 + i })),
      ...gemini.map((latencyMs, i) =>
        call({ provider: "gemini", model: "gemini-3.8-flash", operation: "text.generate", latencyMs, startedAt: T0 + i }),
      ),
      call({ latencyMs: 999_999, startedAt: T0 - 1 }),
    ];
    await insertGatewayCalls(env.db, { calls });

    const rows = await gatewayLatencyPercentiles(env.db, { since: T0 });
    expect(rows.map((row) => row.model)).toEqual([null, "flux-schnell", "gemini-3.8-flash"]);
    const [overall, schnellRow, geminiRow] = rows;
    expect(schnellRow).toEqual({ model: "flux-schnell", count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(geminiRow).toEqual({
      model: "gemini-3.8-flash",
      count: 7,
      p50: nearestRank(gemini, 50),
      p95: nearestRank(gemini, 95),
      p99: nearestRank(gemini, 99),
      max: 5000,
    });
    const all = [...schnell, ...gemini];
    expect(overall).toEqual({ model: null, count: 107, p50: nearestRank(all, 50), p95: nearestRank(all, 95), p99: nearestRank(all, 99), max: 5000 });
  });

  it("returns no rows when the window is empty", async () => {
    expect(await gatewayLatencyPercentiles(env.db, { since: T0 + 365 * 24 * HOUR })).toEqual([]);
  });

  it("counts calls, errors and cache hits per aligned bucket", async () => {
    const base = T0 + 10 * 24 * HOUR;
    await insertGatewayCalls(env.db, {
      calls: [
        call({ startedAt: base + 5 }),
        call({ startedAt: base + HOUR - 1, ok: false, errorKind: "rate_limited", httpStatus: 429 }),
        call({ startedAt: base + HOUR, cacheStatus: "HIT", provider: "gemini", operation: "text.generate" }),
        call({ startedAt: base + 3 * HOUR + 7, cacheStatus: "hit" }),
        call({ startedAt: base + 3 * HOUR + 8, ok: false, errorKind: "timeout", cacheStatus: null }),
      ],
    });
    const rows = await gatewayCallsPerBucket(env.db, { since: base, bucketMs: HOUR });
    expect(rows).toEqual([
      { bucketStart: base, calls: 2, errors: 1, cacheHits: 0 },
      { bucketStart: base + HOUR, calls: 1, errors: 0, cacheHits: 1 },
      { bucketStart: base + 3 * HOUR, calls: 2, errors: 1, cacheHits: 1 },
    ]);
    // A window that starts mid-bucket keeps the bucket aligned and counts only what is inside.
    const partial = await gatewayCallsPerBucket(env.db, { since: base + 30 * 60_000, bucketMs: HOUR });
    expect(partial[0]).toEqual({ bucketStart: base, calls: 1, errors: 1, cacheHits: 0 });
    await expect(gatewayCallsPerBucket(env.db, { since: base, bucketMs: 0 })).rejects.toThrow(RangeError);
  });

  it("counts failed tasks by error code", async () => {
    const since = T0 + 100 * 24 * HOUR;
    const drafts = [
      newTask({ status: "failed", errorCode: "safety_blocked", createdAt: since + 1 }),
      newTask({ status: "failed", errorCode: "prediction_failed", createdAt: since + 2 }),
      newTask({ status: "failed", errorCode: "safety_blocked", createdAt: since + 3 }),
      newTask({ status: "succeeded", createdAt: since + 4 }),
      newTask({ status: "failed", errorCode: "safety_blocked", createdAt: since - 1 }),
    ];
    for (const task of drafts) await insertTask(env.db, { task });
    expect(await taskFailureCodes(env.db, { since })).toEqual([
      { errorCode: "safety_blocked", count: 2 },
      { errorCode: "prediction_failed", count: 1 },
    ]);
  });
});
