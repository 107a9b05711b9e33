import { Webhook } from "svix/dist/webhook";
import { performance } from "node:perf_hooks";
import type { Figure } from "../lib/figure";
import { Recorder, runPool, steadyState, throughput, type Sample } from "../lib/load";
import { SessionClient } from "../lib/session-client";
import type { Stack } from "../lib/stack";
import { ratio, round, summarize } from "../lib/stats";
import { webhookUrlFor } from "../../lib/tasks/webhook-url";
import { forgedHeaders, signedHeaders, type WebhookEvent } from "../lib/webhook-events";
import { prepareIngestTasks, type IngestTask } from "./p1-webhook-tasks";

const LEVELS = [
  { concurrency: 1, tasks: 30 },
  { concurrency: 4, tasks: 40 },
  { concurrency: 16, tasks: 64 },
  { concurrency: 64, tasks: 128 },
];
const HEADLINE_CONCURRENCY = 16;
const PROFILE_ROUNDS = 60;

interface Delivered {
  event: WebhookEvent;
  status: number;
  outcome: string | null;
}

function outcomeOf(text: string): string | null {
  try {
    return (JSON.parse(text) as { outcome?: string }).outcome ?? null;
  } catch {
    return null;
  }
}

/**
 * Posts one delivery and times it. With `byOutcome` the sample is tagged `<event>.<outcome>` (applied, stale,
 * duplicate…) from the app's answer, so the profile can tell a progress write from a no-op.
 */
async function deliver(
  stack: Stack,
  recorder: Recorder,
  event: WebhookEvent,
  headers: Record<string, string>,
  tag: string,
  byOutcome = false,
): Promise<Delivered> {
  // The task's own signed webhook URL, as the app hands it to Replicate.
  const url = await webhookUrlFor(stack.workerUrl, event.taskId, stack.secrets.webhookSecret);
  const response = await recorder.time(
    tag,
    async () => {
      const r = await fetch(url, { method: "POST", headers, body: event.body });
      return { status: r.status, text: await r.text() };
    },
    {
      isOk: (r) => r.status < 300 || r.status === 401,
      tagOf: byOutcome ? (r) => `${event.kind}.${outcomeOf(r.text) ?? r.status}` : undefined,
    },
  );
  return { event, status: response.status, outcome: outcomeOf(response.text) };
}

async function health(stack: Stack, recorder: Recorder, count: number, concurrency: number): Promise<void> {
  await runPool(Array.from({ length: count }), concurrency, async () => {
    await recorder.time(
      "health",
      async () => {
        const r = await fetch(`${stack.workerUrl}/api/health`);
        await r.arrayBuffer();
        return r.status;
      },
      { isOk: (status) => status === 200 },
    );
  });
}

interface TaskView {
  status: string;
  progress: number;
  images: { url: string }[];
}

/**
 * "Lost" = a delivery the app acknowledged (2xx) whose effect is not in D1 afterwards: a completed event
 * without a succeeded task and its images, or a logs event whose progress the task does not show.
 */
async function countLost(stack: Stack, tasks: IngestTask[], delivered: Delivered[]) {
  const reader = new SessionClient(stack.workerUrl);
  const views = new Map<string, TaskView | null>();
  let imagesMissing = 0;
  await runPool(tasks, 8, async (task) => {
    const read = await reader.get<{ task?: TaskView }>(`/api/tasks/${task.taskId}`);
    const view = read.status === 200 ? (read.body.task ?? null) : null;
    views.set(task.taskId, view);
    for (const image of view?.images ?? []) {
      const file = await fetch(`${stack.workerUrl}${image.url}`);
      await file.arrayBuffer();
      if (!file.ok) imagesMissing += 1;
    }
  });
  let lost = 0;
  for (const d of delivered) {
    if (d.status >= 300) continue;
    const view = views.get(d.event.taskId);
    const task = tasks.find((t) => t.taskId === d.event.taskId)!;
    if (!view) lost += 1;
    else if (d.event.kind === "completed" && (view.status !== "succeeded" || view.images.length !== task.outputCount)) lost += 1;
    else if (d.event.kind === "logs" && d.event.progress !== null && view.progress < d.event.progress) lost += 1;
  }
  return { lost: lost + imagesMissing, imagesMissing, tasksSucceeded: [...views.values()].filter((v) => v?.status === "succeeded").length };
}

