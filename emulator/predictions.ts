import type { EmulatorDelays, FaultState } from "./faults";
import { sleep } from "./http";
import { newPredictionId } from "./ids";
import { stepCount, type ModelSpec } from "./models";
import { type ImageSize, outputSizeFor } from "./sizes";
import { tqdmLine } from "./tqdm";
import sharp from "sharp";

export type PredictionStatus = "starting" | "processing" | "succeeded" | "failed" | "canceled" | "aborted";
export type WebhookEvent = "start" | "output" | "logs" | "completed";
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ["start", "output", "logs", "completed"];
const TERMINAL: readonly PredictionStatus[] = ["succeeded", "failed", "canceled", "aborted"];

const NSFW_ERROR = "All generated images contained NSFW content. Try running it again with a different prompt.";
const FAULT_ERROR = "CUDA error: an illegal memory access was encountered (emulated failure)";

/** The prediction object exactly as Replicate's API shows it. */
interface Prediction {
  id: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  logs: string;
  output: string | string[] | null;
  data_removed: boolean;
  error: string | null;
  status: PredictionStatus;
  source: "api";
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  deadline?: string;
  urls: { get: string; cancel: string; web: string };
  metrics?: { predict_time?: number; total_time: number; image_count?: number };
}

export interface PredictionRecord {
  prediction: Prediction;
  spec: ModelSpec;
  /** Validated input with defaults filled in. */
  values: Record<string, unknown>;
  seed: number;
  /** The sizes of the input images, in the order given, once fetched (match_input_image follows the first). */
  inputSizes: ImageSize[];
  webhook?: string;
  webhookEventsFilter: readonly WebhookEvent[];
  /** The create request's response was dropped by a fault: the client never saw this id. */
  responseLost: boolean;
  controller: AbortController;
  waiters: Set<() => void>;
}

export interface CreatePredictionArgs {
  spec: ModelSpec;
  version: string;
  input: Record<string, unknown>;
  values: Record<string, unknown>;
  webhook?: string;
  webhookEventsFilter?: readonly WebhookEvent[];
  /** Base of the Replicate API as the client called it, e.g. `http://127.0.0.1:8787/v1/a/g/replicate`. */
  apiBase: string;
  cancelAfterMs?: number;
}

interface StoreDeps {
  delays(): EmulatorDelays;
  faults: FaultState;
  /** Public base URL of the emulator, for output files and `urls.web`. */
  baseUrl: string;
  onEvent(record: PredictionRecord, event: WebhookEvent): void;
}

function isTerminal(status: PredictionStatus): boolean {
  return TERMINAL.includes(status);
}

export class PredictionStore {
  private records = new Map<string, PredictionRecord>();
  constructor(private deps: StoreDeps) {}

  create(args: CreatePredictionArgs): PredictionRecord {
    const id = newPredictionId();
    const seed = typeof args.values.seed === "number" ? args.values.seed : Math.floor(Math.random() * 65536);
    const createdAt = new Date();
    const get = `${args.apiBase}/predictions/${id}`;
    const record: PredictionRecord = {
      prediction: {
        id,
        model: args.spec.name,
        version: args.version,
        input: args.input,
        logs: "",
        output: null,
        data_removed: false,
        error: null,
        status: "starting",
        source: "api",
        created_at: createdAt.toISOString(),
        started_at: null,
        completed_at: null,
        urls: { get, cancel: `${get}/cancel`, web: `${this.deps.baseUrl}/p/${id}` },
      },
      spec: args.spec,
      values: args.values,
      seed,
      inputSizes: [],
      webhook: args.webhook,
      webhookEventsFilter: args.webhookEventsFilter ?? ["output", "completed"],
      responseLost: false,
      controller: new AbortController(),
      waiters: new Set(),
    };
    if (args.cancelAfterMs !== undefined) {
      record.prediction.deadline = new Date(createdAt.getTime() + args.cancelAfterMs).toISOString();
      const timer = setTimeout(() => this.expire(record), args.cancelAfterMs);
      record.controller.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
    }
    this.records.set(id, record);
    this.deps.onEvent(record, "start");
    void this.run(record);
    return record;
  }

  get(id: string): PredictionRecord | undefined {
    return this.records.get(id);
  }

  list(): PredictionRecord[] {
    return [...this.records.values()];
  }

  cancel(id: string): PredictionRecord | undefined {
    const record = this.records.get(id);
    if (record && !isTerminal(record.prediction.status)) this.finish(record, "canceled");
    return record;
  }

