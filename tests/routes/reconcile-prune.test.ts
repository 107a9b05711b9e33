import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";
import { utcDayOf } from "@/lib/shared/time";
import { STATS_RETENTION_MS } from "@/lib/shared/stats-windows";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const HOUR_MS = 3_600_000;
const admin = { authorization: `Bearer ${TEST_SECRETS.adminToken}` };

async function seed(table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const placeholders = `(${columns.map(() => "?").join(", ")})`;
  await app.storage.d1.batch(
    rows.map((row) => app.storage.d1.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${placeholders}`).bind(...row)),
  );
}

const countOf = async (sql: string, ...values: unknown[]) =>
  (await app.storage.d1
    .prepare(sql)
    .bind(...values)
    .first<{ n: number }>())!.n;

describe("the scheduled reconcile keeps the dashboard's records to its longest window", () => {
  it("deletes gateway calls, spend counters and refusal counts older than that, and keeps the rest", async () => {
    const now = Date.now();
    // Two days past it: spend counters go by whole UTC days.
    const old = now - STATS_RETENTION_MS - 48 * HOUR_MS;
    const recent = now - 2 * HOUR_MS;
    const hourOf = (at: number) => Math.floor(at / HOUR_MS) * HOUR_MS;
    const call = (startedAt: number, model: string) => ["replicate", model, "create_prediction", 1, 201, null, 1, 120, null, null, null, startedAt];
    await seed(
      "gateway_calls",
      [
        "provider",
        "model",
        "operation",
        "ok",
        "http_status",
        "error_kind",
        "attempts",
        "latency_ms",
        "cache_status",
        "log_id",
        "task_id",
        "started_at",
      ],
      [call(old, "prune-old"), call(old - 1000, "prune-old"), call(recent, "prune-recent")],
    );
    await seed(
      "spend_counters",
      ["day", "scope", "subject", "micros"],
      [
        [utcDayOf(old), "user", "u_prune", 3000],
        [utcDayOf(old), "global", "", 3000],
        [utcDayOf(recent), "user", "u_prune", 5000],
      ],
    );
    await seed(
      "refusals",
      ["hour", "reason", "count"],
      [
        [hourOf(old), "rate", 4],
        [hourOf(recent), "budget", 2],
      ],
    );

    const response = await app.browser().request("POST", "/api/admin/reconcile", { headers: admin });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.pruned).toBeGreaterThanOrEqual(5);

    expect(await countOf("SELECT count(*) AS n FROM gateway_calls WHERE model = ?", "prune-old")).toBe(0);
    expect(await countOf("SELECT count(*) AS n FROM gateway_calls WHERE model = ?", "prune-recent")).toBe(1);
    expect(await countOf("SELECT count(*) AS n FROM spend_counters WHERE day = ?", utcDayOf(old))).toBe(0);
    expect(await countOf("SELECT count(*) AS n FROM spend_counters WHERE day = ? AND subject = 'u_prune'", utcDayOf(recent))).toBe(1);
    expect(await countOf("SELECT count(*) AS n FROM refusals WHERE hour = ?", hourOf(old))).toBe(0);
    expect(await countOf("SELECT count(*) AS n FROM refusals WHERE hour = ?", hourOf(recent))).toBe(1);
  });
});
