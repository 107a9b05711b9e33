import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { gatewayCalls } from "../schema";

export interface LatencyPercentileRow {
  /** null for the row over every model. */
  model: string | null;
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface CallBucketRow {
  /** Epoch ms of the bucket's start (a multiple of the bucket size, so hours and UTC days line up). */
  bucketStart: number;
  calls: number;
  errors: number;
  cacheHits: number;
}

// Nearest-rank percentile: the value at 1-based rank ceil(p·n), in integer arithmetic (SQLite may lack ceil()).
const rankFor = (percent: number) => sql.raw(`(${percent} * n + 99) / 100`);

/**
 * p50/p95/p99 and max latency of the calls started since `since`, per model and over all of them
 * (the row whose model is null). Exact: ranked in SQL with window functions, so no row cap applies.
 */
export async function gatewayLatencyPercentiles(db: Db, { since }: { since: number }): Promise<LatencyPercentileRow[]> {
  const { id, model, latencyMs, startedAt } = gatewayCalls;
  const rows = await db.all<{ model: string | null; n: number; p50: number; p95: number; p99: number; max: number }>(sql`
    WITH scoped AS (
      SELECT ${id} AS id, ${model} AS model, ${latencyMs} AS ms FROM ${gatewayCalls} WHERE ${startedAt} >= ${since}
    ),
    ranked AS (
      SELECT model, ms, row_number() OVER (PARTITION BY model ORDER BY ms, id) AS r, count(*) OVER (PARTITION BY model) AS n
      FROM scoped
      UNION ALL
      SELECT NULL, ms, row_number() OVER (ORDER BY ms, id), count(*) OVER () FROM scoped
    )
    SELECT model, max(n) AS n,
      max(CASE WHEN r = ${rankFor(50)} THEN ms END) AS p50,
      max(CASE WHEN r = ${rankFor(95)} THEN ms END) AS p95,
      max(CASE WHEN r = ${rankFor(99)} THEN ms END) AS p99,
      max(ms) AS max
    FROM ranked
    GROUP BY model
    ORDER BY model IS NOT NULL, model
  `);
  return rows.map((row) => ({
    model: row.model,
    count: Number(row.n),
    p50: Number(row.p50),
    p95: Number(row.p95),
    p99: Number(row.p99),
    max: Number(row.max),
  }));
}

/** Calls, errors and cache hits per time bucket of `bucketMs`, for calls started since `since`; empty buckets are absent. */
export async function gatewayCallsPerBucket(db: Db, { since, bucketMs }: { since: number; bucketMs: number }): Promise<CallBucketRow[]> {
  if (!Number.isInteger(bucketMs) || bucketMs <= 0) throw new RangeError(`bucketMs must be a positive integer, got ${bucketMs}`);
  const { ok, cacheStatus, startedAt } = gatewayCalls;
  // CAST: D1 may bind JS numbers as REAL, which would turn the integer division into a float one.
  const size = sql`CAST(${bucketMs} AS INTEGER)`;
  const rows = await db.all<{ bucket_start: number; calls: number; errors: number; cache_hits: number }>(sql`
    SELECT (${startedAt} / ${size}) * ${size} AS bucket_start,
      count(*) AS calls,
      coalesce(sum(CASE WHEN ${ok} = 0 THEN 1 ELSE 0 END), 0) AS errors,
      coalesce(sum(CASE WHEN upper(${cacheStatus}) = 'HIT' THEN 1 ELSE 0 END), 0) AS cache_hits
    FROM ${gatewayCalls}
    WHERE ${startedAt} >= ${since}
    GROUP BY bucket_start
    ORDER BY bucket_start
  `);
  return rows.map((row) => ({
    bucketStart: Number(row.bucket_start),
    calls: Number(row.calls),
    errors: Number(row.errors),
    cacheHits: Number(row.cache_hits),
  }));
}
