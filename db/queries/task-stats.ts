import "server-only";
import { asc, count, gte, sql } from "drizzle-orm";
import type { Db } from "../client";
import { tasks } from "../schema";
import type { TaskStatus } from "../../lib/shared/task-status";

interface TaskStatusCount {
  status: TaskStatus;
  modelKey: string;
  count: number;
}

interface TaskDailyModelFigures {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  modelKey: string;
  tasks: number;
  images: number;
  costUsd: number;
}

export interface TaskStats {
  byStatusAndModel: TaskStatusCount[];
  dailyByModel: TaskDailyModelFigures[];
}

/** Task figures for tasks created since `since`: one round trip (a D1 batch of two statements). */
export async function listTasksForStats(db: Db, { since }: { since: number }): Promise<TaskStats> {
  const day = sql<string>`date(${tasks.createdAt} / 1000, 'unixepoch')`;
  const [byStatusAndModel, dailyByModel] = await db.batch([
    db
      .select({ status: tasks.status, modelKey: tasks.modelKey, count: count() })
      .from(tasks)
      .where(gte(tasks.createdAt, since))
      .groupBy(tasks.status, tasks.modelKey)
      .orderBy(asc(tasks.modelKey), asc(tasks.status)),
    db
      .select({
        day,
        modelKey: tasks.modelKey,
        tasks: count(),
        images: sql<number>`coalesce(sum(${tasks.outputCount}), 0)`.mapWith(Number),
        // total() is 0.0 rather than NULL for a group without costs.
        costUsd: sql<number>`total(${tasks.costUsd})`.mapWith(Number),
      })
      .from(tasks)
      .where(gte(tasks.createdAt, since))
      .groupBy(day, tasks.modelKey)
      .orderBy(asc(day), asc(tasks.modelKey)),
  ]);
  return { byStatusAndModel, dailyByModel };
}
