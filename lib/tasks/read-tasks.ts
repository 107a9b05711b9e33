import "server-only";
import type { App } from "@/lib/platform/app";
import type { GalleryQuery, OwnTasksQuery, PageCursor } from "@/lib/shared/api/page-query";
import { encodeCursor, encodeSearchCursor } from "@/lib/tasks/cursor";
import { matchRanges } from "@/lib/tasks/search-match";
import { isTerminal } from "@/lib/shared/task-status";
import { presentTask } from "@/lib/tasks/present-task";
import type { TaskPage } from "@/lib/shared/task-view";
import { trySubmitQueuedTask } from "@/lib/tasks/queue";
import { reconcileTask } from "@/lib/tasks/reconcile";
import { getVisibleTask } from "@/lib/tasks/visibility";
import { galleryFilter, listGallery, listTasksByUser, markReconciled, type OwnTaskFilters, ownTasksFilter } from "@/db/queries/tasks";
import { type SearchPage, searchTasks } from "@/db/queries/task-search";
import type { Task } from "@/db/schema";

/**
 * Reading a task that has not moved for a while settles it from the provider (Pages has no cron).
 * The claim is atomic, so concurrent readers reconcile a task at most once per interval.
 */
export async function readTaskWithReconcile(app: App, id: string, viewerId: string | null): Promise<Task> {
  return reconcileIfStale(app, await getVisibleTask(app, id, viewerId));
}

/**
 * The task just read, settled from the provider when it has not moved for RECONCILE_AFTER_SECONDS. Only the reader
 * that wins the claim (one atomic UPDATE) writes or calls the provider, and the claim is looked for in the row first:
 * once someone claimed it this interval, a read issues no write at all, however many watch the task. A stale queued
 * task (its promotion was missed) is offered a free slot behind the same claim, so at most once per interval.
 */
export async function reconcileIfStale(app: App, task: Task): Promise<Task> {
  if (isTerminal(task.status)) return task;
  const now = app.now();
  const staleBefore = now - app.env.RECONCILE_AFTER_SECONDS * 1000;
  if (task.updatedAt >= staleBefore) return task;
  if (task.reconciledAt !== null && task.reconciledAt >= staleBefore) return task;
  if (!(await markReconciled(app.db, { id: task.id, now, notBefore: staleBefore }))) return task;
  const claimed = { ...task, reconciledAt: now };
  // One atomic UPDATE gives it a slot if the caps leave one.
  if (claimed.status === "queued") return trySubmitQueuedTask(app, claimed);
  return reconcileTask(app, claimed);
}

function page(result: { tasks: Task[]; nextCursor: PageCursor | null }, viewerId: string | null): TaskPage {
  return { tasks: result.tasks.map((task) => presentTask(task, viewerId)), next_cursor: encodeCursor(result.nextCursor) };
}

function searchPage(result: SearchPage, viewerId: string | null): TaskPage {
  return {
    tasks: result.hits.map((hit) => ({ ...presentTask(hit.task, viewerId), match: { ranges: matchRanges(hit.task.prompt, hit.marked) } })),
    next_cursor: encodeSearchCursor(result.nextCursor),
  };
}

const DAY_MS = 86_400_000;

/** The caller's own tasks under their filters: newest first, or most relevant first when searching. */
export async function listOwnTasks(app: App, userId: string, query: OwnTasksQuery): Promise<TaskPage> {
  const filters: OwnTaskFilters = {
    userId,
    starred: query.starred,
    model: query.model,
    status: query.status,
    createdFrom: query.from === undefined ? undefined : Date.parse(query.from),
    createdBefore: query.to === undefined ? undefined : Date.parse(query.to) + DAY_MS,
  };
  if (query.search) {
    const { terms, after } = query.search;
    return searchPage(await searchTasks(app.db, { terms, after, filter: ownTasksFilter(filters), limit: query.limit }), userId);
  }
  return page(await listTasksByUser(app.db, { ...filters, limit: query.limit, cursor: query.cursor }), userId);
}

/** Public, succeeded tasks of everyone: newest first, or most relevant first when searching. */
export async function listPublicGallery(app: App, viewerId: string | null, query: GalleryQuery): Promise<TaskPage> {
  if (query.search) {
    const { terms, after } = query.search;
    return searchPage(await searchTasks(app.db, { terms, after, filter: galleryFilter(), limit: query.limit }), viewerId);
  }
  return page(await listGallery(app.db, { limit: query.limit, cursor: query.cursor }), viewerId);
}
