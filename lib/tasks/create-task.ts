import "server-only";
import type { App } from "@/lib/platform/app";
import type { GenerateBody } from "@/lib/shared/api/generate";
import { AppError } from "@/lib/platform/errors";
import { enforceRateLimits } from "@/lib/spend/rate-limit";
import { releaseBudget, reserveBudget, type Payer } from "@/lib/spend/budgets";
import { newTaskRow, prepareTask } from "@/lib/tasks/prepare-task";
import { promoteQueuedTasks } from "@/lib/tasks/queue";
import { submitTask } from "@/lib/tasks/submit-task";
import { countQueued, insertTaskWithinCaps } from "@/db/queries/tasks";
import type { Task } from "@/db/schema";

/**
 * Checks the caller may see every image the request names, the limits, reserves the price of this input against the
 * day's budgets (before any provider call), writes the task and submits it if the in-flight caps allow. The body
 * was parsed by the route; nothing here checks its fields again. The task's end settles the reservation.
 */
export async function createTask(app: App, payer: Payer, body: GenerateBody): Promise<Task> {
  const prepared = await prepareTask(app, payer.userId, body);
  await enforceCreateLimits(app, payer, 1);
  const reservation = await reserveBudget(app, payer, prepared.priceMicros);
  // Written once: as `submitting` when a slot is free (then sent at once), else as `queued`.
  const task = await insertTaskWithinCaps(app.db, {
    ...inFlightCaps(app),
    task: newTaskRow(prepared, reservation, { clientKey: payer.clientKey, now: app.now() }),
  }).catch(async (error: unknown) => {
    await releaseBudget(app, reservation);
    throw error;
  });
  const [submitted] = await submitCreatedTasks(app, [task]);
  return submitted ?? task;
}

export function inFlightCaps(app: App) {
  return { perUserCap: app.env.MAX_IN_FLIGHT_PER_USER, globalCap: app.env.MAX_IN_FLIGHT_GLOBAL };
}

/**
 * The limits of one request that creates `taskCount` tasks: the rate limits (a request counts once, however many
 * tasks it makes: its price is what the budgets hold) and the queue, which must hold every one of them should none
 * find a slot.
 */
export async function enforceCreateLimits(app: App, payer: Payer, taskCount: number): Promise<void> {
  await enforceRateLimits(app, "generate", payer);
  const cap = app.env.MAX_QUEUED_PER_USER;
  if (cap === 0) return;
  const queued = await countQueued(app.db, { userId: payer.userId });
  if (queued + taskCount > cap) {
    const message =
      taskCount === 1
        ? `You already have ${queued} images waiting. Wait for one to finish.`
        : `You already have ${queued} images waiting and this asks for ${taskCount} more; at most ${cap} may wait. Wait for some to finish.`;
    throw new AppError("queue_full", message, { retryAfterSeconds: 30 });
  }
}

/**
 * Sends the prediction of every task just written as `submitting` (together), then gives a slot any of them freed
 * (a create that surely failed) to the next queued task. Returns the tasks as they stand, in order.
 */
export async function submitCreatedTasks(app: App, tasks: Task[]): Promise<Task[]> {
  const results = await Promise.all(tasks.map(async (task) => (task.status === "submitting" ? submitTask(app, task) : { task, freedSlot: false })));
  if (results.some((result) => result.freedSlot)) await promoteQueuedTasks(app);
  return results.map((result) => result.task);
}
