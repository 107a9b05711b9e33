// npm run bench [-- --skip-build] [-- --only P1,P6]: measures the figures of issue 6 (and issue 21's Lighthouse
// scores, LH) in one run, prints the JSON report on stdout and writes it to bench/results/latest.json. Progress goes
// to stderr. Exits non-zero when a figure could not be measured or a Lighthouse score is under its goal.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { measureWebhookIngest } from "./figures/p1-webhook-ingest";
import { measureClientLatency } from "./figures/p2-client-latency";
import { measureClientSize } from "./figures/p2-client-size";
import { measureWorkerSize } from "./figures/p3-worker-size";
import { measureFirstLoadJs } from "./figures/p4-first-load-js";
import { measureLcp } from "./figures/p4-lcp";
import { measureStackOverhead } from "./figures/p5-stack-overhead";
import { measureD1Work } from "./figures/p6-d1-work";
import { measureLiveResults } from "./figures/p7-live-results";
import { measureLighthouse } from "./figures/lighthouse";
import { ensureBuild } from "./lib/build";
import { say } from "./lib/child";
import { failedFigure, type Figure } from "./lib/figure";
import { startStack, type Stack } from "./lib/stack";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
const skipBuild = args.includes("--skip-build");
const onlyArg = args.find((arg) => arg.startsWith("--only"));
const only = onlyArg ? (onlyArg.includes("=") ? onlyArg.split("=")[1]! : (args[args.indexOf(onlyArg) + 1] ?? "")).split(",") : null;
const wanted = (id: string) => only === null || only.includes(id);

const started = performance.now();
const timingsMs: Record<string, number> = {};
const figures: Figure[] = [];
let measurementErrors = 0;

/** Runs one phase, times it, and turns a crash into a failed figure instead of losing the whole report. */
async function phase(name: string, ids: string[], what: string, goal: string, measure: () => Promise<Figure | Figure[]>): Promise<void> {
  say(`${name}…`);
  const phaseStart = performance.now();
  try {
    const result = await measure();
    figures.push(...(Array.isArray(result) ? result : [result]));
  } catch (error) {
    measurementErrors += 1;
    say(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    figures.push(...ids.map((id) => failedFigure(id, what, goal, error)));
  }
  timingsMs[name] = Math.round(performance.now() - phaseStart);
}

// P2 and P6 run in this process on the sources; the others read or serve the built worker.
const needsBuild = ["P1", "P3", "P4", "P5", "P7", "LH"].some(wanted);
const build = needsBuild ? await ensureBuild(root, skipBuild) : { action: "skipped" as const, reason: "no figure asked for reads the build", ms: 0 };
timingsMs.build = build.ms;
say(`build: ${build.action} (${build.reason})`);

// Static and in-process figures first, while no server competes for the two cores.
if (wanted("P3")) await phase("P3", ["P3"], "Pages worker output gzipped", "≤ 1.0 MiB", async () => measureWorkerSize(root));
if (wanted("P4")) await phase("P4-js", ["P4-js"], "studio first-load JS gzipped", "≤ 120 kB", async () => measureFirstLoadJs(root));
if (wanted("P2")) {
  await phase("P2-size", ["P2-size"], "gateway client size vs official SDKs", "≤ 0.30", () => measureClientSize(root));
  await phase("P2-latency", ["P2-replicate", "P2-gemini"], "gateway client latency vs official SDKs", "≤ 1.0", () => measureClientLatency(root));
}
if (wanted("P6")) {
  await phase(
    "P6",
    ["P6-webhook", "P6-task-read", "P6-finished-task", "P6-first-task"],
    "D1 work per request",
    "webhook ≤ 4, read ≤ 2, task ≤ 12 rows",
    () => measureD1Work(root),
  );
}

if (wanted("P1") || wanted("P4") || wanted("P5") || wanted("P7") || wanted("LH")) {
  say("starting the emulator and wrangler pages dev…");
  const stackStart = performance.now();
  let stack: Stack | null = null;
  try {
    stack = await startStack();
  } catch (error) {
    measurementErrors += 1;
    say(`the stack did not start: ${String(error)}`);
    for (const id of ["P1", "P5", "P4-lcp", "P7", "LH"])
      if (wanted(id.slice(0, 2))) figures.push(failedFigure(id, "needs wrangler pages dev", "", error));
  }
  timingsMs.stackStart = Math.round(performance.now() - stackStart);
  if (stack) {
    const live = stack;
    try {
      // Warm the worker's routes so no figure pays for first compilation.
      for (let i = 0; i < 20; i++) await (await fetch(`${live.workerUrl}/api/health`)).arrayBuffer();
      if (wanted("P5")) await phase("P5", ["P5", "P5-growth"], "generate → succeeded", "≤ 300 ms", () => measureStackOverhead(live));
      if (wanted("P1")) await phase("P1", ["P1", "P1-growth"], "webhook ingest", "ratio ≤ 2.0, 0 lost", () => measureWebhookIngest(live));
      if (wanted("P4")) await phase("P4-lcp", ["P4-lcp"], "studio LCP", "≤ 1000 ms", () => measureLcp(live));
      if (wanted("P7"))
        await phase("P7", ["P7-flux-schnell", "P7-flux-pro"], "completed webhook → image loaded in Chromium", "≤ 250 ms p50, ≤ 600 ms p95", () =>
          measureLiveResults(live),
        );
      if (wanted("LH")) await phase("LH", ["LH"], "Lighthouse scores", "≥ 95 in each category", () => measureLighthouse(live));
    } finally {
      await live.close();
    }
  }
}

const order = [
  "P1",
  "P1-growth",
  "P2-replicate",
  "P2-gemini",
  "P2-size",
  "P3",
  "P4-js",
  "P4-lcp",
  "P5",
  "P5-growth",
  "P6-webhook",
  "P6-create",
  "P6-task-read",
  "P6-history-page",
  "P6-finished-task",
  "P6-first-task",
  "P7-flux-schnell",
  "P7-flux-pro",
  ...["studio", "gallery", "share"].flatMap((page) => [`LH-${page}-mobile`, `LH-${page}-desktop`]),
];
figures.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
timingsMs.total = Math.round(performance.now() - started);
const report = {
  benchmark: "flux-studio npm run bench (issue 6)",
  finishedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version, loadAverage1m: Math.round(loadavg()[0]! * 100) / 100 },
  build,
  timingsMs,
  withinTenMinutes: timingsMs.total <= 600_000,
  summary: figures.map(({ id, value, unit, goal, pass }) => ({ id, value, unit, goal, pass })),
  figures,
};
const json = JSON.stringify(report, null, 2);
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/latest.json"), `${json}\n`);
process.stdout.write(`${json}\n`);
say(`done in ${Math.round(timingsMs.total / 1000)} s; report in bench/results/latest.json`);
// Lighthouse's goal is a gate (issue 21): a score under 95 fails the run, loudly.
const lighthouseFailures = figures.filter((figure) => figure.id.startsWith("LH") && figure.pass === false);
for (const figure of lighthouseFailures) say(`FAIL ${figure.id}: ${JSON.stringify(figure.details?.scores ?? figure.details)} (goal ${figure.goal})`);
process.exit(measurementErrors > 0 || lighthouseFailures.length > 0 ? 1 : 0);