  /** Resolves when the prediction is terminal, `ms` have passed, or `signal` aborts. */
  async waitForTerminal(record: PredictionRecord, ms: number, signal?: AbortSignal): Promise<void> {
    if (isTerminal(record.prediction.status)) return;
    const timeout = AbortSignal.timeout(Math.max(1, ms));
    const stop = signal ? AbortSignal.any([timeout, signal]) : timeout;
    await new Promise<void>((resolve) => {
      const done = () => {
        record.waiters.delete(done);
        stop.removeEventListener("abort", done);
        resolve();
      };
      record.waiters.add(done);
      stop.addEventListener("abort", done, { once: true });
    });
  }

  clear(): void {
    for (const record of this.records.values()) this.stop(record);
    this.records.clear();
  }

  private async run(record: PredictionRecord): Promise<void> {
    const { prediction } = record;
    const signal = record.controller.signal;
    const total = stepCount(record.spec, record.values);
    const failAt = this.deps.faults.roll(this.deps.faults.config.failPredictions) ? Math.ceil(total / 2) : -1;
    await sleep(this.deps.delays().startMs, signal);
    if (isTerminal(prediction.status)) return;
    const startedMs = Date.now();
    prediction.status = "processing";
    prediction.started_at = new Date(startedMs).toISOString();
    if (record.spec.inputImageField) {
      const problem = (await this.fetchInputImages(record, signal)) ?? outputSizeProblem(record);
      if (isTerminal(prediction.status)) return;
      if (problem) return this.finish(record, "failed", problem);
    }
    // Only cog-flux prints the seed it drew; the pro models, Kontext, FLUX.2 and Nano Banana report none.
    if (record.spec.cogFluxLogs) this.log(record, `Using seed: ${record.seed}`);
    for (let step = 1; step <= total; step++) {
      await sleep(this.deps.delays().stepMs, signal);
      if (isTerminal(prediction.status)) return;
      if (step === failAt) return this.finish(record, "failed", FAULT_ERROR);
      if (record.spec.progressLogs !== false) this.log(record, tqdmLine(step, total, (Date.now() - startedMs) / 1000));
    }
    const requested = record.spec.output === "array" ? Number(record.values.num_outputs ?? 1) : 1;
    // cog-flux drops each image its safety checker flags and fails only when none is left.
    const flagged = Math.min(requested, this.nsfwImageCount(record, requested));
    for (let i = 0; i < flagged; i++) this.log(record, `NSFW content detected in image ${i}`);
    if (flagged === requested) return this.finish(record, "failed", NSFW_ERROR);
    const count = requested - flagged;
    if (record.spec.cogFluxLogs && record.spec.output === "array") this.log(record, `Total safe images: ${count} out of ${requested}`);
    const format = String(record.values.output_format ?? record.spec.outputFormat ?? "webp");
    const files = Array.from({ length: count }, (_, i) => `${this.deps.baseUrl}/files/${prediction.id}/out-${i}.${format}`);
    prediction.output = record.spec.output === "array" ? files : (files[0] ?? null);
    this.deps.onEvent(record, "output");
    this.finish(record, "succeeded");
  }

  /**
   * Downloads every input image from the URL given (`input_image` for Kontext; each of `input_images`, `images` or
   * `image_input`, named `field[i]`), as the model's worker does before it runs; returns the failure text of the first
   * one that cannot be read (wording inferred: Replicate fails the prediction, it does not refuse the create).
   */
  private async fetchInputImages(record: PredictionRecord, signal: AbortSignal): Promise<string | undefined> {
    const field = record.spec.inputImageField!;
    const value = record.values[field];
    const urls = Array.isArray(value) ? value.map((url, i) => ({ name: `${field}[${i}]`, url })) : [{ name: field, url: value }];
    const wanted = urls.filter((entry): entry is { name: string; url: string } => typeof entry.url === "string");
    const results = await Promise.all(wanted.map(({ name, url }) => readImage(name, url, signal)));
    if (signal.aborted) return undefined;
    const failed = results.find((result) => typeof result === "string");
    if (failed !== undefined) return failed;
    record.inputSizes = results.filter((result): result is ImageSize => typeof result === "object");
    return this.checkMask(record, signal);
  }

