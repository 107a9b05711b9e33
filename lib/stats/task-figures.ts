import "server-only";
import type { TaskStats } from "@/db/queries/task-stats";
import type { TaskFailureCount } from "@/db/queries/stats-tasks";
import { TASK_STATUSES, type TaskStatus } from "@/lib/shared/task-status";
import type { ModelKey } from "@/lib/shared/models/catalogue";
import { roundUsd } from "./prices";
import { daysBetween } from "./series";
import type { ModelCost, TaskFigures } from "../shared/admin-stats";
import type { WindowRange } from "../shared/stats-windows";

export interface TaskRows {
  stats: TaskStats;
  failures: TaskFailureCount[];
  prices: Record<ModelKey, number>;
}

export function summarizeTasks({ stats, failures, prices }: TaskRows, range: WindowRange): TaskFigures {
  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  const models = new Map<string, TaskFigures["by_model"][number]>();
  const modelRow = (model: string) => {
    let row = models.get(model);
    if (!row) {
      row = { model, tasks: 0, images: 0, cost_usd: 0, succeeded: 0, failed: 0, canceled: 0, pending: 0 };
      models.set(model, row);
    }
    return row;
  };

  for (const { status, modelKey, count } of stats.byStatusAndModel) {
    byStatus[status] += count;
    const row = modelRow(modelKey);
    row.tasks += count;
    if (status === "succeeded" || status === "failed" || status === "canceled") row[status] += count;
    else row.pending += count;
  }

  const days = new Map(
    daysBetween(range.since, range.until).map((day) => [day, { day, tasks: 0, images: 0, cost_usd: 0, models: [] as ModelCost[] }]),
  );
  for (const figures of stats.dailyByModel) {
    const row = modelRow(figures.modelKey);
    row.images += figures.images;
    row.cost_usd = roundUsd(row.cost_usd + figures.costUsd);
    const day = days.get(figures.day) ?? { day: figures.day, tasks: 0, images: 0, cost_usd: 0, models: [] };
    day.tasks += figures.tasks;
    day.images += figures.images;
    day.cost_usd = roundUsd(day.cost_usd + figures.costUsd);
    day.models.push({ model: figures.modelKey, tasks: figures.tasks, images: figures.images, cost_usd: roundUsd(figures.costUsd) });
    days.set(figures.day, day);
  }

  const byModel = [...models.values()];
  return {
    total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
    by_status: byStatus,
    by_model: byModel.sort((a, b) => b.tasks - a.tasks || a.model.localeCompare(b.model)),
    failures_by_code: failures.map(({ errorCode, count }) => ({ code: errorCode, count })),
    images: byModel.reduce((sum, row) => sum + row.images, 0),
    cost_usd: roundUsd(byModel.reduce((sum, row) => sum + row.cost_usd, 0)),
    daily: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    prices_usd_per_image: prices,
  };
}
