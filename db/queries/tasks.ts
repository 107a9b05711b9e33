import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import type { ImageSize } from "../../lib/shared/image-types";
import type { Db } from "../client";
import { tasks, type NewTask, type Task } from "../schema";
import { TASK_STATUS_RANK, TERMINAL_RANK, type TaskStatus } from "../../lib/shared/task-status";

export * from "./task-lists";
export * from "./task-queue";
export * from "./task-reconcile";
export * from "./task-stats";

/**
 * Inserts a task; `statusRank` always follows `status` (default `queued`), and a task inserted as ended has a
 * completed_at (its updated_at unless given; CHECK tasks_open_until_end).
 * @internal Test fixtures insert rows in any status; the app inserts through insertTaskWithinCaps.
 */
export async function insertTask(db: Db, { task }: { task: NewTask }): Promise<Task> {
  const status = task.status ?? "queued";
  const statusRank = TASK_STATUS_RANK[status];
  const completedAt = task.completedAt ?? (statusRank === TERMINAL_RANK ? task.updatedAt : null);
  const row = await db
    .insert(tasks)
    .values({ ...task, status, statusRank, completedAt })
    .returning()
    .get();
  if (!row) throw new Error(`insertTask: no row returned for task ${task.id}`);
  return row;
}

export async function getTaskById(db: Db, { id }: { id: string }): Promise<Task | undefined> {
  return db.select().from(tasks).where(eq(tasks.id, id)).get();
}

export interface AdvanceTaskStatusArgs {
  id: string;
  status: TaskStatus;
  progress?: number;
  /** The prediction the change comes from: the task must have this one or none. A guard only, unless… */
  predictionId?: string;
  /**
   * …this is the create call's answer for a task that has none yet: then it is stored in the same statement.
   * Otherwise prediction_id stays out of the SET: assigning it rewrites its unique-index entry (a row D1 bills)
   * even when the value does not change.
   */
  storePredictionId?: boolean;
  startedAt?: number;
  completedAt?: number;
  errorCode?: string;
  errorMessage?: string;
  /** R2 keys of the outputs, so a success and its images land in the same statement. */
  outputKeys?: string[];
  /** Their pixel sizes, in the same order. */
  outputSizes?: ImageSize[];
  costUsd?: number | null;
  /** The seed the provider reported; only fills a seed that is still unknown. */
  seed?: number | null;
  /** What the task cost; the end of a task gives back the rest of its reservation (trigger tasks_settle_spend). */
  chargedMicros?: number;
  /** The `webhook-id` of the delivery that ends the task (terminal statuses only), so its redelivery is a duplicate. */
  finalWebhookId?: string;
  /** Only a task in this status moves (e.g. a cancel that must not end a task already being submitted). */
  onlyFrom?: TaskStatus;
  now: number;
}

/**
 * Moves a task to a strictly higher rank in ONE statement, so duplicate, late or racing events can never move it
 * backwards; returns undefined when the event was stale (equal or lower rank, terminal task, other prediction id).
 * Progress only rises (succeeded means 100). started_at / completed_at keep their first value; started_at defaults
 * to `now` for starting/processing and completed_at to `now` for a terminal status.
 */
export async function advanceTaskStatus(db: Db, args: AdvanceTaskStatusArgs): Promise<Task | undefined> {
  const rank = TASK_STATUS_RANK[args.status];
  const set: SQLiteUpdateSetSource<typeof tasks> = { status: args.status, statusRank: rank, updatedAt: args.now };

  const progress = args.status === "succeeded" ? 100 : args.progress;
  if (progress !== undefined) set.progress = sql`max(${tasks.progress}, ${clampProgress(progress)})`;
  if (args.predictionId !== undefined && args.storePredictionId) set.predictionId = args.predictionId;

  const startedAt = args.startedAt ?? (args.status === "starting" || args.status === "processing" ? args.now : undefined);
  if (startedAt !== undefined) set.startedAt = sql`coalesce(${tasks.startedAt}, ${startedAt})`;
  if (rank === TERMINAL_RANK) set.completedAt = sql`coalesce(${tasks.completedAt}, ${args.completedAt ?? args.now})`;

  if (args.errorCode !== undefined) set.errorCode = args.errorCode;
  if (args.errorMessage !== undefined) set.errorMessage = args.errorMessage;
  if (args.outputKeys !== undefined) {
    set.outputKeys = args.outputKeys;
    set.outputCount = args.outputKeys.length;
  }
  if (args.outputSizes !== undefined) set.outputSizes = args.outputSizes;
  if (args.costUsd !== undefined) set.costUsd = args.costUsd;
  if (args.seed !== undefined && args.seed !== null) set.seed = sql`coalesce(${tasks.seed}, ${args.seed})`;
  if (args.chargedMicros !== undefined) set.chargedMicros = args.chargedMicros;
  if (args.finalWebhookId !== undefined && rank === TERMINAL_RANK) set.finalWebhookId = args.finalWebhookId;

  return db
    .update(tasks)
    .set(set)
    .where(
      and(
        eq(tasks.id, args.id),
        lt(tasks.statusRank, rank),
        args.predictionId === undefined ? undefined : samePredictionOrNone(args.predictionId),
        args.onlyFrom === undefined ? undefined : eq(tasks.status, args.onlyFrom),
      ),
    )
    .returning()
    .get();
}

