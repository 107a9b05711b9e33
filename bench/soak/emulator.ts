import type { Stack } from "../lib/stack";
import { every } from "./every";

/** One provider request as `GET /__emulator/requests` shows it (only what the soak reads). */
export interface ProviderRequest {
  seq: number;
  time: string;
  method: string;
  path: string;
  status: number | null;
  fault?: string;
  predictionCreated?: boolean;
  durationMs?: number;
}

export interface EmulatorPrediction {
  id: string;
  model: string;
  status: string;
  webhook: string | null;
  output: string | string[] | null;
  error: string | null;
  responseLost: boolean;
}

export interface EmulatorDelivery {
  predictionId: string;
  event: string;
  webhookId: string;
  attempt: number;
  duplicate: boolean;
  status: number | null;
  dropped?: boolean;
  sentAt: string | null;
}

/** The chaos the run asks of the provider, on top of the delays below. Request faults hit creates only. */
function chaosFaults(seed: number, slowMs: number) {
  return {
    seed,
    // Creates only (`POST …/models/<owner>/<name>/predictions`): reads and cancels keep working, so the outcome of a
    // faulty create is settled by the lifecycle (webhooks, the reconciler), not by luck on a second faulty call.
    match: "/models/",
    method: "POST",
    rate5xx: 0.03,
    rateDrop: 0.01,
    rateSlow: 0.05,
    slowMs,
    webhookDuplicate: 0.05,
    webhookReorder: 0.05,
    webhookDrop: 0.05,
    webhookDropFinal: 0.03,
    failPredictions: 0.02,
  };
}

/**
 * Typical-looking but short provider timing: a prediction starts after 400 ms and takes 100 ms a step (flux-schnell
 * about a second, flux-2-pro about three), webhooks 20 ms after each event, `logs` at most every 500 ms as Replicate.
 */
export const SOAK_DELAYS = { startMs: 400, stepMs: 100, webhookMs: 20, webhookRetryMs: 100, webhookThrottleMs: 500 };

/**
 * Slow creates alternate between answering late but inside PROVIDER_TIMEOUT_SECONDS (3 s) and after it (7 s: the
 * app gives up, the outcome is unknown, yet the prediction exists), a phase every 20 s; the config is replaced
 * whole each time, with a new seed so the phases do not repeat one another's draws.
 */
export function startFaultSchedule(stack: Stack, seed: number) {
  let phase = 0;
  return every(
    20_000,
    async () => {
      await stack.setFaults(chaosFaults(seed + phase, phase % 2 === 0 ? 3_000 : 7_000));
      phase += 1;
    },
    (error) => process.stderr.write(`[soak] fault schedule: ${String(error)}\n`),
  );
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Keeps every provider (Replicate) request the emulator saw. Its log holds the last 10,000 requests of any kind
 * (image downloads included), so it is read every few seconds and merged by sequence number; a record read while
 * its request was still running (a slow create) is replaced by a later reading.
 */
export function startRequestCollector(emulatorUrl: string) {
  const bySeq = new Map<number, ProviderRequest>();
  const collect = async () => {
    for (const record of await getJson<ProviderRequest[]>(`${emulatorUrl}/__emulator/requests?match=/replicate/`)) {
      bySeq.set(record.seq, {
        seq: record.seq,
        time: record.time,
        method: record.method,
        path: record.path,
        status: record.status,
        fault: record.fault,
        predictionCreated: record.predictionCreated,
        durationMs: record.durationMs,
      });
    }
  };
  const stop = every(5_000, collect, (error) => process.stderr.write(`[soak] request log: ${String(error)}\n`));
  return {
    bySeq,
    /** Stops the reader after one last reading. */
    async finish(): Promise<ProviderRequest[]> {
      await stop();
      await collect();
      return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    },
  };
}

export const readPredictions = (emulatorUrl: string) => getJson<EmulatorPrediction[]>(`${emulatorUrl}/__emulator/predictions`);
export const readDeliveries = (emulatorUrl: string) => getJson<EmulatorDelivery[]>(`${emulatorUrl}/__emulator/webhooks`);

/** `task=<id>` of a prediction's webhook URL: which task made it. */
export function taskIdOf(prediction: EmulatorPrediction): string | null {
  if (!prediction.webhook) return null;
  return new URL(prediction.webhook).searchParams.get("task");
}

const isCreate = (request: ProviderRequest) =>
  request.method === "POST" && request.path.includes("/models/") && request.path.endsWith("/predictions");

/** What the provider saw and what the emulator injected: creates, faults by kind, the busiest minute of creates. */
export function providerCounts(
  requests: readonly ProviderRequest[],
  deliveries: readonly EmulatorDelivery[],
  predictions: readonly EmulatorPrediction[],
) {
  const creates = requests.filter(isCreate);
  const faults: Record<string, number> = {};
  for (const request of creates) if (request.fault) faults[request.fault] = (faults[request.fault] ?? 0) + 1;
  const byKind = (predicate: (request: ProviderRequest) => boolean) => requests.filter(predicate).length;
  return {
    requests: requests.length,
    creates: creates.length,
    createsPeakPerMinute: peakPerMinute(creates.map((r) => Date.parse(r.time))),
    reads: byKind((r) => r.method === "GET" && /\/predictions\/[^/]+$/.test(r.path)),
    lists: byKind((r) => r.method === "GET" && r.path.endsWith("/predictions")),
    cancels: byKind((r) => r.method === "POST" && r.path.endsWith("/cancel")),
    faultsInjected: { total: Object.values(faults).reduce((a, b) => a + b, 0), ...faults },
    slowCreatesOverTimeout: creates.filter((r) => r.fault === "slow" && (r.durationMs ?? 0) >= 5_000).length,
    droppedCreatesThatMadeAPrediction: creates.filter((r) => r.fault === "drop" && r.predictionCreated === true).length,
    predictions: predictions.length,
    predictionsFailedByFault: predictions.filter((p) => p.error?.includes("emulated failure")).length,
    webhooks: webhookCounts(deliveries),
  };
}

function webhookCounts(deliveries: readonly EmulatorDelivery[]) {
  const sent = deliveries.filter((d) => !d.dropped);
  const completedOvertook = new Set<string>();
  // A reorder is visible when a prediction's `completed` left before one of its other events.
  const firstSent = new Map<string, { completed?: number; lastOther?: number }>();
  for (const d of sent) {
    if (d.sentAt === null || d.duplicate || d.attempt > 1) continue;
    const entry = firstSent.get(d.predictionId) ?? {};
    const at = Date.parse(d.sentAt);
    if (d.event === "completed") entry.completed = entry.completed ?? at;
    else entry.lastOther = Math.max(entry.lastOther ?? 0, at);
    firstSent.set(d.predictionId, entry);
  }
  for (const [id, entry] of firstSent) if (entry.completed !== undefined && (entry.lastOther ?? 0) > entry.completed) completedOvertook.add(id);
  return {
    deliveries: sent.length,
    duplicated: new Set(sent.filter((d) => d.duplicate).map((d) => `${d.webhookId}`)).size,
    dropped: deliveries.filter((d) => d.dropped && d.event !== "completed").length,
    droppedFinal: deliveries.filter((d) => d.dropped && d.event === "completed").length,
    completedSentBeforeAnotherEvent: completedOvertook.size,
    finalRetries: sent.filter((d) => d.event === "completed" && d.attempt > 1).length,
    answeredNon2xx: sent.filter((d) => d.status === null || d.status >= 300).length,
  };
}

/** The most events in any 60 s window (a sliding window over sorted times). */
function peakPerMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 60_000) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