  /**
   * Downloads the mask (flux-fill-pro's `mask`) and fails a prediction whose mask has another pixel size than its
   * image, as the model's own check does ("Must have the same size as image"; the failure's wording is inferred),
   * unless an outpaint preset makes the model ignore the mask.
   */
  private async checkMask(record: PredictionRecord, signal: AbortSignal): Promise<string | undefined> {
    const { maskField, maskIgnoredWhen } = record.spec;
    const url = maskField === undefined ? undefined : record.values[maskField];
    if (maskField === undefined || typeof url !== "string") return undefined;
    const mask = await readImage(maskField, url, signal);
    if (mask === undefined || typeof mask === "string") return mask;
    const ignored = maskIgnoredWhen !== undefined && record.values[maskIgnoredWhen] !== record.spec.fields[maskIgnoredWhen]?.default;
    const image = record.inputSizes[0];
    if (ignored || !image || (mask.width === image.width && mask.height === image.height)) return undefined;
    return `Mask size (${mask.width}x${mask.height}) does not match image size (${image.width}x${image.height}). The mask must have the same size as the image.`;
  }

  /** Test trigger in the prompt: `[nsfw]` flags every image, `[nsfw:N]` the first N. */
  private nsfwImageCount(record: PredictionRecord, requested: number): number {
    const prompt = String(record.values.prompt ?? "");
    const checkerOff = record.spec.hasSafetyToggle && record.values.disable_safety_checker === true;
    if (checkerOff) return 0;
    if (prompt.includes("[nsfw]")) return requested;
    const partial = /\[nsfw:(\d+)\]/.exec(prompt);
    return partial ? Number(partial[1]) : 0;
  }

  private log(record: PredictionRecord, line: string): void {
    record.prediction.logs += `${line}\n`;
    this.deps.onEvent(record, "logs");
  }

  /** Cancel-After: before the run starts the prediction is aborted, after that it is canceled. */
  private expire(record: PredictionRecord): void {
    const status = record.prediction.status;
    if (!isTerminal(status)) this.finish(record, status === "starting" ? "aborted" : "canceled");
  }

  private finish(record: PredictionRecord, status: PredictionStatus, error?: string): void {
    const { prediction } = record;
    const now = Date.now();
    prediction.status = status;
    prediction.error = error ?? null;
    prediction.completed_at = new Date(now).toISOString();
    const totalTime = (now - Date.parse(prediction.created_at)) / 1000;
    prediction.metrics = { total_time: totalTime };
    if (prediction.started_at) prediction.metrics.predict_time = (now - Date.parse(prediction.started_at)) / 1000;
    if (status === "succeeded" && Array.isArray(prediction.output)) prediction.metrics.image_count = prediction.output.length;
    if (status === "succeeded" && typeof prediction.output === "string") prediction.metrics.image_count = 1;
    this.stop(record);
    this.deps.onEvent(record, "completed");
  }

  private stop(record: PredictionRecord): void {
    record.controller.abort();
    for (const wake of [...record.waiters]) wake();
  }
}

/** The upscaler refuses to make an image larger than its limit (Google's Imagen upscale: 17 megapixels). */
function outputSizeProblem(record: PredictionRecord): string | undefined {
  const rule = record.spec.size;
  if (rule.kind !== "upscale") return undefined;
  const { width, height } = outputSizeFor(rule, record.values, record.inputSizes);
  if (width * height <= rule.maxPixels) return undefined;
  return `Upscaled image would be ${width}x${height}, larger than the maximum output of ${rule.maxPixels / 1_000_000} megapixels.`;
}

/** Fetches one input image and reads its size; a string is the failure text, undefined an aborted fetch. */
async function readImage(name: string, url: string, signal: AbortSignal): Promise<ImageSize | string | undefined> {
  const shown = url.startsWith("data:") ? `${url.slice(0, url.indexOf(",") + 1)}…` : url.split("?")[0];
  let bytes: Buffer;
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) });
    if (!response.ok) return `Failed to download ${name} from ${shown}: HTTP ${response.status}`;
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (signal.aborted) return undefined;
    return `Failed to download ${name} from ${shown}: ${(error as Error).message}`;
  }
  try {
    const { width, height, format } = await sharp(bytes).metadata();
    if (!width || !height || !["jpeg", "png", "gif", "webp"].includes(format ?? "")) throw new Error(format);
    return { width, height };
  } catch {
    return `cannot identify image file: ${name} must be jpeg, png, gif, or webp`;
  }
}
