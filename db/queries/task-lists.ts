import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { PageCursor } from "../../lib/shared/api/page-query";
import type { Db } from "../client";
import { tasks, type Task } from "../schema";

export interface TaskRowPage {
  tasks: Task[];
  nextCursor: PageCursor | null;
}

/** A user's own tasks, newest first. The id breaks ties so rows sharing created_at are neither skipped nor repeated. */
export async function listTasksByUser(
  db: Db,
  { userId, limit, cursor }: { userId: string; limit: number; cursor?: PageCursor },
): Promise<TaskRowPage> {
  return listPage(db, eq(tasks.userId, userId), limit, cursor);
}

/**
 * Public, succeeded tasks of everyone, newest first. Ordered by created_at (not completed_at) so it shares the
 * cursor scheme of listTasksByUser and a row's position never changes once it appears.
 */
export async function listGallery(db: Db, { limit, cursor }: { limit: number; cursor?: PageCursor }): Promise<TaskRowPage> {
  // Literal terms matching the partial index tasks_gallery_idx (bound parameters would not match it).
  return listPage(db, sql`${tasks.isPrivate} = 0 AND ${tasks.status} = 'succeeded'`, limit, cursor);
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
