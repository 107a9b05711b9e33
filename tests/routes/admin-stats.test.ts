import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as stats from "../../app/api/admin/stats/route";
import type { AdminStats } from "../../lib/shared/admin-stats";
import { registerRoute, startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { waitFor, type TestBrowser } from "../helpers/http-client";

registerRoute("GET", /^\/api\/admin\/stats$/, stats.GET as never);

let app: TestApp;
const admin = { authorization: `Bearer ${TEST_SECRETS.adminToken}` };

beforeAll(async () => {
  app = await startTestApp({ vars: { MODEL_PRICES_USD: '{"flux-schnell":0.004}' } });
});
afterAll(async () => {
  await app?.close();
});

async function setFaults(faults: Record<string, unknown>) {
  const response = await fetch(`${app.emulator.url}/__emulator/faults`, { method: "POST", body: JSON.stringify(faults) });
  expect(response.status).toBe(200);
}

async function generate(browser: TestBrowser, body: Record<string, unknown>): Promise<string> {
  const created = await browser.post("/api/generate", body);
  expect(created.status).toBe(201);
  return created.body.task.id;
}

async function waitForTerminal(browser: TestBrowser, id: string): Promise<{ status: string; cost_usd: number | null }> {
  return waitFor(
    async () => {
      const { body } = await browser.get(`/api/tasks/${id}`);
      return ["succeeded", "failed", "canceled"].includes(body.task?.status) ? body.task : undefined;
    },
    { what: `task ${id} to finish` },
  );
}

/** Nearest rank, computed here independently of the SQL. */
function nearestRank(values: number[], percent: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1]!;
}

async function getStats(window = "24h"): Promise<AdminStats> {
  const response = await app.browser().get<AdminStats>(`/api/admin/stats?window=${window}`, admin);
  expect(response.status).toBe(200);
  return response.body;
}

