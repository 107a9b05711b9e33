import { describe, expect, it } from "vitest";
import { labelIndices, linearScale, niceCeil } from "../../components/admin/charts/scale";
import { summarizeGatewayCalls } from "../../lib/stats/gateway-figures";
import { currentPrices, roundUsd } from "../../lib/stats/prices";
import { bucketStarts, daysBetween, fillSeries } from "../../lib/stats/series";
import { summarizeTasks } from "../../lib/stats/task-figures";
import { statsQuerySchema } from "../../lib/shared/api/admin";
import { windowRange } from "../../lib/shared/stats-windows";

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 4, 20, 10, 30);

describe("windows", () => {
  it("defaults to 24h and rejects unknown windows", () => {
    expect(statsQuerySchema.parse({})).toEqual({ window: "24h" });
    expect(statsQuerySchema.parse({ window: "7d" })).toEqual({ window: "7d" });
    expect(statsQuerySchema.safeParse({ window: "2w" }).success).toBe(false);
    expect(statsQuerySchema.safeParse({ window: "constructor" }).success).toBe(false);
  });

  it("ends now and reaches back the window's length", () => {
    expect(windowRange("1h", NOW)).toEqual({ window: "1h", since: NOW - HOUR, until: NOW, bucketMs: 300_000 });
    expect(windowRange("30d", NOW).since).toBe(NOW - 30 * 24 * HOUR);
  });
});

describe("series", () => {
  it("lists aligned bucket starts covering the window, partial ends included", () => {
    const starts = bucketStarts(NOW - 24 * HOUR, NOW, HOUR);
    expect(starts).toHaveLength(25);
    expect(starts[0]).toBe(Date.UTC(2026, 4, 19, 10));
    expect(starts.at(-1)).toBe(Date.UTC(2026, 4, 20, 10));
  });

  it("fills the buckets without calls with zeros, in order", () => {
    const range = { since: NOW - 3 * HOUR, until: NOW, bucketMs: HOUR };
    const series = fillSeries([{ bucketStart: Date.UTC(2026, 4, 20, 9), calls: 4, errors: 1, cacheHits: 2 }], range);
    expect(series).toEqual([
      { start: "2026-05-20T07:00:00.000Z", calls: 0, errors: 0, cache_hits: 0 },
      { start: "2026-05-20T08:00:00.000Z", calls: 0, errors: 0, cache_hits: 0 },
      { start: "2026-05-20T09:00:00.000Z", calls: 4, errors: 1, cache_hits: 2 },
      { start: "2026-05-20T10:00:00.000Z", calls: 0, errors: 0, cache_hits: 0 },
    ]);
  });

  it("names the UTC days of a window", () => {
    expect(daysBetween(NOW - 2 * 24 * HOUR, NOW)).toEqual(["2026-05-18", "2026-05-19", "2026-05-20"]);
  });
});

describe("prices", () => {
  it("takes the registry's price unless MODEL_PRICES_USD overrides it", () => {
    expect(currentPrices({ "flux-dev": 0.03 })).toEqual({
      "flux-schnell": 0.003,
      "flux-dev": 0.03,
      "flux-pro": 0.055,
      "flux-general": 0.032,
      "flux-kontext-pro": 0.04,
      "flux-2-pro": 0.03,
      "flux-2-flex": 0.06,
      "flux-2-dev": 0.012,
      "flux-2-klein-4b": 0.001,
      "nano-banana-pro": 0.15,
      "nano-banana-2": 0.067,
      "flux-fill-pro": 0.05,
      upscaler: 0.005,
    });
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
  });
});

describe("summarizeGatewayCalls", () => {
  const target = (overrides: Partial<Parameters<typeof summarizeGatewayCalls>[0]["aggregates"]["byTarget"][number]>) => ({
    provider: "replicate",
    model: "flux-schnell",
    operation: "prediction.create",
    calls: 0,
    errors: 0,
    retries: 0,
    cacheHits: 0,
    avgLatencyMs: 0,
    maxLatencyMs: 0,
    ...overrides,
  });

  it("adds up providers and operations, and rates cache hits over cacheable calls only", () => {
    const figures = summarizeGatewayCalls(
      {
        aggregates: {
          byTarget: [
            target({ calls: 10, errors: 1, retries: 2, avgLatencyMs: 812.4, maxLatencyMs: 2000 }),
            target({ model: "flux-schnell", operation: "prediction.get", calls: 30, retries: 1 }),
            target({ provider: "gemini", model: "gemini-3.8-flash", operation: "text.generate", calls: 8, errors: 3, cacheHits: 2 }),
          ],
          errorsByKind: [
            { errorKind: "timeout", count: 3 },
            { errorKind: "rate_limited", count: 1 },
          ],
        },
        percentiles: [
          { model: null, count: 48, p50: 100, p95: 900, p99: 1900, max: 2000 },
          { model: "flux-schnell", count: 40, p50: 120, p95: 950, p99: 1950, max: 2000 },
        ],
        buckets: [],
      },
      windowRange("24h", NOW),
    );
    expect(figures).toMatchObject({ calls: 48, errors: 4, error_rate: 4 / 48, retries: 3 });
    expect(figures.cache).toEqual({ lookups: 8, hits: 2, hit_rate: 0.25 });
    expect(figures.latency_ms).toEqual({ count: 48, p50: 100, p95: 900, p99: 1900, max: 2000 });
    expect(figures.latency_by_model).toEqual([{ model: "flux-schnell", count: 40, p50: 120, p95: 950, p99: 1950, max: 2000 }]);
    expect(figures.by_provider).toEqual([
      { provider: "replicate", calls: 40, errors: 1, retries: 3 },
      { provider: "gemini", calls: 8, errors: 3, retries: 0 },
    ]);
    expect(figures.by_operation.map((row) => [row.operation, row.calls])).toEqual([
      ["prediction.create", 10],
      ["prediction.get", 30],
      ["text.generate", 8],
    ]);
    expect(figures.by_target[0]).toMatchObject({ error_rate: 0.1, avg_latency_ms: 812 });
    expect(figures.errors_by_kind).toEqual([
      { kind: "timeout", count: 3, rate: 3 / 48 },
      { kind: "rate_limited", count: 1, rate: 1 / 48 },
    ]);
    expect(figures.series).toHaveLength(25);
  });

  it("reports rates as null and no latency when nothing was called", () => {
    const figures = summarizeGatewayCalls({ aggregates: { byTarget: [], errorsByKind: [] }, percentiles: [], buckets: [] }, windowRange("1h", NOW));
    expect(figures).toMatchObject({ calls: 0, error_rate: null, latency_ms: null, cache: { lookups: 0, hits: 0, hit_rate: null } });
    expect(figures.series.every((point) => point.calls === 0)).toBe(true);
  });
});

