// npm run soak [-- --tasks N --seconds S …]: a few thousand tasks at ~500 creates a minute against the BUILT worker
// under `wrangler pages dev` with the provider emulator's chaos on, then checks nothing was lost, double-made or
// mischarged and that the worker's memory stayed flat. Prints a JSON report on stdout, writes bench/results/soak.json,
// exits 1 when an assertion fails. Progress goes to stderr. Not part of CI; see the README, "Soak".
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { AdminStats } from "@/lib/shared/admin-stats";
import type { TaskView } from "@/lib/shared/task-view";
import { say } from "./lib/child";
import { startStack, type Stack } from "./lib/stack";
import { summarize } from "./lib/stats";
import { type Check, checkCreates, checkPredictions, checkSpend, checkTasks, listEveryTask } from "./soak/checks";
import { LatencyLog } from "./soak/client";
import { planTasks, runLoad, type SoakTask } from "./soak/driver";
import { providerCounts, readDeliveries, readPredictions, SOAK_DELAYS, startFaultSchedule, startRequestCollector } from "./soak/emulator";
import { attachInspector, type WorkerInspector } from "./soak/inspector";
import { memorySummary, persistedStateMb, proxyWorkerdPid, startMemorySampler } from "./soak/memory";
import { createsPerMinute, parseOptions, type SoakOptions } from "./soak/options";
import { Random } from "./soak/random";
import { startReconciler } from "./soak/reconciler";
import { preparePeople } from "./soak/sessions";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);

/**
 * The stack's guards raised so the soak measures the lifecycle, not the limits, which stays real: a task quiet
 * for 5 s is reconciled, a create is given up after 5 s (its outcome unknown), an unconfirmed one fails after 30 s.
 */
const SOAK_VARS = {
  MAX_IN_FLIGHT_GLOBAL: "100000",
  RECONCILE_AFTER_SECONDS: "5",
  SUBMIT_TIMEOUT_SECONDS: "30",
  PROVIDER_TIMEOUT_SECONDS: "5",
  UPLOAD_RATE_LIMIT_PER_MINUTE: "0",
  CLIENT_UPLOAD_RATE_LIMIT_PER_MINUTE: "0",
  UPLOAD_USER_BYTES_PER_DAY: "0",
  UPLOAD_CLIENT_BYTES_PER_DAY: "0",
  CLIENT_STREAMS_MAX: "0",
  STREAMS_PER_TASK_VIEWER: "0",
  CLIENT_STREAM_OPENS_PER_MINUTE: "0",
};

const MEMORY_SAMPLE_MS = 3_000;

