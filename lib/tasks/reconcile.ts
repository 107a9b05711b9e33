import "server-only";
import { AiGatewayError } from "@/lib/ai-gateway";
import type { App } from "@/lib/platform/app";
import { applyPrediction } from "@/lib/tasks/apply-prediction";
import { findLostPrediction, type LostCreateSearch, PredictionList } from "@/lib/tasks/find-lost-prediction";
import { taskStatusOf } from "@/lib/tasks/outcomes";
import { isTerminal } from "@/lib/shared/task-status";
import { promoteIfEnded, promoteQueuedTasks } from "@/lib/tasks/queue";
import { utcDayOf } from "@/lib/shared/time";
import { STATS_RETENTION_MS } from "@/lib/shared/stats-windows";
import { pruneGatewayCalls } from "@/db/queries/gateway-calls";
import { pruneRateLimits, pruneRateLimitsExcept } from "@/db/queries/rate-limits";
import { pruneRefusals } from "@/db/queries/refusals";
import { pruneSpendCounters } from "@/db/queries/spend";
import { deleteUnusedUploads } from "@/db/queries/uploads";
import { UPLOAD_TOTAL_PREFIX } from "@/db/queries/upload-quota";
import { advanceTaskStatus, failTask, listStaleTasks, markReconciled } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";
import { DAY_MS } from "@/lib/shared/time";

/**
 * Settles a task whose events stopped arriving by reading its prediction through the gateway, and carries out a
 * cancel its owner asked for. A create whose answer was lost is looked for in the provider's list of predictions;
 * when the provider has none, nothing was made: the task ends (refunded) if its owner canceled it or once
 * SUBMIT_TIMEOUT_SECONDS have passed. `lostCreates` is a pass's shared read of that list.
 */
export async function reconcileTask(app: App, task: Task, lostCreates?: PredictionList): Promise<Task> {
  if (isTerminal(task.status)) return task;
  try {
    const found = task.predictionId === null ? await findLostPredictionOf(app, task, lostCreates) : task;
    if (found === "none") return await endUnmadeTask(app, task);
    if (found === "unknown") return task;
    const known = found;
    if (known.predictionId === null) return known;
    const context = { taskId: known.id, model: known.providerModel };
    let prediction = await app.gateway.getPrediction(known.predictionId, context);
    if (known.cancelRequestedAt !== null && !isTerminal(taskStatusOf(prediction.status))) {
      prediction = await app.gateway.cancelPrediction(known.predictionId, context);
    }
    return await promoteIfEnded(app, known, await applyPrediction(app, known, prediction));
  } catch (error) {
    // The provider may be briefly down: leave the task as it is for the next round.
    if (!(error instanceof AiGatewayError)) throw error;
    app.logger.warn("task.reconcile_failed", { taskId: task.id, kind: error.kind });
    return task;
  }
}

/**
 * Searched for once the create call that may have made it is surely over (PROVIDER_TIMEOUT_SECONDS), or once the
 * owner's SUBMIT_TIMEOUT_SECONDS says to stop waiting, if that is sooner. A create still in flight after that finds
 * its task ended and cancels what it made (lib/tasks/submit-task.ts).
 */
async function findLostPredictionOf(app: App, task: Task, lostCreates?: PredictionList): Promise<LostCreateSearch> {
  if (!isLostCreate(app, task)) return task;
  return findLostPrediction(app, task, lostCreates);
}

function isLostCreate(app: App, task: Task): boolean {
  const waitMs = Math.min(app.env.PROVIDER_TIMEOUT_SECONDS, app.env.SUBMIT_TIMEOUT_SECONDS) * 1000;
  return task.predictionId === null && task.status === "submitting" && app.now() - task.updatedAt >= waitMs;
}

