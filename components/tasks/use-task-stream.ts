"use client";

import { useEffect, useRef, useState } from "react";
import { taskEventsUrl } from "@/components/api-client/endpoints";
import type { TaskView } from "@/lib/shared/task-view";
import { isTerminal } from "@/lib/shared/task-status";

/** `streaming` while the event stream works; `polling` once it is unavailable or dropped (for this card's life). */
export type TaskFeed = "streaming" | "polling";

function browserHasEventSource(): boolean {
  return typeof window !== "undefined" && typeof window.EventSource === "function";
}

/**
 * Listens to GET /api/tasks/:id/events while the task runs and the tab is visible: each `task` event updates
 * the card, a terminal one closes the stream, `reopen` (the server's per-stream budget is spent) opens a fresh
 * one. Any other end of the stream, or a browser without EventSource, switches the card to polling.
 */
export function useTaskStream(task: TaskView, onUpdate: (task: TaskView) => void): TaskFeed {
  const [feed, setFeed] = useState<TaskFeed>(() => (browserHasEventSource() ? "streaming" : "polling"));
  const latest = useRef(onUpdate);
  latest.current = onUpdate;
  const terminal = isTerminal(task.status);

  useEffect(() => {
    if (terminal || feed !== "streaming") return;
    let source: EventSource | null = null;
    let finished = false;

    const close = () => {
      source?.close();
      source = null;
    };
    const open = () => {
      close();
      if (document.hidden || finished) return;
      const current = new EventSource(taskEventsUrl(task.id));
      source = current;
      current.addEventListener("task", (event) => {
        const fresh = JSON.parse((event as MessageEvent<string>).data) as TaskView;
        if (isTerminal(fresh.status)) {
          finished = true;
          close();
        }
        latest.current(fresh);
      });
      current.addEventListener("reopen", open);
      current.addEventListener("error", () => {
        if (source !== current) return;
        close();
        setFeed("polling");
      });
    };
    const onVisibilityChange = () => (document.hidden ? close() : open());

    document.addEventListener("visibilitychange", onVisibilityChange);
    open();
    return () => {
      finished = true;
      close();
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [task.id, terminal, feed]);

  return feed;
}