export interface RecordProviderProgressArgs {
  id: string;
  predictionId: string;
  status: "starting" | "processing";
  /** Latest percentage from the logs, or null when they have none. */
  progress: number | null;
  /** Smaller rises are not written (a 28-step model would otherwise cost 28 row writes); 100 always is. */
  progressStep: number;
  /** Nor is a rise within this long of the task's last write (Replicate sends log events every 500 ms). */
  progressIntervalMs: number;
  startedAt: number;
  /** The seed from the logs, when they print one; only fills a seed that is still unknown. */
  seed?: number | null;
  now: number;
}

/**
 * An intermediate provider event in ONE round trip, with no read first: raises the status and/or the progress if
 * either moves forward, else changes nothing. Returns the task when the row changed.
 *
 * Two UPDATEs in one batch (one transaction), of which at most one matches: the usual one for a task that already
 * has this prediction id, which leaves prediction_id out of its SET (assigning it would rewrite the id's
 * unique-index entry, a row D1 bills, on every event), and one for a task that has none yet (the event overtook
 * the create call's answer, or that answer was lost), which stores it too, so the reconciler can read the
 * prediction. An id that belongs to another task fails the batch on the unique index, changing nothing.
 */
export async function recordProviderProgress(db: Db, args: RecordProviderProgressArgs): Promise<Task | undefined> {
  const rank = TASK_STATUS_RANK[args.status];
  const advances = sql`${tasks.statusRank} < ${rank}`;
  const progress = args.progress === null ? null : clampProgress(args.progress);
  const raises =
    progress === null
      ? sql`0`
      : sql`((${progress} >= ${tasks.progress} + ${args.progressStep} AND ${args.now} - ${tasks.updatedAt} >= ${args.progressIntervalMs}) OR (${progress} = 100 AND ${tasks.progress} < 100))`;
  const change = {
    // Every right-hand side reads the row as it was, so status and rank move together.
    status: sql`CASE WHEN ${advances} THEN ${args.status} ELSE ${tasks.status} END`,
    statusRank: sql`max(${tasks.statusRank}, ${rank})`,
    progress: progress === null ? undefined : sql`CASE WHEN ${raises} THEN ${progress} ELSE ${tasks.progress} END`,
    startedAt: sql`coalesce(${tasks.startedAt}, ${args.startedAt})`,
    seed: args.seed === null || args.seed === undefined ? undefined : sql`coalesce(${tasks.seed}, ${args.seed})`,
    updatedAt: args.now,
  } satisfies SQLiteUpdateSetSource<typeof tasks>;
  const moves = and(eq(tasks.id, args.id), lt(tasks.statusRank, TERMINAL_RANK), or(advances, raises));
  const [known, stored] = await db.batch([
    db
      .update(tasks)
      .set(change)
      .where(and(moves, eq(tasks.predictionId, args.predictionId)))
      .returning(),
    db
      .update(tasks)
      .set({ ...change, predictionId: args.predictionId })
      .where(and(moves, isNull(tasks.predictionId)))
      .returning(),
  ]);
  return known[0] ?? stored[0];
}

/** Marks a task failed (if it is not terminal yet). */
export async function failTask(db: Db, args: { id: string; errorCode: string; errorMessage: string; now: number }): Promise<Task | undefined> {
  return advanceTaskStatus(db, { ...args, status: "failed" });
}

/**
 * Records the owner's wish to cancel a task that has not ended; the first request's time is kept. updated_at is
 * left alone: nothing the provider did changed, and the reconciler's wait counts from the provider's last word.
 */
export async function requestCancel(db: Db, { id, now }: { id: string; now: number }): Promise<Task | undefined> {
  return db
    .update(tasks)
    .set({ cancelRequestedAt: sql`coalesce(${tasks.cancelRequestedAt}, ${now})` })
    .where(and(eq(tasks.id, id), lt(tasks.statusRank, TERMINAL_RANK)))
    .returning()
    .get();
}

/**
 * Stores the prediction id on a task that has not ended, unless it already has a different one (the unique index
 * rejects reuse). An ended task keeps what it had: a prediction that arrives after its end belongs to no one.
 */
export async function setPredictionId(
  db: Db,
  { id, predictionId, now }: { id: string; predictionId: string; now: number },
): Promise<Task | undefined> {
  return db
    .update(tasks)
    .set({ predictionId, updatedAt: now })
    .where(and(eq(tasks.id, id), lt(tasks.statusRank, TERMINAL_RANK), samePredictionOrNone(predictionId)))
    .returning()
    .get();
}

function samePredictionOrNone(predictionId: string) {
  return or(isNull(tasks.predictionId), eq(tasks.predictionId, predictionId));
}

function clampProgress(progress: number): number {
  if (!Number.isFinite(progress)) return 0;
  return Math.min(100, Math.max(0, Math.round(progress)));
}
