import "server-only";
import type { App } from "@/lib/platform/app";
import { d1UsageScope, newD1Usage } from "@/lib/platform/d1-usage";
import { isTerminal } from "@/lib/shared/task-status";
import { presentTask } from "@/lib/tasks/present-task";
import type { TaskView } from "@/lib/shared/task-view";
import { readTaskWithReconcile } from "@/lib/tasks/read-tasks";
import type { Task } from "@/db/schema";

/**
 * One stream stays within a Worker invocation's limits: Workers Free allows 50 subrequests per request
 * (developers.cloudflare.com/workers/platform/limits/), so a stream makes at most 40 checks and lasts at most
 * 30 s, then says `reopen` and closes; the studio opens a fresh one. CPU time is spent only per check.
 */
const STREAM_MAX_CHECKS = 40;
const STREAM_MAX_MS = 30_000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const STREAM_HEARTBEAT_MS = 15_000;
/**
 * Checks come this close together in the estimated last second, where the image is due (a check is one row read
 * of one task), a little further apart in the seconds before, and no further apart than the slowest.
 * @internal Exported for tests/routes/task-events.test.ts, which checks the pace.
 */
export const CHECK_FASTEST_MS = 50;
/** @internal Exported for tests/routes/task-events.test.ts, which checks the pace. */
export const CHECK_CLOSE_MS = 100;
/** @internal Exported for tests/routes/task-events.test.ts, which checks the pace. */
export const CHECK_SLOWEST_MS = 1000;
const DUE_MS = 1000;
const NEARLY_DONE_MS = 3000;
/** How long EventSource waits before reconnecting on its own (after a network error). */
const CLIENT_RETRY_MS = 1000;

/**
 * How long to wait before reading the task again: slow while it waits for a slot or the provider, and,
 * once progress is known, paced by the estimated time left, so the last second is watched closely.
 * @internal Exported for tests/routes/task-events.test.ts, which checks the pace.
 */
export function nextCheckMs(task: Task, now: number): number {
  if (task.status === "queued" || task.status === "submitting") return CHECK_SLOWEST_MS;
  if (task.status === "starting" || task.progress <= 0 || task.startedAt === null) return 400;
  const elapsed = Math.max(0, now - task.startedAt);
  const left = (elapsed * (100 - task.progress)) / task.progress;
  if (left <= DUE_MS) return CHECK_FASTEST_MS;
  if (left <= NEARLY_DONE_MS) return CHECK_CLOSE_MS;
  return Math.min(CHECK_SLOWEST_MS, Math.max(CHECK_CLOSE_MS, Math.round(left / 4)));
}

const signature = (view: TaskView) => `${view.status}:${view.progress}:${view.images.length}:${view.error?.code ?? ""}`;

export interface TaskEventStreamOptions {
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * The body of GET /api/tasks/:id/events: an `event: task` with the task as it is now, then one on every change
 * (read from D1 at an adaptive pace, with the same lazy reconcile as a poll), closing after a terminal state or
 * when its budget is spent (`event: reopen`). `first` is the task the caller was allowed to see.
 */
export function taskEventStream(app: App, first: Task, viewerId: string | null, options: TaskEventStreamOptions = {}): ReadableStream<Uint8Array> {
  const sleep = options.sleep ?? abortableSleep;
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const usage = newD1Usage();
  const started = app.now();
  let checks = 0;
  let events = 0;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      const sendTask = (view: TaskView) => {
        events += 1;
        send(`event: task\ndata: ${JSON.stringify(view)}\n\n`);
      };

      const run = async () => {
        send(`retry: ${CLIENT_RETRY_MS}\n\n`);
        let task = first;
        let last = presentTask(task);
        sendTask(last);
        let lastSentAt = app.now();
        let ending: "terminal" | "budget" | "gone" = "terminal";
        while (!isTerminal(task.status)) {
          if (checks >= STREAM_MAX_CHECKS || app.now() - started >= STREAM_MAX_MS) {
            ending = "budget";
            send("event: reopen\ndata: {}\n\n");
            break;
          }
          await sleep(nextCheckMs(task, app.now()), stop.signal);
          if (stop.signal.aborted) {
            ending = "gone";
            break;
          }
          checks += 1;
          task = await readTaskWithReconcile(app, task.id, viewerId);
          const view = presentTask(task);
          if (signature(view) !== signature(last)) {
            last = view;
            sendTask(view);
            lastSentAt = app.now();
          } else if (app.now() - lastSentAt >= STREAM_HEARTBEAT_MS) {
            send(": heartbeat\n\n");
            lastSentAt = app.now();
          }
        }
        return ending;
      };

      void d1UsageScope
        .run(usage, run)
        .then(
          (ending) => app.logger.info("task.events.closed", { taskId: first.id, ending, checks, events, ms: app.now() - started, d1: { ...usage } }),
          (error: unknown) => {
            // The task vanished or a read failed: close; the studio falls back to polling, which reports errors.
            app.logger.warn("task.events.failed", { taskId: first.id, checks, error: String(error), d1: { ...usage } });
          },
        )
        .finally(() => {
          if (stop.signal.aborted) return;
          stop.abort();
          controller.close();
        });
    },
    cancel() {
      stop.abort();
    },
  });
}
