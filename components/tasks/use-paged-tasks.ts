"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiFailure, ApiResult } from "@/components/api-client/api-result";
import type { TaskPage, TaskView } from "@/lib/shared/task-view";
import { mergeTasks } from "@/components/tasks/merge-tasks";

type PageLoad = { state: "loading" } | { state: "ready" } | { state: "failed"; failure: ApiFailure };

export interface PagedTasks {
  tasks: TaskView[];
  load: PageLoad;
  hasMore: boolean;
  loadingMore: boolean;
  moreFailure: ApiFailure | null;
  loadMore: () => void;
  reload: () => void;
  /** Adds a task or replaces the stored copy of it. */
  upsert: (task: TaskView) => void;
}

/**
 * A cursor-paged task list (GET /api/tasks or /api/gallery), loaded on mount (unless the server rendered its first
 * page) and again from the start whenever `query` (what `fetchPage` filters by, as a string) changes.
 */
export function usePagedTasks(
  fetchPage: (limit: number, cursor: string | null) => Promise<ApiResult<TaskPage>>,
  pageSize: number,
  query = "",
  /** The server orders the list by relevance (a search): pages append as they come, and updates keep their place. */
  ranked = false,
  /** The first page for the mount's `query`, as the server rendered it: shown at once instead of fetched again. */
  initialPage: TaskPage | null = null,
): PagedTasks {
  const merge = ranked ? keepOrder : mergeTasks;
  const [tasks, setTasks] = useState<TaskView[]>(initialPage?.tasks ?? []);
  const [load, setLoad] = useState<PageLoad>(initialPage ? { state: "ready" } : { state: "loading" });
  const [cursor, setCursor] = useState<string | null>(initialPage?.next_cursor ?? null);
  const mountLoadDone = useRef(initialPage !== null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailure, setMoreFailure] = useState<ApiFailure | null>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const shownQuery = useRef(query);

  const reload = useCallback(() => {
    let current = true;
    setLoad({ state: "loading" });
    void fetchRef.current(pageSize, null).then((result) => {
      if (!current) return;
      if (result.ok) {
        // Another filter's list is replaced, not merged (its order, by relevance, is the server's too).
        const fresh = shownQuery.current !== query;
        shownQuery.current = query;
        setTasks((existing) => (fresh ? result.data.tasks : merge(existing, result.data.tasks)));
        setCursor(result.data.next_cursor);
        setLoad({ state: "ready" });
      } else {
        setLoad({ state: "failed", failure: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [pageSize, query, merge]);

  useEffect(() => {
    // The server's page stands for the mount's load; a new query or a retry fetches as before.
    if (mountLoadDone.current) {
      mountLoadDone.current = false;
      return;
    }
    return reload();
  }, [reload]);

  const loadMore = useCallback(() => {
    if (cursor === null || loadingMore) return;
    setLoadingMore(true);
    setMoreFailure(null);
    void fetchRef.current(pageSize, cursor).then((result) => {
      setLoadingMore(false);
      if (result.ok) {
        setTasks((existing) => merge(existing, result.data.tasks));
        setCursor(result.data.next_cursor);
      } else {
        setMoreFailure(result.error);
      }
    });
  }, [cursor, loadingMore, pageSize, merge]);

  const upsert = useCallback((task: TaskView) => setTasks((existing) => merge(existing, [task])), [merge]);

  return { tasks, load, hasMore: cursor !== null, loadingMore, moreFailure, loadMore, reload: () => void reload(), upsert };
}

/**
 * Each id once, in the order first seen; a fresher copy replaces the stored one where it stands, keeping what only the
 * search page said (its `match`: a task's stream and its star do not repeat it).
 */
function keepOrder(current: readonly TaskView[], incoming: readonly TaskView[]): TaskView[] {
  const fresh = new Map(incoming.map((task) => [task.id, task]));
  const kept = current.map((task) => ({ ...task, ...fresh.get(task.id) }));
  const known = new Set(current.map((task) => task.id));
  return [...kept, ...incoming.filter((task) => !known.has(task.id))];
}