function summaryOf(samples: Sample[]) {
  return samples.length > 0 ? summarize(samples.map((s) => s.ms)) : null;
}

/** One concurrency level: each lane delivers one task's events in order (as Replicate does per prediction). */
async function runLevel(stack: Stack, concurrency: number, taskCount: number) {
  const tasks = await prepareIngestTasks(stack, taskCount, `c${concurrency}`);
  const webhookCount = tasks.reduce((sum, t) => sum + t.events.length, 0);
  const healthRecorder = new Recorder();
  const recorder = new Recorder();
  const delivered: Delivered[] = [];
  // Health before and after, so drift during the run affects both sides of the ratio alike.
  await health(stack, healthRecorder, Math.ceil(webhookCount / 2), concurrency);
  await runPool(tasks, concurrency, async (task) => {
    for (const event of task.events) {
      delivered.push(await deliver(stack, recorder, event, signedHeaders(event, stack.secrets.webhookSecret), event.kind, true));
    }
  });
  await health(stack, healthRecorder, Math.ceil(webhookCount / 2), concurrency);

  const warmup = Math.max(20, 2 * concurrency);
  const measured = steadyState(recorder.samples, warmup, concurrency);
  const healthMeasured = [
    ...steadyState(healthRecorder.samples.slice(0, Math.ceil(webhookCount / 2)), warmup, concurrency),
    ...steadyState(healthRecorder.samples.slice(Math.ceil(webhookCount / 2)), warmup, concurrency),
  ];
  const webhook = summarize(measured.map((s) => s.ms));
  const healthSummary = summarize(healthMeasured.map((s) => s.ms));
  const verification = await countLost(stack, tasks, delivered);
  const byKind = Object.fromEntries(
    [...new Set(measured.map((s) => s.tag))].sort().map((tag) => [tag, summaryOf(measured.filter((s) => s.tag === tag))]),
  );
  return {
    tasks,
    delivered,
    level: {
      concurrency,
      tasks: tasks.length,
      webhooks: delivered.length,
      measured: measured.length,
      warmupExcluded: warmup,
      webhookMs: webhook,
      healthMs: healthSummary,
      ratioP50: ratio(webhook.p50, healthSummary.p50),
      throughputPerSecond: round(throughput(measured), 1),
      healthThroughputPerSecond: round(throughput(healthMeasured), 1),
      non2xx: delivered.filter((d) => d.status >= 300).length,
      outcomes: countBy(delivered.map((d) => `${d.status} ${d.outcome ?? ""}`.trim())),
      ...verification,
      byEventAndOutcome: byKind,
    },
  };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

const PROBES = {
  health: "GET /api/health (routing)",
  forged: "forged signature → 401 (routing + signature check, no D1)",
  duplicate: "redelivered completed → duplicate (+1 D1 round trip: the task read, which holds its final webhook-id)",
  stale: "late start for a finished task → stale (+1 D1 round trip: two guarded UPDATEs in one batch, matching nothing)",
};

/**
 * Service time of each step of the ingest path at concurrency 1, interleaved round-robin so drift hits all
 * alike: routing (health), + signature check (a forged delivery: 401), + one D1 read (a redelivered completed
 * event: duplicate), + one D1 write round trip (a late event for a finished task: stale). The level-1 run adds progress
 * writes and the completed path (R2 copy) by event type.
 */
async function profileIngestPath(stack: Stack, finished: IngestTask[]) {
  const recorder = new Recorder();
  for (let turn = 0; turn < PROFILE_ROUNDS; turn++) {
    const task = finished[turn % finished.length]!;
    const completed = task.events[task.events.length - 1]!;
    const start = task.events[0]!;
    await recorder.time(PROBES.health, async () => (await fetch(`${stack.workerUrl}/api/health`)).arrayBuffer());
    await deliver(stack, recorder, completed, forgedHeaders(completed), PROBES.forged);
    await deliver(stack, recorder, completed, signedHeaders(completed, stack.secrets.webhookSecret), PROBES.duplicate);
    const late = { ...start, webhookId: `${start.webhookId}_late${turn}` };
    await deliver(stack, recorder, late, signedHeaders(late, stack.secrets.webhookSecret), PROBES.stale);
  }
  const p50Of = (tag: string) =>
    summarize(
      steadyState(
        recorder.samples.filter((s) => s.tag === tag),
        5,
      ).map((s) => s.ms),
    ).p50;
  const p50Ms = Object.fromEntries(Object.values(PROBES).map((tag) => [tag, p50Of(tag)]));
  const forged = p50Of(PROBES.forged);
  return {
    p50Ms,
    derivedMs: {
      routingAndFramework: p50Of(PROBES.health),
      signatureCheckAndErrorPath: round(forged - p50Of(PROBES.health)),
      oneD1RoundTrip: round((p50Of(PROBES.duplicate) - forged + (p50Of(PROBES.stale) - forged)) / 2),
    },
    signatureVerifyUsInNode: signatureVerifyCost(finished[0]!.events[finished[0]!.events.length - 1]!, stack.secrets.webhookSecret),
  };
}

/** The svix verifier the route uses, timed in Node on a real completed body: the CPU cost of the check alone. */
function signatureVerifyCost(event: WebhookEvent, secret: string): number {
  const verifier = new Webhook(secret);
  const headers = signedHeaders(event, secret);
  const rounds = 2000;
  for (let i = 0; i < 200; i++) verifier.verify(event.body, headers);
  const started = performance.now();
  for (let i = 0; i < rounds; i++) verifier.verify(event.body, headers);
  return round(((performance.now() - started) / rounds) * 1000, 1);
}

/** P1: signed webhook ingest on the built worker under wrangler pages dev with local D1, against /api/health. */
export async function measureWebhookIngest(stack: Stack): Promise<Figure[]> {
  const levels = [];
  let profile: Awaited<ReturnType<typeof profileIngestPath>> | null = null;
  for (const { concurrency, tasks } of LEVELS) {
    const run = await runLevel(stack, concurrency, tasks);
    levels.push(run.level);
    if (concurrency === 1) profile = await profileIngestPath(stack, run.tasks);
  }
  const headline = levels.find((l) => l.concurrency === HEADLINE_CONCURRENCY)!;
  const lostAll = levels.reduce((sum, l) => sum + l.lost, 0);
  const levelOne = levels.find((l) => l.concurrency === 1)!;
  // D1 applies one database's statements one at a time, so at concurrency c a webhook (one D1 round trip) waits
  // behind up to c others: health's own p50 plus c round trips is the floor this predicts, set beside the measure.
  const d1RoundTrip = profile?.derivedMs.oneD1RoundTrip ?? Number.NaN;
  const singleWriterFloor = levels.map((l) => ({
    concurrency: l.concurrency,
    measuredWebhookP50Ms: l.webhookMs.p50,
    predictedWebhookP50Ms: round(l.healthMs.p50 + l.concurrency * d1RoundTrip),
    predictedRatio: round((l.healthMs.p50 + l.concurrency * d1RoundTrip) / l.healthMs.p50, 2),
    measuredRatio: l.ratioP50,
  }));
  return [
    {
      id: "P1",
      what: `signed webhook ingest (realistic start/logs/output/completed bodies for existing tasks) at concurrency ${HEADLINE_CONCURRENCY}: p50 webhook / p50 GET /api/health, same server, same run; lost = acknowledged events missing from D1 afterwards`,
      value: headline.ratioP50,
      unit: "ratio",
      goal: "ratio ≤ 2.0 and 0 lost",
      pass: headline.ratioP50 <= 2.0 && headline.lost === 0 && headline.non2xx === 0,
      details: {
        webhookMs: headline.webhookMs,
        healthMs: headline.healthMs,
        throughputPerSecond: headline.throughputPerSecond,
        lost: headline.lost,
        non2xx: headline.non2xx,
        webhooks: headline.webhooks,
        tasks: headline.tasks,
        outcomes: headline.outcomes,
        byEventAndOutcome: headline.byEventAndOutcome,
        profileAtConcurrency1: { ...profile, byEventAndOutcome: levelOne.byEventAndOutcome, healthMs: levelOne.healthMs },
        singleWriterFloor,
      },
    },
    {
      id: "P1-growth",
      what: "the same at concurrency 1, 4, 16 and 64 (p50/p99 latency, throughput, ratio to health, lost)",
      value: null,
      unit: "ms",
      goal: "none (growth is reported); 0 lost at every level",
      pass: lostAll === 0 ? null : false,
      details: {
        levels: levels.map(({ byEventAndOutcome: _omit, ...rest }) => rest),
      },
    },
  ];
}
