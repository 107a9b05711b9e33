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

/** A cursor-paged task list (GET /api/tasks or /api/gallery), loaded on mount. */
export function usePagedTasks(fetchPage: (limit: number, cursor: string | null) => Promise<ApiResult<TaskPage>>, pageSize: number): PagedTasks {
  const [tasks, setTasks] = useState<TaskView[]>([]);
  const [load, setLoad] = useState<PageLoad>({ state: "loading" });
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailure, setMoreFailure] = useState<ApiFailure | null>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const reload = useCallback(() => {
    let current = true;
    setLoad({ state: "loading" });
    void fetchRef.current(pageSize, null).then((result) => {
      if (!current) return;
      if (result.ok) {
        setTasks((existing) => mergeTasks(existing, result.data.tasks));
        setCursor(result.data.next_cursor);
        setLoad({ state: "ready" });
      } else {
        setLoad({ state: "failed", failure: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [pageSize]);

  useEffect(() => reload(), [reload]);

  const loadMore = useCallback(() => {
    if (cursor === null || loadingMore) return;
    setLoadingMore(true);
    setMoreFailure(null);
    void fetchRef.current(pageSize, cursor).then((result) => {
      setLoadingMore(false);
      if (result.ok) {
        setTasks((existing) => mergeTasks(existing, result.data.tasks));
        setCursor(result.data.next_cursor);
      } else {
        setMoreFailure(result.error);
      }
    });
  }, [cursor, loadingMore, pageSize]);

  const upsert = useCallback((task: TaskView) => setTasks((existing) => mergeTasks(existing, [task])), []);

  return { tasks, load, hasMore: cursor !== null, loadingMore, moreFailure, loadMore, reload: () => void reload(), upsert };
}
