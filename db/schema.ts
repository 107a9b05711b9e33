// No `import "server-only"` here, unlike the rest of db/: drizzle-kit reads this file in plain Node to generate
// migrations. The linter keeps browser code from importing anything under db/.
import { sql, type InferInsertModel, type InferSelectModel } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ImageSize, ImageType } from "../lib/shared/image-types";
import { REFUSAL_REASONS } from "../lib/shared/refusal-reasons";
import { TASK_STATUS_RANK, TASK_STATUSES, TERMINAL_RANK } from "../lib/shared/task-status";

const quotedStatuses = sql.raw(TASK_STATUSES.map((status) => `'${status}'`).join(", "));
const rankOfStatusColumn = sql.raw(`CASE status ${TASK_STATUSES.map((status) => `WHEN '${status}' THEN ${TASK_STATUS_RANK[status]}`).join(" ")} END`);

export const tasks = sqliteTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    modelKey: text("model_key").notNull(),
    providerModel: text("provider_model").notNull(),
    prompt: text("prompt").notNull(),
    params: text("params", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    aspectRatio: text("aspect_ratio").notNull(),
    isPrivate: integer("is_private", { mode: "boolean" }).notNull().default(false),
    locale: text("locale").notNull(),
    status: text("status", { enum: TASK_STATUSES }).notNull().default("queued"),
    statusRank: integer("status_rank").notNull().default(0),
    progress: integer("progress").notNull().default(0),
    predictionId: text("prediction_id"),
    outputKeys: text("output_keys", { mode: "json" }).$type<string[]>().notNull().default([]),
    outputCount: integer("output_count"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    costUsd: real("cost_usd"),
    /** Keyed hash of the client address that asked for it (lib/client-address.ts); never the address itself. */
    clientKey: text("client_key"),
    /** The UTC day (YYYY-MM-DD) whose budgets hold this task's reservation. */
    budgetDay: text("budget_day"),
    /** Reserved when the task was accepted, in micro-dollars (integers only: no float ever reaches SQL). */
    reservedMicros: integer("reserved_micros").notNull().default(0),
    /** What the task cost when it ended, in micro-dollars; null means nothing was delivered. */
    chargedMicros: integer("charged_micros"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    completedAt: integer("completed_at"),
    updatedAt: integer("updated_at").notNull(),
    reconciledAt: integer("reconciled_at"),
    /** The seed the provider used: the input's, else the one its logs print; null while unknown. */
    seed: integer("seed"),
    /** The task this one was remixed or edited from (kept even if that task is later hidden). */
    parentId: text("parent_id"),
    /** The image a model edits, as the caller named it: `upl_…` (an upload) or `task:<taskId>/<index>`. */
    inputImage: text("input_image"),
    /**
     * The `webhook-id` of the delivery that ended the task, written by the terminal UPDATE itself: a redelivery
     * of it is acknowledged as a duplicate and applied no more. On the row, not in a table of its own, so a task's
     * end costs no extra row (and index entry) and the webhook no extra statement.
     */
    finalWebhookId: text("final_webhook_id"),
    /**
     * When its owner asked to cancel a task whose prediction may exist but whose id is not known yet (the create
     * call had not answered): whoever next learns the id (the create's answer, a webhook, the reconciler) cancels
     * the prediction at the provider. Until it really ends, the task keeps its in-flight slot and its reservation.
     */
    cancelRequestedAt: integer("cancel_requested_at"),
    /** The reference images a model reads, in order, as the caller named them (`upl_…` or `task:<taskId>/<index>`). */
    inputImages: text("input_images", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Each output's pixel size, measured from its bytes when it was copied to R2, in output order. */
    outputSizes: text("output_sizes", { mode: "json" }).$type<ImageSize[]>().notNull().default([]),
    /** The mask a fill model repaints under (white = repaint), named like `inputImage` (`upl_…`). */
    mask: text("mask"),
    /** The run (several models or prompts started together) this task belongs to; null for a task of its own. */
    runId: text("run_id"),
    /** When its owner starred it; null when not starred. */
    starredAt: integer("starred_at"),
  },
  (table) => [
    // D1 bills every index entry an INSERT or UPDATE writes (not the ones it removes), and SQLite rewrites an
    // entry whenever the UPDATE assigns one of its columns or a column of its WHERE, even to the same value. So the
    // indexes are partial, on columns that change once: a task enters the prediction index when its prediction id
    // is stored, the open index when it is created (leaving it when it ends) and the gallery index when it succeeds
    // in public. So status moves and progress writes touch only the row: rank, progress and updated_at are in no
    // index, status only in the gallery index's WHERE, which holds only after success (an entry is written only
    // where the WHERE holds after the change), and the updates name prediction_id only to store it (see tasks.ts).
    uniqueIndex("tasks_prediction_id_unique").on(table.predictionId).where(sql`prediction_id IS NOT NULL`),
    index("tasks_user_created_idx").on(table.userId, table.createdAt, table.id),
    // Serves the queue (per-user and global in-flight counts, the oldest queued task) and the reconciler's scan.
    // Keyed by owner only; the status is read from the row (a person has a handful of open tasks, everyone
    // together at most the caps). completed_at is set by the UPDATE that ends a task (tasks_open_until_end).
    index("tasks_open_idx").on(table.userId).where(sql`completed_at IS NULL`),
    // Lists read it backwards (newest first); the query must repeat the WHERE terms literally (see listGallery).
    index("tasks_run_idx").on(table.runId).where(sql`run_id IS NOT NULL`),
    // A star is set and cleared by its owner only, so the entry is written rarely; the history's starred filter reads it.
    index("tasks_user_starred_idx").on(table.userId, table.createdAt, table.id).where(sql`starred_at IS NOT NULL`),
    index("tasks_gallery_idx").on(table.createdAt, table.id).where(sql`is_private = 0 AND status = 'succeeded'`),
    check("tasks_status_known", sql`status IN (${quotedStatuses})`),
    // Unqualified column names: drizzle-kit rebuilds SQLite tables under a temporary name when altering them.
    // The rank is denormalised for the `status_rank < ?` guard; the database keeps it honest.
    check("tasks_status_rank_matches", sql`status_rank = ${rankOfStatusColumn}`),
    check("tasks_progress_range", sql`progress BETWEEN 0 AND 100`),
    // A task is open (in tasks_open_idx) exactly until it reaches a terminal rank.
    check("tasks_open_until_end", sql.raw(`(completed_at IS NULL) = (status_rank < ${TERMINAL_RANK})`)),
  ],
);

export const gatewayCalls = sqliteTable(
  "gateway_calls",
  {
    // A plain rowid key: AUTOINCREMENT would write sqlite_sequence on every insert.
    id: integer("id").primaryKey(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    operation: text("operation").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
    httpStatus: integer("http_status"),
    errorKind: text("error_kind"),
    attempts: integer("attempts").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    cacheStatus: text("cache_status"),
    logId: text("log_id"),
    taskId: text("task_id"),
    startedAt: integer("started_at").notNull(),
  },
  (table) => [
    // Every stats query reads a time window; grouping the window's rows needs no second index.
    index("gateway_calls_started_idx").on(table.startedAt),
  ],
);

/** Fixed-window counters: one row per key, reset when its window has passed. */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});

/** Images people upload to edit; private to their owner. The bytes live in R2 under `uploads/`. */
export const uploads = sqliteTable(
  "uploads",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    r2Key: text("r2_key").notNull(),
    contentType: text("content_type").$type<ImageType>().notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [index("uploads_user_created_idx").on(table.userId, table.createdAt)],
);

/**
 * Event streams (GET /api/tasks/:id/events) open now, so their caps hold across isolates: one row per stream,
 * deleted when it ends. A row past `expires_at` (its isolate died before deleting it) no longer counts.
 */
export const openStreams = sqliteTable(
  "open_streams",
  {
    // A plain rowid key, assigned by the INSERT: no index of its own to write.
    id: integer("id").primaryKey(),
    /** Keyed hash of the client address (lib/client-address.ts). */
    clientKey: text("client_key").notNull(),
    taskId: text("task_id").notNull(),
    /** `user:<id>` with a session, else `client:<client key>`. */
    viewerKey: text("viewer_key").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (table) => [
    // The two counts of an open (per client, per task and viewer) and the cleanup of a client's expired rows.
    index("open_streams_client_idx").on(table.clientKey, table.expiresAt),
    index("open_streams_task_viewer_idx").on(table.taskId, table.viewerKey),
  ],
);

/**
 * A run: one prompt on several models, or several prompts on one model, started together. Its tasks carry
 * everything else (tasks.run_id); the run holds who owns it and whether strangers may see it.
 */
export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    isPrivate: integer("is_private", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [index("runs_user_created_idx").on(table.userId, table.createdAt)],
);

export const SPEND_SCOPES = ["user", "client", "global"] as const;
export type SpendScope = (typeof SPEND_SCOPES)[number];

/**
 * Money reserved and spent per UTC day, per user, per client address (hashed) and for everyone (subject '').
 * A reservation adds to all three rows in one statement; a task's end gives back what it did not deliver in the
 * trigger `tasks_settle_spend` (created in 0003, re-created by db/migrations/0004_task_writes.sql), which fires inside the same UPDATE that ends the task,
 * so a settlement can neither be lost nor happen twice. drizzle-kit does not know triggers: a migration that
 * rebuilds `tasks` must create it again (tests/db/spend.test.ts fails without it), and with it the prompt search's
 * triggers tasks_fts_insert/_delete/_update of db/migrations/0010_prompt_search.sql, ending with the index's
 * 'rebuild' (a rebuilt table renumbers the rowids the index points at; tests/db/prompt-search.test.ts).
 */
export const spendCounters = sqliteTable(
  "spend_counters",
  {
    day: text("day").notNull(),
    scope: text("scope", { enum: SPEND_SCOPES }).notNull(),
    subject: text("subject").notNull(),
    micros: integer("micros").notNull(),
  },
  (table) => [primaryKey({ columns: [table.day, table.scope, table.subject] })],
);

/** Requests refused to protect the owner's money, counted per hour and reason for the dashboard. */
export const refusals = sqliteTable(
  "refusals",
  {
    hour: integer("hour").notNull(),
    reason: text("reason", { enum: REFUSAL_REASONS }).notNull(),
    count: integer("count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.hour, table.reason] })],
);

export type Task = InferSelectModel<typeof tasks>;
export type NewTask = InferInsertModel<typeof tasks>;
export type GatewayCall = InferSelectModel<typeof gatewayCalls>;
export type NewGatewayCall = InferInsertModel<typeof gatewayCalls>;
export type RateLimit = InferSelectModel<typeof rateLimits>;
export type Upload = InferSelectModel<typeof uploads>;
export type Run = InferSelectModel<typeof runs>;
