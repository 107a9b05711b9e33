import { AiGatewayError } from "@/lib/ai-gateway";
import type { App } from "@/lib/app";
import { applyPrediction } from "@/lib/tasks/apply-prediction";
import { isTerminal } from "@/lib/tasks/outcomes";
import { promoteQueuedTasks } from "@/lib/tasks/queue";
import { utcDayOf } from "@/lib/spend/day";
import { STATS_RETENTION_MS } from "@/lib/stats/windows";
import { pruneGatewayCalls } from "@/db/queries/gateway-calls";
import { pruneRateLimits } from "@/db/queries/rate-limits";
import { pruneRefusals } from "@/db/queries/refusals";
import { pruneSpendCounters } from "@/db/queries/spend";
import { failTask, listStaleTasks, markReconciled } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

/**
 * Settles a task whose events stopped arriving by reading its prediction through the gateway.
 * A create whose outcome stayed unknown (no prediction id, no webhook) fails after SUBMIT_TIMEOUT_SECONDS.
 */
export async function reconcileTask(app: App, task: Task): Promise<Task> {
  if (isTerminal(task.status)) return task;
  if (!task.predictionId) {
    if (task.status !== "submitting" || app.now() - task.updatedAt < app.env.SUBMIT_TIMEOUT_SECONDS * 1000) return task;
    const failed = await failTask(app.db, {
      id: task.id,
      errorCode: "submit_unconfirmed",
      errorMessage: "The image provider never confirmed this request, so nothing was generated. Try again.",
      now: app.now(),
    });
    if (failed) await promoteQueuedTasks(app);
    return failed ?? task;
  }
  try {
    const prediction = await app.gateway.getPrediction(task.predictionId, { taskId: task.id, model: task.providerModel });
    return await applyPrediction(app, task, prediction);
  } catch (error) {
    // The provider may be briefly down: leave the task as it is for the next round.
    if (!(error instanceof AiGatewayError)) throw error;
    app.logger.warn("task.reconcile_failed", { taskId: task.id, kind: error.kind });
    return task;
  }
}

interface ReconcileReport {
  checked: number;
  settled: number;
  promoted: number;
  pruned: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Bulk pass for an external scheduler: every stale task is read once, then free slots are filled. */
export async function reconcileStaleTasks(app: App, options: { olderThanSeconds?: number; limit?: number } = {}) {
  const now = app.now();
  const staleBefore = now - (options.olderThanSeconds ?? app.env.RECONCILE_AFTER_SECONDS) * 1000;
  const stale = await listStaleTasks(app.db, { olderThan: staleBefore, limit: options.limit ?? 100 });
  let settled = 0;
  for (const task of stale) {
    if (!(await markReconciled(app.db, { id: task.id, now, notBefore: staleBefore }))) continue;
    const after = await reconcileTask(app, task);
    if (isTerminal(after.status)) settled += 1;
  }
  const promoted = await promoteQueuedTasks(app);
  const pruned = await pruneBookkeeping(app, now);
  return { checked: stale.length, settled, promoted, pruned } satisfies ReconcileReport;
}

/** Rows deleted per table and call, so one scheduled call stays short however long the tables have grown. */
const PRUNE_BATCH = 1000;

/**
 * The same scheduled call keeps the bookkeeping tables small: rate-limit windows older than a day, and the
 * dashboard's records (gateway calls, spend counters, refusals) older than its longest window.
 */
async function pruneBookkeeping(app: App, now: number): Promise<number> {
  const keepFrom = now - STATS_RETENTION_MS;
  const counts = await Promise.all([
    pruneRateLimits(app.db, { before: now - DAY_MS }),
    pruneGatewayCalls(app.db, { before: keepFrom, limit: PRUNE_BATCH }),
    pruneSpendCounters(app.db, { beforeDay: utcDayOf(keepFrom), limit: PRUNE_BATCH }),
    pruneRefusals(app.db, { before: keepFrom }),
  ]);
  return counts.reduce((total, count) => total + count, 0);
}
