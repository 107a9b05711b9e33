import "server-only";
import type { GatewayCallStats, GatewayTargetStats } from "@/db/queries/gateway-calls";
import type { CallBucketRow, LatencyPercentileRow } from "@/db/queries/stats-gateway";
import { fillSeries } from "./series";
import type { GatewayFigures, LatencyFigures } from "../shared/admin-stats";
import type { WindowRange } from "../shared/stats-windows";

/** Operations that send a cache TTL; every other call sends cf-aig-skip-cache and can never hit. */
const CACHEABLE_OPERATIONS: readonly string[] = ["text.generate"];

export interface GatewayRows {
  aggregates: GatewayCallStats;
  percentiles: LatencyPercentileRow[];
  buckets: CallBucketRow[];
}

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

interface Totals {
  calls: number;
  errors: number;
  retries: number;
}

function totalsBy(targets: GatewayTargetStats[], keyOf: (target: GatewayTargetStats) => string): [string, Totals][] {
  const groups = new Map<string, Totals>();
  for (const target of targets) {
    const totals = groups.get(keyOf(target)) ?? { calls: 0, errors: 0, retries: 0 };
    totals.calls += target.calls;
    totals.errors += target.errors;
    totals.retries += target.retries;
    groups.set(keyOf(target), totals);
  }
  return [...groups];
}

function latency(row: LatencyPercentileRow): LatencyFigures {
  return { count: row.count, p50: row.p50, p95: row.p95, p99: row.p99, max: row.max };
}

export function summarizeGatewayCalls({ aggregates, percentiles, buckets }: GatewayRows, range: WindowRange): GatewayFigures {
  const targets = aggregates.byTarget;
  const calls = targets.reduce((sum, target) => sum + target.calls, 0);
  const errors = targets.reduce((sum, target) => sum + target.errors, 0);
  const cacheable = targets.filter((target) => CACHEABLE_OPERATIONS.includes(target.operation));
  const lookups = cacheable.reduce((sum, target) => sum + target.calls, 0);
  const hits = cacheable.reduce((sum, target) => sum + target.cacheHits, 0);
  const overall = percentiles.find((row) => row.model === null);

  return {
    calls,
    errors,
    error_rate: rate(errors, calls),
    retries: targets.reduce((sum, target) => sum + target.retries, 0),
    cache: { lookups, hits, hit_rate: rate(hits, lookups) },
    latency_ms: overall ? latency(overall) : null,
    latency_by_model: percentiles.flatMap((row) => (row.model === null ? [] : [{ model: row.model, ...latency(row) }])),
    by_provider: totalsBy(targets, (target) => target.provider).map(([provider, totals]) => ({ provider, ...totals })),
    by_operation: totalsBy(targets, (target) => target.operation).map(([operation, totals]) => ({ operation, ...totals })),
    by_target: targets.map((target) => ({
      provider: target.provider,
      model: target.model,
      operation: target.operation,
      calls: target.calls,
      errors: target.errors,
      error_rate: rate(target.errors, target.calls),
      retries: target.retries,
      cache_hits: target.cacheHits,
      avg_latency_ms: Math.round(target.avgLatencyMs),
      max_latency_ms: target.maxLatencyMs,
    })),
    errors_by_kind: aggregates.errorsByKind.map(({ errorKind, count }) => ({ kind: errorKind, count, rate: count / Math.max(1, calls) })),
    series: fillSeries(buckets, range),
  };
}
