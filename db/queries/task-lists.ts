import "server-only";
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { PageCursor } from "../../lib/shared/api/page-query";
import type { TaskStatus } from "../../lib/shared/task-status";
import type { Db } from "../client";
import { tasks, type Task } from "../schema";

export interface TaskRowPage {
  tasks: Task[];
  nextCursor: PageCursor | null;
}

/** What a person narrows their own history by. */
export interface OwnTaskFilters {
  userId: string;
  starred?: boolean;
  model?: string;
  status?: TaskStatus;
  /** created_at ≥ this (ms). */
  createdFrom?: number;
  /** created_at < this (ms). */
  createdBefore?: number;
}

/** The WHERE of a user's own tasks under the filters they chose. */
export function ownTasksFilter(filters: OwnTaskFilters): SQL | undefined {
  return and(
    eq(tasks.userId, filters.userId),
    // Literal, so the partial index tasks_user_starred_idx (WHERE starred_at IS NOT NULL) serves the starred list.
    filters.starred === undefined ? undefined : filters.starred ? sql`${tasks.starredAt} IS NOT NULL` : sql`${tasks.starredAt} IS NULL`,
    filters.model === undefined ? undefined : eq(tasks.modelKey, filters.model),
    filters.status === undefined ? undefined : eq(tasks.status, filters.status),
    filters.createdFrom === undefined ? undefined : gte(tasks.createdAt, filters.createdFrom),
    filters.createdBefore === undefined ? undefined : lt(tasks.createdAt, filters.createdBefore),
  );
}

/** Public, succeeded tasks: literal terms matching the partial index tasks_gallery_idx (bound parameters would not match it). */
export function galleryFilter(): SQL {
  return sql`${tasks.isPrivate} = 0 AND ${tasks.status} = 'succeeded'`;
}

/** A user's own tasks, newest first. The id breaks ties so rows sharing created_at are neither skipped nor repeated. */
export async function listTasksByUser(
  db: Db,
  { userId, limit, cursor, ...filters }: Omit<OwnTaskFilters, "userId"> & { userId: string; limit: number; cursor?: PageCursor },
): Promise<TaskRowPage> {
  return listPage(db, ownTasksFilter({ userId, ...filters }), limit, cursor);
}

/**
 * Public, succeeded tasks of everyone, newest first. Ordered by created_at (not completed_at) so it shares the
 * cursor scheme of listTasksByUser and a row's position never changes once it appears.
 */
export async function listGallery(db: Db, { limit, cursor }: { limit: number; cursor?: PageCursor }): Promise<TaskRowPage> {
  return listPage(db, galleryFilter(), limit, cursor);
}

async function listPage(db: Db, filter: SQL | undefined, limit: number, cursor: PageCursor | undefined): Promise<TaskRowPage> {
  const pageSize = Math.max(1, Math.floor(limit));
  const after = cursor ? sql`(${tasks.createdAt}, ${tasks.id}) < (${cursor.createdAt}, ${cursor.id})` : undefined;
  // One extra row tells whether another page exists without a second query.
  const rows = await db
    .select()
    .from(tasks)
    .where(and(filter, after))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(pageSize + 1)
    .all();
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  const nextCursor = rows.length > pageSize && last ? { createdAt: last.createdAt, id: last.id } : null;
  return { tasks: page, nextCursor };
}
