import "server-only";
import { and, asc, count, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { gatewayCalls, type GatewayCall, type NewGatewayCall } from "../schema";

// D1 binds at most 100 parameters per statement and a gateway call row binds up to 12.
const ROWS_PER_INSERT = 8;

/** Stores a batch of call records in one round trip (several multi-row INSERTs when over D1's parameter limit). */
export async function insertGatewayCalls(db: Db, { calls }: { calls: NewGatewayCall[] }): Promise<void> {
  const inserts = [];
  for (let start = 0; start < calls.length; start += ROWS_PER_INSERT) {
    inserts.push(db.insert(gatewayCalls).values(calls.slice(start, start + ROWS_PER_INSERT)));
  }
  const [first, ...rest] = inserts;
  if (!first) return;
  if (rest.length === 0) await first.run();
  else await db.batch([first, ...rest]);
}

/** Call records started at or after `since`, oldest first (at most `limit`, default 10 000).
 * @internal Reads back what insertGatewayCalls wrote, for tests/db/gateway-calls.test.ts.
 */
export async function listGatewayCallsSince(db: Db, { since, limit = 10_000 }: { since: number; limit?: number }): Promise<GatewayCall[]> {
  return db
    .select()
    .from(gatewayCalls)
    .where(gte(gatewayCalls.startedAt, since))
    .orderBy(asc(gatewayCalls.startedAt), asc(gatewayCalls.id))
    .limit(limit)
    .all();
}

export interface GatewayTargetStats {
  provider: string;
  model: string;
  operation: string;
  calls: number;
  errors: number;
  /** Sum of (attempts - 1): requests that were sent again. */
  retries: number;
  cacheHits: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
}

interface GatewayErrorKindCount {
  errorKind: string;
  count: number;
}

export interface GatewayCallStats {
  byTarget: GatewayTargetStats[];
  errorsByKind: GatewayErrorKindCount[];
}

/** Aggregates of the calls started since `since`: one round trip (a D1 batch of two statements). */
export async function gatewayCallStats(db: Db, { since }: { since: number }): Promise<GatewayCallStats> {
  const sumOf = (expression: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${expression}), 0)`.mapWith(Number);
  const [byTarget, errorsByKind] = await db.batch([
    db
      .select({
        provider: gatewayCalls.provider,
        model: gatewayCalls.model,
        operation: gatewayCalls.operation,
        calls: count(),
        errors: sumOf(sql`CASE WHEN ${gatewayCalls.ok} = 0 THEN 1 ELSE 0 END`),
        retries: sumOf(sql`max(${gatewayCalls.attempts} - 1, 0)`),
        cacheHits: sumOf(sql`CASE WHEN upper(${gatewayCalls.cacheStatus}) = 'HIT' THEN 1 ELSE 0 END`),
        avgLatencyMs: sql<number>`coalesce(avg(${gatewayCalls.latencyMs}), 0)`.mapWith(Number),
        maxLatencyMs: sql<number>`coalesce(max(${gatewayCalls.latencyMs}), 0)`.mapWith(Number),
      })
      .from(gatewayCalls)
      .where(gte(gatewayCalls.startedAt, since))
      .groupBy(gatewayCalls.provider, gatewayCalls.model, gatewayCalls.operation)
      .orderBy(asc(gatewayCalls.provider), asc(gatewayCalls.model), asc(gatewayCalls.operation)),
    db
      .select({ errorKind: sql<string>`${gatewayCalls.errorKind}`, count: count() })
      .from(gatewayCalls)
      .where(and(gte(gatewayCalls.startedAt, since), eq(gatewayCalls.ok, false), isNotNull(gatewayCalls.errorKind)))
      .groupBy(gatewayCalls.errorKind)
      .orderBy(desc(count()), asc(gatewayCalls.errorKind)),
  ]);
  return { byTarget, errorsByKind };
}

/** Deletes up to `limit` call records started before `before` (oldest first, through the time index); returns how many. */
export async function pruneGatewayCalls(db: Db, { before, limit }: { before: number; limit: number }): Promise<number> {
  const result = await db.run(
    sql`DELETE FROM ${gatewayCalls} WHERE ${gatewayCalls.id} IN (SELECT ${gatewayCalls.id} FROM ${gatewayCalls} WHERE ${gatewayCalls.startedAt} < ${before} ORDER BY ${gatewayCalls.startedAt} LIMIT ${limit})`,
  );
  return result.meta.changes;
}
