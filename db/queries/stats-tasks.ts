import "server-only";
import { and, asc, count, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../client";
import { tasks } from "../schema";

export interface TaskFailureCount {
  errorCode: string;
  count: number;
}

/** Why the tasks created since `since` failed: counts per stored error code, most frequent first. */
export async function taskFailureCodes(db: Db, { since }: { since: number }): Promise<TaskFailureCount[]> {
  const code = sql<string>`coalesce(${tasks.errorCode}, 'unknown')`;
  return db
    .select({ errorCode: code, count: count() })
    .from(tasks)
    .where(and(gte(tasks.createdAt, since), eq(tasks.status, "failed")))
    .groupBy(code)
    .orderBy(desc(count()), asc(code))
    .all();
}
