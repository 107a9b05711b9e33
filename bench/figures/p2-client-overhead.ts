import { performance } from "node:perf_hooks";
import Replicate from "replicate";
import { createAiGateway } from "../../lib/ai-gateway";
import { createLogger, silentLogger, type Logger } from "../../lib/logger";
import { profileCpu, type HotSpots } from "../lib/cpu-profile";
import { round } from "../lib/stats";

const ROUNDS = 3000;
const WARMUP = 500;
const GATEWAY = "https://gateway.ai.cloudflare.com/v1/bench/bench";

function cannedPrediction(id: string) {
  return {
    id, model: "black-forest-labs/flux-schnell", version: "hidden", input: { prompt: "x", aspect_ratio: "1:1" },
    logs: "", output: null, data_removed: false, error: null, status: "starting", source: "api",
    created_at: new Date().toISOString(), started_at: null, completed_at: null,
    urls: { get: `${GATEWAY}/replicate/predictions/${id}`, cancel: `${GATEWAY}/replicate/predictions/${id}/cancel`, web: `https://replicate.com/p/${id}` },
  };
}

let served = 0;
/** Answers from memory, so what is left is each client's own work per call. */
const inMemoryFetch: typeof fetch = async () =>
  new Response(JSON.stringify(cannedPrediction(`p${served++}`)), {
    status: 201,
    headers: { "content-type": "application/json", "cf-aig-log-id": "01BENCH", "cf-aig-cache-status": "MISS" },
  });

function ourClient(logger: Logger) {
  return createAiGateway({
    gatewayUrl: GATEWAY, gatewayToken: "gw_bench", replicateApiToken: "r8_bench", geminiApiKey: "k", geminiModel: "gemini-3.5-flash",
    logger, fetch: inMemoryFetch, onCall: () => {},
  });
}

async function perRoundUs(round: () => Promise<void>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await round();
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) await round();
  return ((performance.now() - started) / ROUNDS) * 1000;
}

export interface ClientOverhead {
  /** Microseconds per create + get with an in-memory fetch (no network, no emulator). */
  inMemoryUsPerCreateAndGet: { fetchAlone: number; ours: number; oursWithoutLogging: number; officialReplicate: number };
  oursCpuProfile: HotSpots;
}

/** Where our client's extra time per call goes: the same calls with the network taken out, then a CPU profile. */
export async function profileClientOverhead(root: string): Promise<ClientOverhead> {
  const logged = ourClient(createLogger({ write: () => {}, secrets: ["r8_bench", "gw_bench"] }));
  const silent = ourClient(silentLogger);
  const replicate = new Replicate({ auth: "r8_bench", baseUrl: `${GATEWAY}/replicate`, fetch: inMemoryFetch });
  const input = { model: "flux-schnell", input_prompt: "a lighthouse", aspect_ratio: "1:1", user_id: "bench" };
  const ours = async () => {
    const created = await logged.generateImageViaReplicate(input);
    await logged.getPrediction(created.id);
  };
  const measured = {
    fetchAlone: await perRoundUs(async () => {
      await (await inMemoryFetch("x")).json();
      await (await inMemoryFetch("x")).json();
    }),
    ours: await perRoundUs(ours),
    oursWithoutLogging: await perRoundUs(async () => {
      const created = await silent.generateImageViaReplicate(input);
      await silent.getPrediction(created.id);
    }),
    officialReplicate: await perRoundUs(async () => {
      const created = await replicate.predictions.create({ model: "black-forest-labs/flux-schnell", input: { prompt: "a lighthouse", aspect_ratio: "1:1" } });
      await replicate.predictions.get(created.id);
    }),
  };
  const oursCpuProfile = await profileCpu(root, async () => {
    for (let i = 0; i < ROUNDS; i++) await ours();
  });
  return {
    inMemoryUsPerCreateAndGet: {
      fetchAlone: round(measured.fetchAlone, 1),
      ours: round(measured.ours, 1),
      oursWithoutLogging: round(measured.oursWithoutLogging, 1),
      officialReplicate: round(measured.officialReplicate, 1),
    },
    oursCpuProfile,
  };
}
