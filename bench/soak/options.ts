/**
 * The soak's settings: `--name value` (or `--name=value`) on the command line, else `SOAK_NAME` in the environment,
 * else the default. The defaults are the documented run: 2,000 tasks over 4 minutes, i.e. 500 creates a minute,
 * under Replicate's ceiling of 600 creates a minute.
 */
export interface SoakOptions {
  /** Tasks created over the load phase. */
  tasks: number;
  /** Length of the load phase; tasks are started at an even pace over it. */
  seconds: number;
  /** Browser sessions (people); each uploads its reference images first. */
  sessions: number;
  /** Client addresses the sessions are spread over (`cf-connecting-ip`). */
  addresses: number;
  /** Share of tasks whose owner cancels them, half while the create is in flight, half right after it answered. */
  cancelRate: number;
  /** How long to wait after the load for every task to end before the run counts them as stuck. */
  settleSeconds: number;
  /** Seconds between the scheduler's `POST /api/admin/reconcile` calls. */
  reconcileEverySeconds: number;
  /** Seconds between polls of one task (`GET /api/tasks/:id`), as the studio falls back to when its stream drops. */
  pollSeconds: number;
  /**
   * Bounds on the runtime workerd's RSS, in per cent: its growth from the first third of the run to the end, and over
   * the last third. The runtime also hosts wrangler's local D1, R2 and cache, whose isolates and buffers warm up over
   * the first ~1,500 tasks: a default run grew it 176 → 588 MB, +64 % from the first third (mean 358 MB) to the end,
   * and +3 % over the last third. A leak of the size wrangler's undrained inspector buffer makes (~0.6 MB a task)
   * fails both; so does a worker that is still climbing when the run ends (a short run: about +20 % in its last third).
   */
  memoryGrowthPct: number;
  memoryEndGrowthPct: number;
  /** 1: attach a DevTools client to wrangler's inspector proxy (drains its console buffer, reads the heap); 0: do not. */
  inspector: number;
  /** Seeds the task mix and the emulator's faults, so a run can be repeated. */
  seed: number;
}

const DEFAULTS: SoakOptions = {
  tasks: 2000,
  seconds: 240,
  sessions: 48,
  addresses: 6,
  cancelRate: 0.04,
  settleSeconds: 240,
  reconcileEverySeconds: 3,
  pollSeconds: 2,
  memoryGrowthPct: 100,
  memoryEndGrowthPct: 10,
  inspector: 1,
  seed: 7,
};

const FLAGS: Record<keyof SoakOptions, string> = {
  tasks: "tasks",
  seconds: "seconds",
  sessions: "sessions",
  addresses: "addresses",
  cancelRate: "cancel-rate",
  settleSeconds: "settle-seconds",
  reconcileEverySeconds: "reconcile-every",
  pollSeconds: "poll-seconds",
  memoryGrowthPct: "memory-growth-pct",
  memoryEndGrowthPct: "memory-end-growth-pct",
  inspector: "inspector",
  seed: "seed",
};

const envName = (flag: string) => `SOAK_${flag.toUpperCase().replace(/-/g, "_")}`;

function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === `--${flag}`) return args[i + 1];
    if (arg.startsWith(`--${flag}=`)) return arg.slice(flag.length + 3);
  }
  return undefined;
}

export function parseOptions(args: readonly string[], env: NodeJS.ProcessEnv): SoakOptions {
  const known = new Set(Object.values(FLAGS));
  const unknown = args.filter((arg) => arg.startsWith("--") && !known.has(arg.slice(2).split("=")[0]!));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(", ")}; known: ${[...known].map((f) => `--${f}`).join(" ")}`);
  const options = { ...DEFAULTS };
  for (const key of Object.keys(FLAGS) as (keyof SoakOptions)[]) {
    const flag = FLAGS[key];
    const text = flagValue(args, flag) ?? env[envName(flag)];
    if (text === undefined) continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${flag} (${envName(flag)}) must be a number ≥ 0, got ${JSON.stringify(text)}`);
    options[key] = value;
  }
  if (options.tasks < 1 || options.seconds <= 0 || options.sessions < 1 || options.addresses < 1) {
    throw new Error("tasks, seconds, sessions and addresses must be positive");
  }
  if (options.cancelRate > 1) throw new Error("--cancel-rate is a share, 0..1");
  return options;
}

/** Creates a minute the options ask for (Replicate allows 600). */
export const createsPerMinute = (options: SoakOptions) => Math.round((options.tasks * 60) / options.seconds);
