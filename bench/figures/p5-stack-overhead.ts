import { performance } from "node:perf_hooks";
import type { Figure } from "../lib/figure";
import { runPool, sleep } from "../lib/load";
import { SessionClient } from "../lib/session-client";
import type { Stack } from "../lib/stack";
import { summarize } from "../lib/stats";

const TASKS_PER_LEVEL = 50;
const LEVELS = [1, 10, 50];
const WARMUP_TASKS = 10;
// Tight enough to see the change within a few ms, loose enough that polling is not most of the server's work.
const POLL_MS = 25;
const GIVE_UP_MS = 60_000;

interface TaskTiming {
  taskId: string | null;
  /** Epoch ms, comparable with the emulator's delivery log (same process clock). */
  startedAt: number;
  observedAt: number;
  totalMs: number;
  createMs: number;
  polls: number;
  ok: boolean;
}

interface TaskView {
  id: string;
  status: string;
}

/** POST /api/generate, then GET /api/tasks/:id every POLL_MS until it reads `succeeded`. */
async function generateAndWait(client: SessionClient, index: number): Promise<TaskTiming> {
  const startedAt = Date.now();
  const started = performance.now();
  const created = await client.post<{ task?: TaskView }>("/api/generate", {
    model: "flux-schnell",
    prompt: `a paper lantern, study ${index}`,
    aspect_ratio: "1:1",
  });
  const createMs = performance.now() - started;
  const id = created.body.task?.id;
  const done = (ok: boolean, polls: number): TaskTiming => ({
    taskId: id ?? null,
    startedAt,
    observedAt: Date.now(),
    totalMs: performance.now() - started,
    createMs,
    polls,
    ok,
  });
  if (created.status !== 201 || !id) return done(false, 0);
  let polls = 0;
  while (performance.now() - started < GIVE_UP_MS) {
    const read = await client.get<{ task?: TaskView }>(`/api/tasks/${id}`);
    polls += 1;
    const status = read.body.task?.status;
    if (status === "succeeded") return done(true, polls);
    if (status === "failed" || status === "canceled" || read.status !== 200) break;
    await sleep(POLL_MS);
  }
  return done(false, polls);
}

interface Delivery {
  event: string;
  url: string;
  time: string;
  status: number | null;
}

const median = (values: number[]) => (values.length > 0 ? summarize(values).p50 : null);

/**
 * Where a task's time goes, from the emulator's delivery log: the create round trip, the chain of webhooks
 * (delivered one at a time, each waiting for the app's answer), and the wait until a poll sees the result.
 */
async function breakdown(stack: Stack, timings: TaskTiming[]) {
  const deliveries = (await (await fetch(`${stack.emulator.url}/__emulator/webhooks`)).json()) as Delivery[];
  const rows = timings
    .filter((t) => t.ok && t.taskId)
    .map((t) => {
      const own = deliveries.filter((d) => d.url.includes(`task=${t.taskId}`) && d.status !== null).map((d) => ({ ...d, at: Date.parse(d.time) }));
      const completed = own.find((d) => d.event === "completed");
      const first = own.reduce((a, d) => Math.min(a, d.at), Number.POSITIVE_INFINITY);
      return {
        webhooks: own.length,
        createEndToFirstAck: first - (t.startedAt + t.createMs),
        firstToCompletedAck: completed ? completed.at - first : NaN,
        perWebhook: completed && own.length > 1 ? (completed.at - first) / (own.length - 1) : NaN,
        completedAckToSeen: completed ? t.observedAt - completed.at : NaN,
        postToCompletedAck: completed ? completed.at - t.startedAt : NaN,
      };
    })
    .filter((row) => Number.isFinite(row.firstToCompletedAck));
  return {
    p50Ms: {
      createRoundTrip: median(timings.filter((t) => t.ok).map((t) => t.createMs)),
      createEndToFirstWebhookAnswered: median(rows.map((r) => r.createEndToFirstAck)),
      firstToCompletedWebhookAnswered: median(rows.map((r) => r.firstToCompletedAck)),
      perWebhookInChain: median(rows.map((r) => r.perWebhook)),
      completedAnsweredToSeenByPoll: median(rows.map((r) => r.completedAckToSeen)),
    },
    /** The same end point without the poll's granularity: POST sent → the app has answered the completed webhook. */
    p50PostToCompletedWebhookAnsweredMs: median(rows.map((r) => r.postToCompletedAck)),
    webhooksPerTask: median(rows.map((r) => r.webhooks)),
    note: "the emulator sends a prediction's webhooks one at a time and waits for each answer, as Replicate does",
  };
}

async function runLevel(stack: Stack, inFlight: number, tasks: number, offset: number): Promise<TaskTiming[]> {
  // One user per lane, as separate browsers would be.
  const clients = Array.from({ length: inFlight }, () => new SessionClient(stack.workerUrl));
  const timings: TaskTiming[] = [];
  await runPool(
    Array.from({ length: tasks }, (_, i) => i),
    inFlight,
    async (i, _index, lane) => {
      timings.push(await generateAndWait(clients[lane]!, offset + i));
    },
  );
  return timings;
}

/**
 * P5: stack overhead with the emulator's delays at zero: from POST /api/generate to `succeeded` read back
 * through GET /api/tasks/:id, on the built worker under wrangler pages dev; then the same with 10 and 50 in flight.
 */
export async function measureStackOverhead(stack: Stack): Promise<Figure[]> {
  await stack.setFaults({ delays: { startMs: 0, stepMs: 0, webhookMs: 0 } });
  await runLevel(stack, 5, WARMUP_TASKS, 0);
  const levels = [];
  let profile: Awaited<ReturnType<typeof breakdown>> | null = null;
  for (const inFlight of LEVELS) {
    const started = performance.now();
    const timings = await runLevel(stack, inFlight, TASKS_PER_LEVEL, 1000 * inFlight);
    if (inFlight === 1) profile = await breakdown(stack, timings);
    const elapsed = performance.now() - started;
    const ok = timings.filter((t) => t.ok);
    levels.push({
      inFlight,
      tasks: timings.length,
      failed: timings.length - ok.length,
      totalMs: ok.length > 0 ? summarize(ok.map((t) => t.totalMs)) : null,
      createMs: ok.length > 0 ? summarize(ok.map((t) => t.createMs)) : null,
      pollsPerTaskMean: ok.length > 0 ? Math.round((ok.reduce((a, t) => a + t.polls, 0) / ok.length) * 10) / 10 : null,
      tasksPerSecond: Math.round((ok.length * 1000 * 10) / elapsed) / 10,
    });
  }
  const single = levels[0]!;
  const p50 = single.totalMs?.p50 ?? null;
  return [
    {
      id: "P5",
      what: `POST /api/generate → 'succeeded' visible via GET /api/tasks/:id (polled every ${POLL_MS} ms), emulator delays 0, 1 task in flight, p50 over ${TASKS_PER_LEVEL} tasks`,
      value: p50,
      unit: "ms",
      goal: "≤ 300 ms",
      pass: p50 !== null && p50 <= 300 && single.failed === 0,
      details: { ...single, warmupTasksExcluded: WARMUP_TASKS, profile },
    },
    {
      id: "P5-growth",
      what: `the same with 1, 10 and 50 tasks in flight (${TASKS_PER_LEVEL} tasks per level, one user per lane)`,
      value: null,
      unit: "ms",
      goal: "none (growth is reported)",
      pass: null,
      details: { levels },
    },
  ];
}