/** The dashboard's figures (spend per day and scope, tasks' cost); null when the worker did not answer. */
async function adminStats(stack: Stack): Promise<AdminStats | null> {
  try {
    const response = await fetch(`${stack.workerUrl}/api/admin/stats?window=24h`, {
      headers: { authorization: `Bearer ${stack.secrets.adminToken}` },
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`answered ${response.status}`);
    return (await response.json()) as AdminStats;
  } catch (error) {
    say(`GET /api/admin/stats failed: ${String(error)}`);
    return null;
  }
}

function latencies(latency: LatencyLog) {
  return Object.fromEntries(
    [...latency.ms].map(([route, samples]) => [route, { ...summarize(samples), statuses: Object.fromEntries(latency.statuses.get(route) ?? []) }]),
  );
}

/** Counts from the tasks as read back at the end (all of them, whatever the dashboard could say). */
function taskCounts(tasks: readonly SoakTask[], views: ReadonlyMap<string, TaskView>) {
  const tally = (keys: (string | null)[]) => {
    const counts: Record<string, number> = {};
    for (const key of keys) if (key !== null) counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  };
  const all = [...views.values()];
  const byModel = [...new Set(all.map((v) => v.model))].map((model) => {
    const own = all.filter((v) => v.model === model);
    return {
      model,
      ...tally(own.map((v) => v.status)),
      tasks: own.length,
      images: own.reduce((sum, v) => sum + v.images.length, 0),
      costUsd: own.reduce((sum, v) => sum + Math.round((v.cost_usd ?? 0) * 1e6), 0) / 1e6,
    };
  });
  return {
    planned: tasks.length,
    created: tasks.filter((t) => t.createStatus === 201).length,
    readBack: views.size,
    byStatus: tally(all.map((v) => v.status)),
    byModel,
    failuresByCode: tally(all.map((v) => (v.status === "failed" ? (v.error?.code ?? "none") : null))),
    images: all.reduce((sum, v) => sum + v.images.length, 0),
    cancelsPlanned: tasks.filter((t) => t.cancelPlan !== "none").length,
    cancels: tally(tasks.map((t) => (t.cancel ? `${t.cancel.when} → ${t.cancel.status}` : null))),
    canceledEndedAs: tally(tasks.filter((t) => t.cancel).map((t) => views.get(t.id ?? "")?.status ?? "unread")),
  };
}

/**
 * The worker's memory stays flat: the runtime workerd (the app's worker with wrangler's local D1 and R2) grows less
 * than the bounds from the first third of the run to its end and over its last third, and workerd did not restart.
 * The proxy workerd is wrangler's and the app's JS heap is too noisy to judge without a forced collection, which
 * workerd's inspector does not offer: both are reported, not judged.
 */
function memoryCheck(summary: ReturnType<typeof memorySummary>, options: SoakOptions): Check {
  const violations: string[] = [];
  const runtime = summary?.runtime;
  if (!summary || !runtime) violations.push("too few memory samples");
  else {
    if (runtime.growthPct >= options.memoryGrowthPct) {
      violations.push(`the runtime workerd grew ${runtime.growthMb} MB (${runtime.growthPct} %) from the first third to the end`);
    }
    if (runtime.lastThirdGrowthPct >= options.memoryEndGrowthPct) {
      violations.push(`the runtime workerd still grew ${runtime.lastThirdGrowthMb} MB (${runtime.lastThirdGrowthPct} %) over the last third`);
    }
    if (summary.pids.length > 2) violations.push(`workerd restarted: pids ${summary.pids.join(", ")}`);
  }
  return {
    name: `worker memory flat (runtime workerd RSS: < ${options.memoryGrowthPct} % from the first third to the end, < ${options.memoryEndGrowthPct} % over the last third)`,
    pass: violations.length === 0,
    summary: { ...summary },
    violations,
  };
}

/** The DevTools client of soak/inspector.ts, unless --inspector 0. */
async function inspectorFor(options: SoakOptions): Promise<WorkerInspector | null> {
  if (options.inspector === 0) return null;
  const pid = await proxyWorkerdPid();
  const inspector = pid === null ? null : await attachInspector(pid);
  if (!inspector) say("could not attach to wrangler's inspector proxy: its console buffer will grow with the run");
  return inspector;
}

async function soak(stack: Stack, options: SoakOptions) {
  const latency = new LatencyLog();
  const random = new Random(options.seed);
  await stack.setFaults({ delays: SOAK_DELAYS });
  const inspector = await inspectorFor(options);
  const memory = startMemorySampler(MEMORY_SAMPLE_MS, inspector);
  for (let i = 0; i < 20; i++) await (await fetch(`${stack.workerUrl}/api/health`)).arrayBuffer();

  say(`${options.sessions} sessions on ${options.addresses} addresses upload their reference images…`);
  const people = await preparePeople({ baseUrl: stack.workerUrl, ...options }, latency, random);
  const tasks = planTasks(options.tasks, people, options.cancelRate, random);

  const requests = startRequestCollector(stack.emulator.url);
  const stopFaults = startFaultSchedule(stack, options.seed);
  const reconciler = startReconciler({
    workerUrl: stack.workerUrl,
    adminToken: stack.secrets.adminToken,
    everySeconds: options.reconcileEverySeconds,
    latency,
  });
  const loadFrom = (Date.now() - memory.started) / 1000;
  const loadStarted = performance.now();
  say(`${options.tasks} tasks over ${options.seconds} s (${createsPerMinute(options)} creates a minute)…`);
  const load = await runLoad(
    tasks,
    options.seconds,
    { random, pollMs: options.pollSeconds * 1000, pollUntil: () => loadStarted + (options.seconds + options.settleSeconds) * 1000 },
    (started) => say(`  ${started} started, ${Math.round((performance.now() - loadStarted) / 1000)} s`),
  );
  await stopFaults();
  await stack.setFaults({});
  const loadTo = (Date.now() - memory.started) / 1000;
  say(`load over in ${Math.round(load.settledSeconds)} s (arrivals ${Math.round(load.loadSeconds)} s); reading everything back…`);

  const listed = await listEveryTask(people);
  const tasksChecked = await checkTasks(tasks, listed);
  await reconciler.stop();
  await memory.stop();
  inspector?.close();
  const localStateMb = await persistedStateMb();
  const [predictions, deliveries, providerRequests, stats] = await Promise.all([
    readPredictions(stack.emulator.url),
    readDeliveries(stack.emulator.url),
    requests.finish(),
    adminStats(stack),
  ]);
  const memoryFigures = memorySummary(memory.samples, loadFrom, loadTo);
  const checks = [
    checkCreates(tasks),
    tasksChecked.check,
    checkPredictions(predictions, tasksChecked.views),
    checkSpend(tasksChecked.views, people, stats),
    memoryCheck(memoryFigures, options),
  ];
  return {
    options,
    createsPerMinuteAsked: createsPerMinute(options),
    timingsSeconds: { arrivals: round(load.loadSeconds), untilEveryOwnerSawTheEnd: round(load.settledSeconds) },
    peakCreatesInFlight: load.peakCreatesInFlight,
    pass: checks.every((c) => c.pass),
    checks,
    counts: taskCounts(tasks, tasksChecked.views),
    provider: providerCounts(providerRequests, deliveries, predictions),
    reconciler: reconciler.tally,
    latencyMs: latencies(latency),
    memory: {
      ...memoryFigures,
      localStateMb,
      inspectorAttached: inspector !== null,
      inspectorEventsDisabled: inspector?.eventsDisabled ?? false,
      inspectorEventsReceived: inspector?.drained ?? 0,
      sampleEverySeconds: MEMORY_SAMPLE_MS / 1000,
      errors: memory.errors.slice(0, 5),
      series: memory.samples,
    },
    clientAddresses: {
      sent: options.addresses,
      seenByTheApp: stats?.spend.top_clients.length ?? null,
      note: "cf-connecting-ip passes through wrangler pages dev when the app's spend counters show one client per address sent",
    },
    gateway: stats && {
      calls: stats.gateway.calls,
      errors: stats.gateway.errors,
      errorsByKind: stats.gateway.errors_by_kind,
      byOperation: stats.gateway.by_operation,
    },
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

const options = parseOptions(process.argv.slice(2), process.env);
if (!existsSync(".vercel/output/static/_worker.js")) {
  say("no build in .vercel/output/static: run `npm run build` first");
  process.exit(2);
}
const started = performance.now();
say("starting the emulator and wrangler pages dev…");
const stack = await startStack(SOAK_VARS);
let report: Awaited<ReturnType<typeof soak>>;
try {
  report = await soak(stack, options);
} finally {
  await stack.close();
}
const json = JSON.stringify(
  {
    benchmark: "flux-studio npm run soak",
    finishedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, loadAverage1m: round(loadavg()[0]!) },
    totalSeconds: round((performance.now() - started) / 1000),
    workerLog: stack.logFile,
    ...report,
  },
  null,
  2,
);
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/soak.json"), `${json}\n`);
process.stdout.write(`${json}\n`);
for (const c of report.checks) say(`${c.pass ? "PASS" : "FAIL"} ${c.name}${c.pass ? "" : `: ${c.violations.slice(0, 3).join("; ")}`}`);
process.exit(report.pass ? 0 : 1);
