import "server-only";
import type { App } from "@/lib/platform/app";
import type { RunBody } from "@/lib/shared/api/runs";
import { releaseBudget, reserveBudget, type Payer } from "@/lib/spend/budgets";
import { enforceCreateLimits, inFlightCaps, submitCreatedTasks } from "@/lib/tasks/create-task";
import { newTaskRow, prepareTask } from "@/lib/tasks/prepare-task";
import { insertRunWithTasks } from "@/db/queries/runs";
import type { Run, Task } from "@/db/schema";

/**
 * Starts a run: every task is checked and priced first (nothing is reserved or stored if one fails), then the whole
 * run's price is reserved in ONE statement against every budget, or the run is refused whole (429 budget_exceeded).
 * The run and its tasks are written in one batch: tasks beyond the in-flight caps wait as `queued`. Each task holds
 * its own share of the reservation, so its end settles that share alone (what it did not deliver is given back).
 */
export async function createRun(app: App, payer: Payer, body: RunBody): Promise<{ run: Run; tasks: Task[] }> {
  const prepared = await Promise.all(body.inputs.map((input) => prepareTask(app, payer.userId, input)));
  await enforceCreateLimits(app, payer, prepared.length);
  const total = prepared.reduce((sum, task) => sum + task.priceMicros, 0);
  const reservation = await reserveBudget(app, payer, total);
  const now = app.now();
  const runId = `run_${crypto.randomUUID().replace(/-/g, "")}`;
  const written = await insertRunWithTasks(app.db, {
    ...inFlightCaps(app),
    run: { id: runId, userId: payer.userId, isPrivate: body.is_private, createdAt: now },
    // A millisecond apart, in the run's order, so lists newest first show a run's tasks in one order every time.
    tasks: prepared.map((task, index) => newTaskRow(task, reservation, { clientKey: payer.clientKey, runId, now: now + index })),
  }).catch(async (error: unknown) => {
    await releaseBudget(app, reservation);
    throw error;
  });
  return { run: written.run, tasks: await submitCreatedTasks(app, written.tasks) };
}
