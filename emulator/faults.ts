import { z } from "zod";
import { isShutDownGeminiModel } from "./gemini-models";

const emulatorDelaysSchema = z.strictObject({
  /** starting → processing */
  startMs: z.number().int().min(0),
  /** per inference step (one tqdm log line each) */
  stepMs: z.number().int().min(0),
  /** network latency before each webhook delivery */
  webhookMs: z.number().int().min(0),
  /** first retry delay of the terminal webhook; doubles per retry */
  webhookRetryMs: z.number().int().min(0),
  /** `logs` and `output` webhooks are sent at most once per this long, as Replicate does (500 ms). */
  webhookThrottleMs: z.number().int().min(0),
});
export type EmulatorDelays = z.infer<typeof emulatorDelaysSchema>;

/** Interactive defaults: a flux-schnell prediction takes about 2.5 s with visible progress. */
export const DEFAULT_DELAYS: EmulatorDelays = { startMs: 800, stepMs: 400, webhookMs: 50, webhookRetryMs: 250, webhookThrottleMs: 500 };
export const ZERO_DELAYS: EmulatorDelays = { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 0, webhookThrottleMs: 0 };

const probability = z.number().min(0).max(1).default(0);
const millis = z.number().int().min(0).default(0);

export const faultConfigSchema = z.strictObject({
  /** RNG seed: the same seed and request sequence give the same faults. */
  seed: z.number().int().default(1),
  /** Request faults only hit provider requests whose path contains this text. */
  match: z.string().optional(),
  /** ...and, when set, use this HTTP method. */
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .optional(),
  /** Stop injecting request faults after this many. */
  limit: z.number().int().min(0).optional(),
  rate429: probability,
  retryAfterSeconds: z.number().int().min(0).default(1),
  rate5xx: probability,
  rateSlow: probability,
  slowMs: millis,
  rateDrop: probability,
  webhookDuplicate: probability,
  webhookReorder: probability,
  webhookDrop: probability,
  webhookDropFinal: probability,
  webhookLateMs: millis,
  failPredictions: probability,
  /**
   * What output file URLs serve instead of the real image, as a compromised or misbehaving delivery host might:
   * an SVG (`svg`), SVG bytes labelled `image/png` (`svg-as-png`), or a 302 to `redirectTo` (`redirect`).
   */
  outputFile: z.enum(["image", "svg", "svg-as-png", "redirect"]).default("image"),
  redirectTo: z.string().url().optional(),
  /** Gemini model ids (or prefixes) that answer 404 like a shut-down model, besides those the model table shuts down. */
  retiredModels: z.array(z.string().min(1)).default([]),
  delays: emulatorDelaysSchema.partial().optional(),
});
/** @internal The shape test suites send to the emulator's control endpoint. */
export type FaultConfigInput = z.input<typeof faultConfigSchema>;
export type FaultConfig = Omit<z.output<typeof faultConfigSchema>, "delays">;

export type RequestFault = { type: "rate429" } | { type: "rate5xx"; status: 500 | 502 | 503 } | { type: "drop" } | { type: "slow"; ms: number };

/** mulberry32: tiny, seedable, good enough to make fault decisions repeatable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultState {
  config: FaultConfig;
  private random: () => number;
  private injected = 0;

  constructor(config: FaultConfig = faultConfigSchema.parse({})) {
    this.config = config;
    this.random = seededRandom(config.seed);
  }

  replace(config: FaultConfig): void {
    this.config = config;
    this.random = seededRandom(config.seed);
    this.injected = 0;
  }

  /** True with probability `p`; draws from the RNG only for 0 < p < 1. */
  roll(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }

  /** Decides the fault, if any, for one provider request. */
  requestFault(method: string, path: string): RequestFault | undefined {
    const c = this.config;
    if (c.match !== undefined && !path.includes(c.match)) return undefined;
    if (c.method !== undefined && c.method !== method) return undefined;
    if (c.limit !== undefined && this.injected >= c.limit) return undefined;
    let fault: RequestFault | undefined;
    if (this.roll(c.rate429)) fault = { type: "rate429" };
    else if (this.roll(c.rate5xx)) fault = { type: "rate5xx", status: this.pick([500, 502, 503] as const) };
    else if (this.roll(c.rateDrop)) fault = { type: "drop" };
    else if (this.roll(c.rateSlow)) fault = { type: "slow", ms: c.slowMs };
    if (fault) this.injected++;
    return fault;
  }

  isRetiredGeminiModel(model: string): boolean {
    return isShutDownGeminiModel(model) || this.config.retiredModels.some((m) => model.startsWith(m));
  }
}
