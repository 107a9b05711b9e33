import "server-only";
import { and, asc, count, eq, inArray, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { alias, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../client";
import { tasks, type NewTask, type Task } from "../schema";
import { IN_FLIGHT_STATUSES, TASK_STATUS_RANK } from "../../lib/shared/task-status";

/**
 * A task not ended yet: `completed_at IS NULL`, which the CHECK tasks_open_until_end ties to a rank below the
 * terminal one. Written as the term of the partial index tasks_open_idx's WHERE, so SQLite can use that index.
 */
export function isOpen(table: { completedAt: AnySQLiteColumn }) {
  return sql`${table.completedAt} IS NULL`;
}

/** Tasks holding a provider slot (submitting, starting, processing), of one user or of everyone.
 * @internal The caps are counted inside each UPDATE; tests/db count them from outside with this.
 */
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

/**
 * Fair share: one client address (however many cookies it rotates) holds at most ⌈globalCap / (clients + 1)⌉
 * slots, counting every address with an open task. The +1 keeps room free for an address not seen yet, so a
 * newcomer's first task is never queued behind one heavy client. Rounding up keeps many active addresses able to
 * fill the global cap together.
 */
type TasksAlias = ReturnType<typeof alias<typeof tasks, string>>;

function underClientShare(db: Db, clientKey: SQLWrapper | string | null, sameClient: TasksAlias, clients: TasksAlias, globalCap: number): SQL {
  if (clientKey === null) return sql`1`;
  const clientInFlight = db
    .select({ n: count() })
    .from(sameClient)
    .where(and(isOpen(sameClient), inArray(sameClient.status, IN_FLIGHT_STATUSES), eq(sameClient.clientKey, clientKey)));
  const openClients = db
    .select({ n: sql<number>`count(DISTINCT ${clients.clientKey})` })
    .from(clients)
    .where(isOpen(clients));
  // CAST: D1 may bind a JS number as REAL, and a REAL division would round the share up past the ceiling.
  const share = sql`max(1, CAST((${globalCap} + (${openClients})) / ((${openClients}) + 1) AS INTEGER))`;
  return typeof clientKey === "string" ? sql`(${clientInFlight}) < (${share})` : sql`(${clientKey} IS NULL OR (${clientInFlight}) < (${share}))`;
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
  const clientUnderShare = underClientShare(db, candidate.clientKey, sameClient, clients, args.globalCap);
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
        args.globalCap === 0 ? undefined : clientUnderShare,
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

export interface InsertTaskWithinCapsArgs {
  /** A new task; its status is decided here. */
  task: Omit<NewTask, "status" | "statusRank">;
  perUserCap: number;
  globalCap: number;
}

/**
 * Inserts a task as `submitting` when its owner and everyone together are under their in-flight caps, else as
 * `queued`, in ONE statement: the caps are counted inside the INSERT (D1 runs one statement at a time, so two
 * creates cannot both take the last slot), and a task that may start at once is not written twice.
 */
export async function insertTaskWithinCaps(db: Db, args: InsertTaskWithinCapsArgs): Promise<Task> {
  const row = await taskInsertWithinCaps(db, args).get();
  if (!row) throw new Error(`insertTaskWithinCaps: no row returned for task ${args.task.id}`);
  return row;
}

/** The statement of insertTaskWithinCaps, not yet run, so a batch can hold several (a run's tasks, in order). */
export function taskInsertWithinCaps(db: Db, args: InsertTaskWithinCapsArgs) {
  const owned = alias(tasks, "owned");
  const everyone = alias(tasks, "everyone");
  const ownerInFlight = db
    .select({ n: count() })
    .from(owned)
    .where(and(isOpen(owned), inArray(owned.status, IN_FLIGHT_STATUSES), eq(owned.userId, args.task.userId)));
  const globalInFlight = db
    .select({ n: count() })
    .from(everyone)
    .where(and(isOpen(everyone), inArray(everyone.status, IN_FLIGHT_STATUSES)));
  // 0 turns a cap off, as in promoteQueuedTask.
  const underCaps = and(
    sql`1`,
    args.perUserCap === 0 ? undefined : sql`(${ownerInFlight}) < ${args.perUserCap}`,
    args.globalCap === 0 ? undefined : sql`(${globalInFlight}) < ${args.globalCap}`,
    args.globalCap === 0
      ? undefined
      : underClientShare(db, args.task.clientKey ?? null, alias(tasks, "same_client"), alias(tasks, "clients"), args.globalCap),
  );
  return db
    .insert(tasks)
    .values({
      ...args.task,
      status: sql`CASE WHEN ${underCaps} THEN 'submitting' ELSE 'queued' END`,
      statusRank: sql`CASE WHEN ${underCaps} THEN ${TASK_STATUS_RANK.submitting} ELSE ${TASK_STATUS_RANK.queued} END`,
    })
    .returning();
}
