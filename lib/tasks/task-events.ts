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
/** Also how long a stream's place counts (lib/spend/stream-limits.ts). */
export const STREAM_MAX_MS = 30_000;
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
  /** The request's signal: when the client hangs up, the stream stops checking. */
  signal?: AbortSignal;
  /** Called once when the stream ends, however it ends (before `reopen` is sent): gives its place back. */
  onEnd?: () => Promise<void>;
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

/** One shared read of a task: when it started, and the task it gives. */
interface SharedRead {
  at: number;
  task: Promise<Task>;
}

interface Watched {
  /** Streams of this isolate watching the task now; the entry goes when the last one ends. */
  streams: number;
  last: SharedRead | null;
}

/** The tasks this isolate's streams watch, by task id: all streams of a task share its reads. */
const watchedTasks = new Map<string, Watched>();

/**
 * Registers one stream of a task. Its `read(after)` gives the newest read of the task that started after `after`
 * (the start of the read this stream last used): another stream's read when there is one, else a read of its own
 * that the others may use. So however many streams of one isolate watch a task, D1 is read about once per check
 * interval, and each stream still gets a read newer than the last it saw; a lone stream reads at its own pace.
 * Every stream here was allowed to see the task when it opened, and a task's visibility never changes.
 */
function watchTask(app: App, id: string, viewerId: string | null) {
  let watched = watchedTasks.get(id);
  if (!watched) {
    watched = { streams: 0, last: null };
    watchedTasks.set(id, watched);
  }
  watched.streams += 1;
  const entry = watched;
  let ended = false;
  return {
    async read(after: number): Promise<{ task: Task; at: number }> {
      let read = entry.last;
      if (read === null || read.at <= after) {
        const fresh: SharedRead = { at: app.now(), task: readTaskWithReconcile(app, id, viewerId) };
        entry.last = fresh;
        // A failed read is not kept: the next check reads again.
        fresh.task.catch(() => {
          if (entry.last === fresh) entry.last = null;
        });
        read = fresh;
      }
      return { task: await read.task, at: read.at };
    },
    end() {
      if (ended) return;
      ended = true;
      entry.streams -= 1;
      if (entry.streams === 0 && watchedTasks.get(id) === entry) watchedTasks.delete(id);
    },
  };
}

type Ending = "terminal" | "budget" | "gone";

/**
 * The body of GET /api/tasks/:id/events: an `event: task` with the task as it is now, then one on every change
 * (read from D1 at an adaptive pace, with the same lazy reconcile as a poll, the reads shared by the isolate's
 * streams of one task), closing after a terminal state, when its budget is spent (`event: reopen`) or when the
 * client hangs up (`signal`, or the body cancelled). `first` is the task the caller was allowed to see.
 */
export function taskEventStream(app: App, first: Task, viewerId: string | null, options: TaskEventStreamOptions = {}): ReadableStream<Uint8Array> {
  const sleep = options.sleep ?? abortableSleep;
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const hangUp = () => stop.abort();
  const usage = newD1Usage();
  const started = app.now();
  let checks = 0;
  let events = 0;
  let cancelled = false;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      const sendTask = (view: TaskView) => {
        events += 1;
        send(`event: task\ndata: ${JSON.stringify(view)}\n\n`);
      };
      if (options.signal?.aborted) stop.abort();
      else options.signal?.addEventListener("abort", hangUp, { once: true });
      const watch = watchTask(app, first.id, viewerId);

      const run = async (): Promise<Ending> => {
        send(`retry: ${CLIENT_RETRY_MS}\n\n`);
        let task = first;
        let seenAt = started;
        let last = presentTask(task, viewerId);
        sendTask(last);
        let lastSentAt = app.now();
        while (!isTerminal(task.status)) {
          if (checks >= STREAM_MAX_CHECKS || app.now() - started >= STREAM_MAX_MS) return "budget";
          await sleep(nextCheckMs(task, app.now()), stop.signal);
          if (stop.signal.aborted) return "gone";
          checks += 1;
          const read = await watch.read(seenAt);
          task = read.task;
          seenAt = read.at;
          const view = presentTask(task, viewerId);
          if (signature(view) !== signature(last)) {
            last = view;
            sendTask(view);
            lastSentAt = app.now();
          } else if (app.now() - lastSentAt >= STREAM_HEARTBEAT_MS) {
            send(": heartbeat\n\n");
            lastSentAt = app.now();
          }
        }
        return "terminal";
      };

      const finish = async () => {
        let ending: Ending | null = null;
        try {
          ending = await d1UsageScope.run(usage, run);
          app.logger.info("task.events.closed", { taskId: first.id, ending, checks, events, ms: app.now() - started, d1: { ...usage } });
        } catch (error) {
          // The task vanished or a read failed: close; the studio falls back to polling, which reports errors.
          app.logger.warn("task.events.failed", { taskId: first.id, checks, error: String(error), d1: { ...usage } });
        } finally {
          watch.end();
          options.signal?.removeEventListener("abort", hangUp);
        }
        // The place is given back before `reopen`, so the stream the studio opens next finds it free.
        await options.onEnd?.();
        if (ending === "budget") send("event: reopen\ndata: {}\n\n");
        if (cancelled) return;
        stop.abort();
        try {
          controller.close();
        } catch {
          // The client is gone and the stream with it.
        }
      };
      void finish();
    },
    cancel() {
      cancelled = true;
      stop.abort();
    },
  });
}
