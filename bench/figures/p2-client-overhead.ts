import { GoogleGenAI } from "@google/genai";
import { performance } from "node:perf_hooks";
import Replicate from "replicate";
import { createAiGateway } from "../../lib/ai-gateway";
import { createLogger, silentLogger, type Logger } from "../../lib/platform/logger";
import { profileCpu, type HotSpots } from "../lib/cpu-profile";
import { percentile, round } from "../lib/stats";

const CHUNKS = 8;
const ROUNDS_PER_CHUNK = 250;
const WARMUP_ROUNDS = 300;
const PROFILE_ROUNDS = 2000;
const GATEWAY = "https://gateway.ai.cloudflare.com/v1/bench/bench";
const MODEL = "gemini-3.8-flash";

function cannedPrediction(id: string) {
  return {
    id,
    model: "black-forest-labs/flux-schnell",
    version: "hidden",
    input: { prompt: "x", aspect_ratio: "1:1" },
    logs: "",
    output: null,
    data_removed: false,
    error: null,
    status: "starting",
    source: "api",
    created_at: new Date().toISOString(),
    started_at: null,
    completed_at: null,
    urls: {
      get: `${GATEWAY}/replicate/predictions/${id}`,
      cancel: `${GATEWAY}/replicate/predictions/${id}/cancel`,
      web: `https://replicate.com/p/${id}`,
    },
  };
}

const CANNED_GEMINI = JSON.stringify({
  candidates: [{ content: { role: "model", parts: [{ text: "a lighthouse at dusk, warm light" }] }, finishReason: "STOP", index: 0 }],
  usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 7, totalTokenCount: 12 },
  modelVersion: MODEL,
  responseId: "bench",
});

let served = 0;
/** Answers from memory, so what is left is each client's own work per call. */
const inMemoryFetch: typeof fetch = async (input) => {
  const gemini = String(input instanceof Request ? input.url : input).includes("generateContent");
  return new Response(gemini ? CANNED_GEMINI : JSON.stringify(cannedPrediction(`p${served++}`)), {
    status: gemini ? 200 : 201,
    headers: { "content-type": "application/json", "cf-aig-log-id": "01BENCH", "cf-aig-cache-status": "MISS" },
  });
};

function ourClient(logger: Logger) {
  return createAiGateway({
    gatewayUrl: GATEWAY,
    gatewayToken: "gw_bench",
    replicateApiToken: "r8_bench",
    geminiApiKey: "k",
    geminiModel: MODEL,
    logger,
    fetch: inMemoryFetch,
    onCall: () => {},
  });
}

/**
 * Microseconds per round for each variant, measured in interleaved chunks (the order rotates every chunk)
 * so a busy machine slows every variant alike; the median chunk is reported.
 */
async function interleaved(variants: Record<string, () => Promise<void>>): Promise<Record<string, number>> {
  const names = Object.keys(variants);
  for (const name of names) for (let i = 0; i < WARMUP_ROUNDS; i++) await variants[name]!();
  const perChunk: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(chunk + k) % names.length]!;
      const started = performance.now();
      for (let i = 0; i < ROUNDS_PER_CHUNK; i++) await variants[name]!();
      perChunk[name]!.push(((performance.now() - started) / ROUNDS_PER_CHUNK) * 1000);
    }
  }
  return Object.fromEntries(names.map((name) => [name, round(percentile(perChunk[name]!, 0.5), 1)]));
}

export interface ClientOverhead {
  /** Microseconds per create + get, and per generateContent, with an in-memory fetch (no network, no emulator). */
  inMemoryUs: { createAndGet: Record<string, number>; generateContent: Record<string, number> };
  oursCpuProfile: HotSpots;
}

/** Where our client's extra time per call goes: the same calls with the network taken out, then a CPU profile. */
export async function profileClientOverhead(root: string): Promise<ClientOverhead> {
  const logged = ourClient(createLogger({ write: () => {}, secrets: ["r8_bench", "gw_bench"] }));
  const silent = ourClient(silentLogger);
  const replicate = new Replicate({ auth: "r8_bench", baseUrl: `${GATEWAY}/replicate`, fetch: inMemoryFetch });
  const input = { model: "flux-schnell", input_prompt: "a lighthouse", aspect_ratio: "1:1", user_id: "bench" };
  const messages = [{ role: "user" as const, content: "a lighthouse" }];
  const ours = async () => {
    const created = await logged.generateImageViaReplicate(input);
    await logged.getPrediction(created.id);
  };
  const createAndGet = await interleaved({
    fetchAlone: async () => {
      await (await inMemoryFetch("x")).json();
      await (await inMemoryFetch("x")).json();
    },
    ours,
    oursWithoutLogging: async () => {
      const created = await silent.generateImageViaReplicate(input);
      await silent.getPrediction(created.id);
    },
    officialReplicate: async () => {
      const created = await replicate.predictions.create({
        model: "black-forest-labs/flux-schnell",
        input: { prompt: "a lighthouse", aspect_ratio: "1:1" },
      });
      await replicate.predictions.get(created.id);
    },
  });
  // @google/genai takes no fetch option: it calls the global one, swapped for the in-memory one meanwhile.
  const realFetch = globalThis.fetch;
  globalThis.fetch = inMemoryFetch;
  let generateContent: Record<string, number>;
  try {
    const genai = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: `${GATEWAY}/google-ai-studio` } });
    generateContent = await interleaved({
      ours: async () => void (await logged.generateTextViaGemini({ messages, model: MODEL })),
      oursWithoutLogging: async () => void (await silent.generateTextViaGemini({ messages, model: MODEL })),
      officialGenai: async () => void (await genai.models.generateContent({ model: MODEL, contents: "a lighthouse" })),
    });
  } finally {
    globalThis.fetch = realFetch;
  }
  const oursCpuProfile = await profileCpu(root, async () => {
    for (let i = 0; i < PROFILE_ROUNDS; i++) {
      await ours();
      await logged.generateTextViaGemini({ messages, model: MODEL });
    }
  });
  return { inMemoryUs: { createAndGet, generateContent }, oursCpuProfile };
}
