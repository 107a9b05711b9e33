import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { hitRateLimit, pruneRateLimits } from "../../db/queries/rate-limits";
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

const WINDOW = 60_000;

describe("hitRateLimit", () => {
  it("counts hits in a fixed window and resets after it, one statement per hit", async () => {
    const counting = countingD1(env.d1);
    const db = createDb(counting.d1);
    const hit = (now: number) => hitRateLimit(db, { key: "generate:solo", windowMs: WINDOW, limit: 2, now });

    expect(await hit(BASE_TIME)).toEqual({ allowed: true, count: 1, retryAfterMs: 0 });
    expect(await hit(BASE_TIME + 10_000)).toEqual({ allowed: true, count: 2, retryAfterMs: 0 });
    expect(await hit(BASE_TIME + 15_000)).toEqual({ allowed: false, count: 3, retryAfterMs: 45_000 });
    expect(await hit(BASE_TIME + WINDOW - 1)).toEqual({ allowed: false, count: 4, retryAfterMs: 1 });
    expect(await hit(BASE_TIME + WINDOW)).toEqual({ allowed: true, count: 1, retryAfterMs: 0 });
    expect(await hit(BASE_TIME + WINDOW + 1)).toEqual({ allowed: true, count: 2, retryAfterMs: 0 });
    expect(counting.counter.statements).toBe(6);
  });

  it("keeps keys apart", async () => {
    const hit = (key: string) => hitRateLimit(env.db, { key, windowMs: WINDOW, limit: 1, now: BASE_TIME });
    expect((await hit("prompt:a")).allowed).toBe(true);
    expect((await hit("prompt:b")).allowed).toBe(true);
    expect((await hit("prompt:a")).allowed).toBe(false);
  });

  it("allows exactly `limit` of many concurrent hits", async () => {
    const limit = 10;
    const results = await Promise.all(
      Array.from({ length: 35 }, (_, i) => hitRateLimit(env.db, { key: "generate:burst", windowMs: WINDOW, limit, now: BASE_TIME + i })),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(limit);
    expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
  });
});

describe("pruneRateLimits", () => {
  it("deletes counters whose window started before the cut-off", async () => {
    await hitRateLimit(env.db, { key: "prune:old", windowMs: WINDOW, limit: 5, now: BASE_TIME - WINDOW * 10 });
    await hitRateLimit(env.db, { key: "prune:new", windowMs: WINDOW, limit: 5, now: BASE_TIME + WINDOW * 10 });

    const removed = await pruneRateLimits(env.db, { before: BASE_TIME - WINDOW });
    expect(removed).toBe(1);
    const keys = await env.d1.prepare("SELECT key FROM rate_limits WHERE key LIKE 'prune:%'").all<{ key: string }>();
    expect(keys.results.map((row) => row.key)).toEqual(["prune:new"]);
  });
});
