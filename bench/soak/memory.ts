import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { every } from "./every";
import type { WorkerInspector } from "./inspector";

const run = promisify(execFile);

/**
 * One reading, seconds since the sampler started, sizes in MB. wrangler pages dev runs two workerd processes: the
 * runtime (the app's worker with its D1 and R2; the one started with an inspector address) and the proxy that owns
 * the public port, forwards to the runtime and hosts wrangler's inspector proxy.
 */
export interface MemorySample {
  atSeconds: number;
  runtimeMb: number;
  proxyMb: number;
  workerdMb: number;
  /** The app isolate's used JS heap and its ArrayBuffers (image bytes live there), when the inspector answered. */
  heapMb: number | null;
  buffersMb: number | null;
  /**
   * The runtime's RSS split as the kernel counts it (/proc/<pid>/status): anonymous memory (heaps: V8's, SQLite's
   * caches, workerd's buffers) vs file-backed and shared pages (mapped files such as the local D1/R2 databases).
   */
  runtimeAnonMb: number;
  runtimeFileMb: number;
  /** Open file descriptors (mostly sockets): a leak of connections shows here before it shows in memory. */
  runtimeFds: number;
  proxyFds: number;
  pids: number[];
}

interface ProcessRow {
  pid: number;
  ppid: number;
  rssKb: number;
  args: string;
}

async function processTable(): Promise<ProcessRow[]> {
  const { stdout } = await run("ps", ["-e", "-o", "pid=,ppid=,rss=,args="], { maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 4)
    .map(([pid, ppid, rss, ...args]) => ({ pid: Number(pid), ppid: Number(ppid), rssKb: Number(rss), args: args.join(" ") }));
}

const isWorkerd = (row: ProcessRow) => /\/workerd\s+serve\b/.test(row.args);
const isRuntime = (row: ProcessRow) => row.args.includes("--inspector-addr");
const toMb = (kb: number) => Math.round(kb / 102.4) / 10;

/** RssAnon and RssFile + RssShmem of a process, in kB (0 when it is gone). */
function rssSplit(pid: number): { anonKb: number; fileKb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return { anonKb: field("RssAnon"), fileKb: field("RssFile") + field("RssShmem") };
  } catch {
    return { anonKb: 0, fileKb: 0 };
  }
}

function openFiles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/**
 * The workerd processes under this process (the stack's `wrangler pages dev` child starts them), found by walking
 * the process tree down from us rather than by name, so another engineer's wrangler on the machine is not counted.
 */
async function workerdUnderUs(): Promise<ProcessRow[]> {
  const rows = await processTable();
  const children = new Map<number, ProcessRow[]>();
  for (const row of rows) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row]);
  const found: ProcessRow[] = [];
  const queue = [process.pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (isWorkerd(child)) found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** The pid of the proxy workerd (where wrangler's inspector proxy listens), once the stack is up. */
export async function proxyWorkerdPid(): Promise<number | null> {
  return (await workerdUnderUs()).find((row) => !isRuntime(row))?.pid ?? null;
}

function directoryBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : statSync(full).size;
  }
  return total;
}

/**
 * The size on disk of the stack's local state by kind (`d1`, `r2`, …: wrangler's `--persist-to <dir>/v3/<kind>`),
 * in MB: what the runtime's D1 and R2 hold by the end, to set against its memory.
 */
export async function persistedStateMb(): Promise<Record<string, number> | null> {
  const rows = await processTable();
  const persist = rows.find((row) => row.ppid === process.pid && row.args.includes("pages dev"))?.args.match(/--persist-to\s+(\S+)/)?.[1];
  if (!persist) return null;
  try {
    const root = join(persist, "v3");
    return Object.fromEntries(readdirSync(root).map((kind) => [kind, toMb(directoryBytes(join(root, kind)) / 1024)]));
  } catch {
    return null;
  }
}

