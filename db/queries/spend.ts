import "server-only";
import { and, desc, eq, gte, max, or, sql, sum } from "drizzle-orm";
import type { Db } from "../client";
import { spendCounters, type SpendScope } from "../schema";

/** Whose money one request spends: a user and a client address (hashed), on one UTC day, and everyone's. */
export interface SpendSubjects {
  day: string;
  userId: string;
  clientKey: string;
}

/** Daily budgets in micro-dollars; 0 means no budget. */
export interface BudgetCaps {
  user: number;
  client: number;
  global: number;
}

export type SpendTotals = Record<SpendScope, number>;

/**
 * Reserves `micros` against the user's, the client's and the global budget of the day in ONE statement: the three
 * checks are uncorrelated subqueries, evaluated once before any row is written, and D1 runs one statement at a time,
 * so concurrent reservations can never overshoot any budget, and a refused one changes nothing. True when reserved.
 */
export async function reserveSpend(
  db: Db,
  { day, userId, clientKey, micros, caps }: SpendSubjects & { micros: number; caps: BudgetCaps },
): Promise<boolean> {
  const within = (scope: SpendScope, subject: string, cap: number) =>
    cap === 0
      ? sql`1`
      : sql`coalesce((SELECT ${spendCounters.micros} FROM ${spendCounters} WHERE ${spendCounters.day} = ${day} AND ${spendCounters.scope} = ${scope} AND ${spendCounters.subject} = ${subject}), 0) + ${micros} <= ${cap}`;
  const rows = await db.all<{ scope: string }>(sql`
    INSERT INTO ${spendCounters} (day, scope, subject, micros)
    SELECT ${day}, subjects.scope, subjects.subject, ${micros}
    FROM (SELECT 'user' AS scope, ${userId} AS subject UNION ALL SELECT 'client', ${clientKey} UNION ALL SELECT 'global', '') AS subjects
    WHERE ${within("user", userId, caps.user)} AND ${within("client", clientKey, caps.client)} AND ${within("global", "", caps.global)}
    ON CONFLICT (day, scope, subject) DO UPDATE SET micros = micros + excluded.micros
    RETURNING scope`);
  return rows.length === 3;
}

/** Gives back a reservation that bought nothing (a task's end does this itself, in the trigger tasks_settle_spend). */
export async function releaseSpend(db: Db, { day, userId, clientKey, micros }: SpendSubjects & { micros: number }) {
  await db
    .update(spendCounters)
    .set({ micros: sql`${spendCounters.micros} - ${micros}` })
    .where(and(eq(spendCounters.day, day), ofSubjects(userId, clientKey)))
    .run();
}

/** What the user, the client address and everyone have spent or reserved on that day. */
export async function readSpendTotals(db: Db, { day, userId, clientKey }: SpendSubjects): Promise<SpendTotals> {
  const rows = await db
    .select({ scope: spendCounters.scope, micros: spendCounters.micros })
    .from(spendCounters)
    .where(and(eq(spendCounters.day, day), ofSubjects(userId, clientKey)))
    .all();
  const totals: SpendTotals = { user: 0, client: 0, global: 0 };
  for (const row of rows) totals[row.scope] = row.micros;
  return totals;
}

function ofSubjects(userId: string, clientKey: string) {
  return or(
    and(eq(spendCounters.scope, "user"), eq(spendCounters.subject, userId)),
    and(eq(spendCounters.scope, "client"), eq(spendCounters.subject, clientKey)),
    and(eq(spendCounters.scope, "global"), eq(spendCounters.subject, "")),
  );
}

export interface DailySpendRow {
  day: string;
  scope: SpendScope;
  /** The day's total for global; the biggest single user's or client's for the others. */
  micros: number;
}

/** Per day since `fromDay`: everyone's spend, and the most any one user and any one client spent. */
export async function listDailySpend(db: Db, { fromDay }: { fromDay: string }): Promise<DailySpendRow[]> {
  const rows = await db
    .select({ day: spendCounters.day, scope: spendCounters.scope, micros: max(spendCounters.micros) })
    .from(spendCounters)
    .where(gte(spendCounters.day, fromDay))
    .groupBy(spendCounters.day, spendCounters.scope)
    .orderBy(spendCounters.day)
    .all();
  return rows.map((row) => ({ ...row, micros: row.micros ?? 0 }));
}

/** The client addresses (hashed) that spent most since `fromDay`. */
export async function listTopClients(db: Db, { fromDay, limit }: { fromDay: string; limit: number }) {
  const total = sum(spendCounters.micros).mapWith(Number);
  return db
    .select({ clientKey: spendCounters.subject, micros: total })
    .from(spendCounters)
    .where(and(gte(spendCounters.day, fromDay), eq(spendCounters.scope, "client")))
    .groupBy(spendCounters.subject)
    .orderBy(desc(total))
    .limit(limit)
    .all();
}

/**
 * Deletes up to `limit` counters of days before `beforeDay` (YYYY-MM-DD; the primary key starts with the day, so
 * this reads only those rows); returns how many. A day that old holds no reservation of a task still open.
 */
export async function pruneSpendCounters(db: Db, { beforeDay, limit }: { beforeDay: string; limit: number }): Promise<number> {
  const result = await db.run(
    sql`DELETE FROM ${spendCounters} WHERE rowid IN (SELECT rowid FROM ${spendCounters} WHERE ${spendCounters.day} < ${beforeDay} LIMIT ${limit})`,
  );
  return result.meta.changes;
}
