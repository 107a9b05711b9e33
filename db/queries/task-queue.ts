import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { alias, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../client";
import { IN_FLIGHT_STATUSES, TASK_STATUS_RANK, tasks, type Task } from "../schema";

/**
 * `status_rank < 4` written literally, so SQLite can use the partial index tasks_open_idx (a bound parameter
 * would not match the index's WHERE clause).
 */
export function isOpen(table: { statusRank: AnySQLiteColumn }) {
  return sql`${table.statusRank} < 4`;
}

/** Tasks holding a provider slot (submitting, starting, processing), of one user or of everyone. */
export async function countInFlight(db: Db, { userId }: { userId?: string } = {}): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(tasks)
    .where(and(isOpen(tasks), inArray(tasks.status, IN_FLIGHT_STATUSES), userId === undefined ? undefined : eq(tasks.userId, userId)))
    .get();
  return row?.n ?? 0;
}

export async function countQueued(db: Db, { userId }: { userId: string }): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(tasks)
    .where(and(isOpen(tasks), eq(tasks.status, "queued"), eq(tasks.userId, userId)))
    .get();
  return row?.n ?? 0;
}

export interface PromoteQueuedTaskArgs {
  /** That task only; otherwise the oldest queued task (of `userId` when given) whose owner is under the cap. */
  id?: string;
  userId?: string;
  /** 0 turns a cap off. */
  perUserCap: number;
  globalCap: number;
  now: number;
}

/**
 * Moves one queued task to `submitting` if its owner has fewer than perUserCap tasks in flight and everyone together
 * fewer than globalCap. The caps are counted inside the UPDATE itself: D1 runs one statement at a time, so
 * concurrent callers cannot both take the last slot (a SELECT followed by an UPDATE could).
 */
export async function promoteQueuedTask(db: Db, args: PromoteQueuedTaskArgs): Promise<Task | undefined> {
  const candidate = alias(tasks, "candidate");
  const owned = alias(tasks, "owned");
  const everyone = alias(tasks, "everyone");
  const sameClient = alias(tasks, "same_client");
  const clients = alias(tasks, "clients");

  const ownerInFlight = db
    .select({ n: count() })
    .from(owned)
    .where(and(isOpen(owned), inArray(owned.status, IN_FLIGHT_STATUSES), eq(owned.userId, candidate.userId)));
  // Fair share: one client address (however many cookies it rotates) holds at most ⌈globalCap / (clients + 1)⌉
  // slots, counting every address with an open task. The +1 keeps room free for an address not seen yet, so a
  // newcomer's first task is never queued behind one heavy client.
  const clientInFlight = db
    .select({ n: count() })
    .from(sameClient)
    .where(and(isOpen(sameClient), inArray(sameClient.status, IN_FLIGHT_STATUSES), eq(sameClient.clientKey, candidate.clientKey)));
  const openClients = db
    .select({ n: sql<number>`count(DISTINCT ${clients.clientKey})` })
    .from(clients)
    .where(isOpen(clients));
  // ceil(globalCap / (clients + 1)): rounding down would leave slots unused when many addresses are active.
  const clientShare = sql`max(1, (${args.globalCap} + (${openClients})) / ((${openClients}) + 1))`;
  const nextQueued = db
    .select({ id: candidate.id })
    .from(candidate)
    .where(
      and(
        isOpen(candidate),
        eq(candidate.status, "queued"),
        args.id === undefined ? undefined : eq(candidate.id, args.id),
        args.userId === undefined ? undefined : eq(candidate.userId, args.userId),
        args.perUserCap === 0 ? undefined : sql`(${ownerInFlight}) < ${args.perUserCap}`,
        args.globalCap === 0 ? undefined : sql`(${candidate.clientKey} IS NULL OR (${clientInFlight}) < (${clientShare}))`,
      ),
    )
    .orderBy(asc(candidate.createdAt), asc(candidate.id))
    .limit(1);
  const globalInFlight = db
    .select({ n: count() })
    .from(everyone)
    .where(and(isOpen(everyone), inArray(everyone.status, IN_FLIGHT_STATUSES)));

  return db
    .update(tasks)
    .set({ status: "submitting", statusRank: TASK_STATUS_RANK.submitting, updatedAt: args.now })
    .where(
      and(
        eq(tasks.status, "queued"),
        sql`${tasks.id} = (${nextQueued})`,
        args.globalCap === 0 ? undefined : sql`(${globalInFlight}) < ${args.globalCap}`,
      ),
    )
    .returning()
    .get();
}