/** Samples the workerd RSS (and the app's heap, through `inspector`) every `ms` until stop(). */
export function startMemorySampler(ms: number, inspector: WorkerInspector | null) {
  const samples: MemorySample[] = [];
  const started = Date.now();
  const errors: string[] = [];
  const sample = async () => {
    const workerd = await workerdUnderUs();
    if (workerd.length === 0) throw new Error("no workerd process under this one");
    const kb = (rows: ProcessRow[]) => rows.reduce((sum, row) => sum + row.rssKb, 0);
    const fds = (rows: ProcessRow[]) => rows.reduce((sum, row) => sum + openFiles(row.pid), 0);
    const split = workerd.filter(isRuntime).map((row) => rssSplit(row.pid));
    samples.push({
      atSeconds: Math.round((Date.now() - started) / 100) / 10,
      runtimeMb: toMb(kb(workerd.filter(isRuntime))),
      proxyMb: toMb(kb(workerd.filter((row) => !isRuntime(row)))),
      workerdMb: toMb(kb(workerd)),
      runtimeAnonMb: toMb(split.reduce((sum, part) => sum + part.anonKb, 0)),
      runtimeFileMb: toMb(split.reduce((sum, part) => sum + part.fileKb, 0)),
      ...((inspector ? await inspector.heapUsage() : null) ?? { heapMb: null, buffersMb: null }),
      runtimeFds: fds(workerd.filter(isRuntime)),
      proxyFds: fds(workerd.filter((row) => !isRuntime(row))),
      pids: workerd.map((row) => row.pid),
    });
  };
  const stop = every(ms, sample, (error) => errors.push(String(error)));
  return { samples, errors, started, stop };
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Start, peak and end of one series; its growth from the first third of the span (the mean there) to the end (the
 * mean of the last three samples); and its growth over the last third (from the mean of that third's first three
 * samples to the end): a worker that has warmed up is flat there, one that leaks per request is not.
 */
function growth(values: number[]) {
  const third = Math.max(1, Math.floor(values.length / 3));
  const baseline = mean(values.slice(0, third));
  const lastThirdStart = mean(values.slice(-third).slice(0, 3));
  const end = mean(values.slice(-3));
  const pct = (from: number) => round1(((end - from) / from) * 100);
  return {
    startMb: values[0]!,
    peakMb: Math.max(...values),
    endMb: round1(end),
    firstThirdMeanMb: round1(baseline),
    growthMb: round1(end - baseline),
    growthPct: pct(baseline),
    lastThirdGrowthMb: round1(end - lastThirdStart),
    lastThirdGrowthPct: pct(lastThirdStart),
    /** The lowest reading of the first and of the last third: for a JS heap, about its live size after a collection. */
    firstThirdLowMb: Math.min(...values.slice(0, third)),
    lastThirdLowMb: Math.min(...values.slice(-third)),
  };
}

/** Each series between two times (the load and the wait for the last tasks); null with too few samples. */
export function memorySummary(samples: readonly MemorySample[], fromSeconds: number, toSeconds: number) {
  const span = samples.filter((s) => s.atSeconds >= fromSeconds && s.atSeconds <= toSeconds);
  if (span.length < 6) return null;
  const known = (values: (number | null)[]) => values.filter((mb): mb is number => mb !== null);
  const heap = known(span.map((s) => s.heapMb));
  const buffers = known(span.map((s) => s.buffersMb));
  return {
    samples: span.length,
    runtime: growth(span.map((s) => s.runtimeMb)),
    runtimeAnon: growth(span.map((s) => s.runtimeAnonMb)),
    runtimeFile: growth(span.map((s) => s.runtimeFileMb)),
    proxy: growth(span.map((s) => s.proxyMb)),
    allWorkerd: growth(span.map((s) => s.workerdMb)),
    appHeap: heap.length >= 6 ? growth(heap) : null,
    appBuffers: buffers.length >= 6 ? growth(buffers) : null,
    openFiles: {
      runtime: { start: span[0]!.runtimeFds, peak: Math.max(...span.map((s) => s.runtimeFds)), end: span.at(-1)!.runtimeFds },
      proxy: { start: span[0]!.proxyFds, peak: Math.max(...span.map((s) => s.proxyFds)), end: span.at(-1)!.proxyFds },
    },
    /** More pids than two means a workerd restarted during the run. */
    pids: [...new Set(span.flatMap((s) => s.pids))],
  };
}
