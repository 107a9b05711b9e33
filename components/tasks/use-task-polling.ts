"use client";

import { useEffect, useRef, useState } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { fetchTask } from "@/components/api-client/endpoints";
import { delayAfterFailure, nextPollDelay, POLL_FIRST_MS } from "./poll-delay";
import type { TaskView } from "@/lib/shared/task-view";
import { isTerminal } from "@/lib/shared/task-status";

export type PollConnection = { state: "live" } | { state: "retrying" } | { state: "lost"; failure: ApiFailure };

const signature = (task: TaskView) => `${task.status}:${task.progress}:${task.images.length}`;

// Statuses that will not get better by asking again.
const GIVE_UP_STATUSES = new Set([401, 403, 404]);

/**
 * Polls GET /api/tasks/:id until the task reaches a terminal state. Backs off while nothing
 * changes, honours Retry-After, and pauses while the tab is hidden (resuming at once when shown).
 * Off (`enabled` false) while the task's event stream does the job; it starts at once when switched on.
 */
export function useTaskPolling(task: TaskView, onUpdate: (task: TaskView) => void, enabled = true): PollConnection {
  const [connection, setConnection] = useState<PollConnection>({ state: "live" });
  const latest = useRef({ task, onUpdate });
  latest.current = { task, onUpdate };
  const terminal = isTerminal(task.status);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a card that shows another task starts polling afresh
  useEffect(() => {
    if (terminal || !enabled) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let delay = POLL_FIRST_MS;

    const schedule = (ms: number) => {
      clearTimeout(timer);
      timer = undefined;
      if (!document.hidden) timer = setTimeout(poll, ms);
    };

    async function poll() {
      timer = undefined;
      inFlight = true;
      const before = signature(latest.current.task);
      const result = await fetchTask(latest.current.task.id, controller.signal).catch(() => null);
      inFlight = false;
      if (result === null || controller.signal.aborted) return;
      if (result.ok) {
        setConnection({ state: "live" });
        const fresh = result.data.task;
        latest.current.onUpdate(fresh);
        if (isTerminal(fresh.status)) return;
        delay = nextPollDelay(delay, signature(fresh) !== before);
      } else if (result.error.status !== null && GIVE_UP_STATUSES.has(result.error.status)) {
        setConnection({ state: "lost", failure: result.error });
        return;
      } else {
        setConnection({ state: "retrying" });
        delay = delayAfterFailure(delay, result.error.retryAfterSeconds);
      }
      schedule(delay);
    }

    const onVisibilityChange = () => {
      if (document.hidden) {
        clearTimeout(timer);
        timer = undefined;
      } else if (!inFlight && timer === undefined) {
        delay = POLL_FIRST_MS;
        schedule(0);
      }
    };

    document.addEventListener("visibilitychange", onVisibilityChange);
    schedule(0);
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [task.id, terminal, enabled]);

  return connection;
}