async function endUnmadeTask(app: App, task: Task): Promise<Task> {
  const now = app.now();
  const ended =
    task.cancelRequestedAt !== null
      ? await advanceTaskStatus(app.db, {
          id: task.id,
          status: "canceled",
          errorCode: "canceled",
          errorMessage: "You canceled this before the provider started it — not charged.",
          now,
        })
      : now - task.updatedAt >= app.env.SUBMIT_TIMEOUT_SECONDS * 1000
        ? await failTask(app.db, {
            id: task.id,
            errorCode: "submit_unconfirmed",
            errorMessage: "The image provider never confirmed this request, so nothing was generated. Try again.",
            now,
          })
        : undefined;
  if (ended) await promoteQueuedTasks(app);
  return ended ?? task;
}

interface ReconcileReport {
  checked: number;
  settled: number;
  promoted: number;
  pruned: number;
}

/** Bulk pass for an external scheduler: every stale task is read once, then free slots are filled. */
export async function reconcileStaleTasks(app: App, options: { olderThanSeconds?: number; limit?: number } = {}) {
  const now = app.now();
  const staleBefore = now - (options.olderThanSeconds ?? app.env.RECONCILE_AFTER_SECONDS) * 1000;
  const stale = await listStaleTasks(app.db, { olderThan: staleBefore, limit: options.limit ?? 100 });
  // Every lost create of the pass is looked for in one read of the provider's list.
  const lost = stale.filter((task) => isLostCreate(app, task));
  const lostCreates = lost.length > 1 ? new PredictionList(app, PredictionList.windowOf(app, lost), lost.length) : undefined;
  let settled = 0;
  for (const task of stale) {
    if (!(await markReconciled(app.db, { id: task.id, now, notBefore: staleBefore }))) continue;
    const after = await reconcileTask(app, task, lostCreates);
    if (isTerminal(after.status)) settled += 1;
  }
  const promoted = await promoteQueuedTasks(app);
  const pruned = await pruneBookkeeping(app, now);
  return { checked: stale.length, settled, promoted, pruned } satisfies ReconcileReport;
}

/** Rows deleted per table and call, so one scheduled call stays short however long the tables have grown. */
const PRUNE_BATCH = 1000;

/**
 * The same scheduled call keeps the bookkeeping tables small: rate-limit windows older than a day (the daily
 * upload totals excepted), the dashboard's records (gateway calls, spend counters, refusals, daily upload totals)
 * older than its longest window, and uploads older than UPLOAD_EXPIRE_AFTER_DAYS that no task names.
 */
async function pruneBookkeeping(app: App, now: number): Promise<number> {
  const keepFrom = now - STATS_RETENTION_MS;
  const counts = await Promise.all([
    pruneRateLimitsExcept(app.db, { before: now - DAY_MS, keepPrefix: UPLOAD_TOTAL_PREFIX }),
    pruneRateLimits(app.db, { before: keepFrom }),
    pruneGatewayCalls(app.db, { before: keepFrom, limit: PRUNE_BATCH }),
    pruneSpendCounters(app.db, { beforeDay: utcDayOf(keepFrom), limit: PRUNE_BATCH }),
    pruneRefusals(app.db, { before: keepFrom }),
    expireUploads(app, now),
  ]);
  return counts.reduce((total, count) => total + count, 0);
}

/**
 * Deletes up to PRUNE_BATCH uploads no task names once they are UPLOAD_EXPIRE_AFTER_DAYS old: the rows first (the
 * statement re-checks the references as it deletes), then their R2 objects. Returns how many.
 */
async function expireUploads(app: App, now: number): Promise<number> {
  const keys = await deleteUnusedUploads(app.db, { before: now - app.env.UPLOAD_EXPIRE_AFTER_DAYS * DAY_MS, limit: PRUNE_BATCH });
  if (keys.length === 0) return 0;
  try {
    await app.images.delete(keys);
  } catch (error) {
    // The rows are gone: these objects are named by nothing now. Logged so they can be removed by hand.
    app.logger.error("uploads.expire_objects_failed", { keys, error: String(error) });
  }
  return keys.length;
}