describe("summarizeTasks", () => {
  it("counts outcomes per model and sums images and the charged cost per day", () => {
    const figures = summarizeTasks(
      {
        stats: {
          byStatusAndModel: [
            { status: "succeeded", modelKey: "flux-dev", count: 3 },
            { status: "failed", modelKey: "flux-dev", count: 1 },
            { status: "processing", modelKey: "flux-dev", count: 1 },
            { status: "queued", modelKey: "flux-schnell", count: 2 },
            { status: "succeeded", modelKey: "flux-schnell", count: 5 },
          ],
          dailyByModel: [
            { day: "2026-05-19", modelKey: "flux-dev", tasks: 2, images: 3, costUsd: 0.075 },
            { day: "2026-05-20", modelKey: "flux-dev", tasks: 3, images: 1, costUsd: 0.025 },
            { day: "2026-05-20", modelKey: "flux-schnell", tasks: 7, images: 7, costUsd: 0.1 + 0.2 - 0.279 },
          ],
        },
        failures: [{ errorCode: "safety_blocked", count: 1 }],
        prices: currentPrices(),
      },
      windowRange("7d", NOW),
    );
    expect(figures.total).toBe(12);
    expect(figures.by_status).toEqual({ queued: 2, submitting: 0, starting: 0, processing: 1, succeeded: 8, failed: 1, canceled: 0 });
    expect(figures.by_model).toEqual([
      { model: "flux-schnell", tasks: 7, succeeded: 5, failed: 0, canceled: 0, pending: 2, images: 7, cost_usd: 0.021 },
      { model: "flux-dev", tasks: 5, succeeded: 3, failed: 1, canceled: 0, pending: 1, images: 4, cost_usd: 0.1 },
    ]);
    expect(figures.images).toBe(11);
    expect(figures.cost_usd).toBe(0.121);
    expect(figures.failures_by_code).toEqual([{ code: "safety_blocked", count: 1 }]);
    // Every day of the window is listed, days without tasks as zeros.
    expect(figures.daily.map((day) => day.day)).toEqual([
      "2026-05-13",
      "2026-05-14",
      "2026-05-15",
      "2026-05-16",
      "2026-05-17",
      "2026-05-18",
      "2026-05-19",
      "2026-05-20",
    ]);
    expect(figures.daily.at(-1)).toEqual({
      day: "2026-05-20",
      tasks: 10,
      images: 8,
      cost_usd: 0.046,
      models: [
        { model: "flux-dev", tasks: 3, images: 1, cost_usd: 0.025 },
        { model: "flux-schnell", tasks: 7, images: 7, cost_usd: 0.021 },
      ],
    });
    expect(figures.daily[0]).toEqual({ day: "2026-05-13", tasks: 0, images: 0, cost_usd: 0, models: [] });
  });
});

describe("chart scales", () => {
  it("rounds axis maxima up to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect([0, 0.7, 1, 3, 7, 12, 24, 26, 480, 0.053].map(niceCeil)).toEqual([1, 1, 1, 5, 10, 20, 25, 50, 500, 0.1]);
  });

  it("keeps counts on whole-number ticks", () => {
    expect(linearScale(3, { integer: true }).ticks).toEqual([0, 1, 2, 3, 4]);
    expect(linearScale(13, { integer: true }).ticks).toEqual([0, 5, 10, 15, 20]);
    expect(linearScale(9, { integer: true }).ticks).toEqual([0, 3, 6, 9, 12]);
    expect(linearScale(0, { integer: true }).ticks).toEqual([0, 1, 2, 3, 4]);
  });

  it("spaces money and milliseconds on round steps that cover the largest value", () => {
    expect(linearScale(0.053).ticks).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    expect(linearScale(1493).ticks).toEqual([0, 500, 1000, 1500, 2000]);
    expect(linearScale(200).at(50)).toBe(0.25);
    expect(linearScale(200).at(900)).toBe(1);
  });

  it("picks at most the given number of labels, always the last one", () => {
    expect(labelIndices(25, 8)).toEqual([0, 4, 8, 12, 16, 20, 24]);
    expect(labelIndices(5, 8)).toEqual([0, 1, 2, 3, 4]);
    expect(labelIndices(0, 8)).toEqual([]);
  });
});
