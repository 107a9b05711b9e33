import "server-only";
import type { App } from "@/lib/platform/app";
import { AppError } from "@/lib/platform/errors";
import type { RunView } from "@/lib/shared/api/runs";
import { presentTask } from "@/lib/tasks/present-task";
import { reconcileIfStale } from "@/lib/tasks/read-tasks";
import { getRunById, listRunTasks } from "@/db/queries/runs";
import type { Run, Task } from "@/db/schema";

/** The public shape of a run; its tasks as `viewerId` sees them (a star is its owner's alone). */
export function presentRun(run: Run, tasks: Task[], viewerId: string | null): RunView {
  return {
    id: run.id,
    is_private: run.isPrivate,
    created_at: new Date(run.createdAt).toISOString(),
    tasks: tasks.map((task) => presentTask(task, viewerId)),
  };
}

/** A run its viewer may see: the owner always, anyone else only when it is public (404 otherwise). */
export async function readVisibleRun(app: App, id: string, viewerId: string | null): Promise<RunView> {
  const run = await getRunById(app.db, { id });
  if (!run || (run.isPrivate && run.userId !== viewerId)) throw new AppError("not_found", "There is no run with this id, or it is private.");
  // As reading one task does: a task that has not moved for a while is settled from the provider.
  const tasks = await Promise.all((await listRunTasks(app.db, { runId: run.id })).map((task) => reconcileIfStale(app, task)));
  return presentRun(run, tasks, viewerId);
}
