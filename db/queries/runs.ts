import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { runs, tasks, type NewTask, type Run, type Task } from "../schema";
import { type InsertTaskWithinCapsArgs, taskInsertWithinCaps } from "./task-queue";

export interface InsertRunArgs {
  run: Run;
  /** In the run's order; each is written `submitting` while the caps leave a slot (counted inside its INSERT), else `queued`. */
  tasks: Omit<NewTask, "status" | "statusRank">[];
  perUserCap: number;
  globalCap: number;
}

/**
 * Writes a run and all its tasks in ONE batch (one transaction): either every row is stored or none. Each task's
 * INSERT counts the in-flight caps itself and sees the tasks written before it in the batch, so a run of four under a
 * cap of two starts two and queues two.
 */
export async function insertRunWithTasks(db: Db, args: InsertRunArgs): Promise<{ run: Run; tasks: Task[] }> {
  const caps: Omit<InsertTaskWithinCapsArgs, "task"> = { perUserCap: args.perUserCap, globalCap: args.globalCap };
  const [runRows, ...taskRows] = await db.batch([
    db.insert(runs).values(args.run).returning(),
    ...args.tasks.map((task) => taskInsertWithinCaps(db, { ...caps, task })),
  ]);
  const run = runRows[0];
  const written = taskRows.map((rows) => rows[0]).filter((row): row is Task => row !== undefined);
  if (!run || written.length !== args.tasks.length) throw new Error(`insertRunWithTasks: rows missing for run ${args.run.id}`);
  return { run, tasks: written };
}

export async function getRunById(db: Db, { id }: { id: string }): Promise<Run | undefined> {
  return db.select().from(runs).where(eq(runs.id, id)).get();
}

/** A run's tasks in the order the run named them (the order they were written: rowid, as they share created_at). */
export async function listRunTasks(db: Db, { runId }: { runId: string }): Promise<Task[]> {
  return db.select().from(tasks).where(eq(tasks.runId, runId)).orderBy(sql`rowid`).all();
}