describe("GET /api/admin/stats agrees with the calls made through the gateway", () => {
  it("counts calls, errors, retries, cache hits, latency, tasks and cost", async () => {
    const browser = app.browser();

    // 1. flux-schnell, its create throttled once (429, Retry-After 0): one call, two attempts.
    await setFaults({ rate429: 1, retryAfterSeconds: 0, limit: 1, match: "/predictions", method: "POST" });
    const schnell = await generate(browser, { model: "flux-schnell", prompt: "a lighthouse at dawn" });
    // 2. flux-dev with two images, no faults.
    await setFaults({});
    const dev = await generate(browser, { model: "flux-dev", prompt: "a red fox in snow", num_outputs: 2 });
    // 3. a prediction that fails at the provider: the create call succeeds, the task fails without cost.
    await setFaults({ failPredictions: 1 });
    const failing = await generate(browser, { model: "flux-schnell", prompt: "a doomed teapot" });
    const finished = await Promise.all([schnell, dev, failing].map((id) => waitForTerminal(browser, id)));
    expect(finished.map((task) => task.status)).toEqual(["succeeded", "succeeded", "failed"]);

    // 4. prompt help twice: a cache miss, then a hit.
    await setFaults({});
    expect((await browser.post("/api/prompt", { prompt: "a cat on a roof" })).body.cached).toBe(false);
    expect((await browser.post("/api/prompt", { prompt: "a cat on a roof" })).body.cached).toBe(true);
    // 5. Gemini down for every attempt: one failed call after 3 retries.
    await setFaults({ rate5xx: 1, limit: 4, match: "generateContent" });
    expect((await browser.post("/api/prompt", { prompt: "a quiet harbour" })).status).toBe(503);
    // 6. a prompt blocked by Gemini's safety filter.
    await setFaults({});
    expect((await browser.post("/api/prompt", { prompt: "[unsafe] something" })).status).toBe(422);

    const figures = await getStats("24h");
    const { gateway, tasks } = figures;

    expect(gateway.calls).toBe(7);
    expect(gateway.errors).toBe(2);
    expect(gateway.error_rate).toBeCloseTo(2 / 7, 10);
    expect(gateway.errors_by_kind).toEqual([
      { kind: "provider_down", count: 1, rate: 1 / 7 },
      { kind: "safety", count: 1, rate: 1 / 7 },
    ]);
    expect(gateway.retries).toBe(1 + 3);
    expect(gateway.cache).toEqual({ lookups: 4, hits: 1, hit_rate: 0.25 });
    expect(gateway.by_provider).toEqual(
      expect.arrayContaining([
        { provider: "replicate", calls: 3, errors: 0, retries: 1 },
        { provider: "gemini", calls: 4, errors: 2, retries: 3 },
      ]),
    );
    expect(gateway.by_operation).toEqual(
      expect.arrayContaining([
        { operation: "prediction.create", calls: 3, errors: 0, retries: 1 },
        { operation: "text.generate", calls: 4, errors: 2, retries: 3 },
      ]),
    );
    expect(gateway.by_target.find((row) => row.model === "flux-schnell")).toMatchObject({ calls: 2, retries: 1, errors: 0 });

    // Every attempt reached the emulator: calls + retries = requests it received on the gateway paths.
    const received = (await (await fetch(`${app.emulator.url}/__emulator/requests?match=/v1/`)).json()) as unknown[];
    expect(received).toHaveLength(gateway.calls + gateway.retries);

    // Time series: the buckets are one hour apart and add up to the totals.
    expect(figures.bucket_ms).toBe(3_600_000);
    expect(gateway.series.reduce((sum, point) => sum + point.calls, 0)).toBe(7);
    expect(gateway.series.reduce((sum, point) => sum + point.errors, 0)).toBe(2);
    expect(gateway.series.reduce((sum, point) => sum + point.cache_hits, 0)).toBe(1);
    const starts = gateway.series.map((point) => Date.parse(point.start));
    expect(starts.slice(1).map((start, i) => start - starts[i]!)).toEqual(Array(starts.length - 1).fill(3_600_000));

    // Latency percentiles equal the nearest-rank figures of the stored latencies.
    const rows = (await app.storage.d1.prepare("SELECT model, latency_ms FROM gateway_calls").all<{ model: string; latency_ms: number }>()).results;
    const all = rows.map((row) => row.latency_ms);
    expect(gateway.latency_ms).toEqual({
      count: 7,
      p50: nearestRank(all, 50),
      p95: nearestRank(all, 95),
      p99: nearestRank(all, 99),
      max: Math.max(...all),
    });
    for (const model of ["flux-schnell", "flux-dev", "gemini-3.8-flash"]) {
      const own = rows.filter((row) => row.model === model).map((row) => row.latency_ms);
      expect(gateway.latency_by_model.find((row) => row.model === model)).toEqual({
        model,
        count: own.length,
        p50: nearestRank(own, 50),
        p95: nearestRank(own, 95),
        p99: nearestRank(own, 99),
        max: Math.max(...own),
      });
    }

    // Tasks and money: what each task was charged, with the MODEL_PRICES_USD override for flux-schnell.
    expect(tasks.total).toBe(3);
    expect(tasks.by_status).toMatchObject({ succeeded: 2, failed: 1, canceled: 0, queued: 0, processing: 0 });
    expect(tasks.failures_by_code).toEqual([{ code: "prediction_failed", count: 1 }]);
    expect(tasks.images).toBe(3);
    const charged = finished.reduce((sum, task) => sum + (task.cost_usd ?? 0), 0);
    expect(tasks.cost_usd.toFixed(2)).toBe(charged.toFixed(2));
    expect(tasks.cost_usd).toBeCloseTo(0.004 + 2 * 0.025, 6);
    expect(tasks.by_model).toEqual(
      expect.arrayContaining([
        { model: "flux-schnell", tasks: 2, succeeded: 1, failed: 1, canceled: 0, pending: 0, images: 1, cost_usd: 0.004 },
        { model: "flux-dev", tasks: 1, succeeded: 1, failed: 0, canceled: 0, pending: 0, images: 2, cost_usd: 0.05 },
      ]),
    );
    expect(tasks.prices_usd_per_image).toEqual({
      "flux-schnell": 0.004,
      "flux-dev": 0.025,
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
    const today = new Date().toISOString().slice(0, 10);
    const todayFigures = tasks.daily.find((day) => day.day === today);
    expect(todayFigures).toMatchObject({ tasks: 3, images: 3 });
    expect(todayFigures?.cost_usd).toBeCloseTo(0.054, 6);
    expect(tasks.daily.reduce((sum, day) => sum + day.cost_usd, 0)).toBeCloseTo(tasks.cost_usd, 6);
  });

  it("covers the chosen window with buckets of its size", async () => {
    const hour = await getStats("1h");
    expect(hour.bucket_ms).toBe(300_000);
    expect(hour.gateway.series.length).toBeGreaterThanOrEqual(12);
    expect(hour.gateway.series.length).toBeLessThanOrEqual(13);
    expect(Date.parse(hour.until) - Date.parse(hour.since)).toBe(3_600_000);
    const month = await getStats("30d");
    expect(month.bucket_ms).toBe(86_400_000);
    expect(month.tasks.daily.length).toBeGreaterThanOrEqual(30);
    expect(month.gateway.calls).toBe(hour.gateway.calls);
  });

  it("rejects an unknown window with a 422 naming the field", async () => {
    const response = await app.browser().get("/api/admin/stats?window=2w", admin);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("invalid_input");
    expect(response.body.error.message).toMatch(/^window:/);
  });

  it("logs the request as one JSON line with request id, route, status and duration, and no admin token", async () => {
    await getStats("24h");
    const entries = app.logLines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    const entry = entries.find((item) => item.route === "GET /api/admin/stats" && item.msg === "request" && item.status === 200);
    expect(entry).toMatchObject({ level: "info", method: "GET", requestId: expect.any(String), durationMs: expect.any(Number) });
    expect(app.logLines.join("\n")).not.toContain(TEST_SECRETS.adminToken);
  });

  it("names GEMINI_MODEL's lifecycle: nothing for the GA default, the successor for a deprecated id", async () => {
    expect((await getStats()).gemini).toEqual({ model: "gemini-3.8-flash", successor: null, notice: null });
    app.setVars({ MODEL_PRICES_USD: '{"flux-schnell":0.004}', GEMINI_MODEL: "gemini-3.7-flash" });
    try {
      expect((await getStats()).gemini).toEqual({
        model: "gemini-3.7-flash",
        successor: "gemini-3.8-flash",
        notice: 'GEMINI_MODEL "gemini-3.7-flash" is deprecated: Google routes it to gemini-3.8-flash. Set GEMINI_MODEL to gemini-3.8-flash.',
      });
    } finally {
      app.setVars({ MODEL_PRICES_USD: '{"flux-schnell":0.004}' });
    }
  });
});
