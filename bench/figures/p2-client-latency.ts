import { GoogleGenAI } from "@google/genai";
import Replicate from "replicate";
import { startEmulator } from "../../emulator/server";
import { createAiGateway, type GatewayCallRecord } from "../../lib/ai-gateway";
import { createLogger } from "../../lib/platform/logger";
import type { Figure } from "../lib/figure";
import { profileClientOverhead } from "./p2-client-overhead";
import { Recorder, steadyState } from "../lib/load";
import { benchSecrets } from "../lib/stack";
import { ratio, summarize } from "../lib/stats";

const WARMUP = 40;
const MEASURED = 400;
const GEMINI_MODEL = "gemini-3.8-flash";

/**
 * P2 (latency): our gateway client vs the official SDKs against the emulator with delays off, in one
 * process, alternating which goes first each round so drift and GC hit both alike.
 */
export async function measureClientLatency(root: string): Promise<Figure[]> {
  const secrets = benchSecrets();
  const emulator = await startEmulator({
    port: 0,
    gatewayToken: secrets.gatewayToken,
    replicateApiToken: secrets.replicateApiToken,
    geminiApiKey: secrets.geminiApiKey,
    webhookSecret: secrets.webhookSecret,
    delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 0 },
  });
  try {
    const gatewayUrl = `${emulator.url}/v1/bench-account/bench-gateway`;
    const gatewayAuth = { "cf-aig-authorization": `Bearer ${secrets.gatewayToken}` };
    const calls: GatewayCallRecord[] = [];
    // Everything the app does per call (redaction, JSON line, call record) except writing the line out.
    const ours = createAiGateway({
      gatewayUrl,
      gatewayToken: secrets.gatewayToken,
      replicateApiToken: secrets.replicateApiToken,
      geminiApiKey: secrets.geminiApiKey,
      geminiModel: GEMINI_MODEL,
      logger: createLogger({ write: () => {}, secrets: Object.values(secrets) }),
      onCall: (record) => calls.push(record),
    });
    const replicate = new Replicate({
      auth: secrets.replicateApiToken,
      baseUrl: `${gatewayUrl}/replicate`,
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...gatewayAuth } }),
    });
    const genai = new GoogleGenAI({ apiKey: secrets.geminiApiKey, httpOptions: { baseUrl: `${gatewayUrl}/google-ai-studio`, headers: gatewayAuth } });

    const recorder = new Recorder();
    const prompt = (i: number) => `a lighthouse at dusk, study ${i}`;
    const oursPrediction = async (i: number) => {
      const created = await recorder.time("ours.create", () =>
        ours.generateImageViaReplicate({ model: "flux-schnell", input_prompt: prompt(i), aspect_ratio: "1:1", user_id: "bench" }),
      );
      await recorder.time("ours.get", () => ours.getPrediction(created.id));
    };
    const officialPrediction = async (i: number) => {
      const created = await recorder.time("official.create", () =>
        replicate.predictions.create({ model: "black-forest-labs/flux-schnell", input: { prompt: prompt(i), aspect_ratio: "1:1" } }),
      );
      await recorder.time("official.get", () => replicate.predictions.get(created.id));
    };
    const oursText = (i: number) =>
      recorder.time("ours.generateContent", () =>
        ours.generateTextViaGemini({ messages: [{ role: "user", content: prompt(i) }], model: GEMINI_MODEL }),
      );
    const officialText = (i: number) =>
      recorder.time("official.generateContent", () => genai.models.generateContent({ model: GEMINI_MODEL, contents: prompt(i) }));

    for (let i = 0; i < WARMUP + MEASURED; i++) {
      const pairs =
        i % 2 === 0 ? [oursPrediction, officialPrediction, oursText, officialText] : [officialPrediction, oursPrediction, officialText, oursText];
      for (const step of pairs) await step(i);
      calls.length = 0;
    }

    const byTag = (tag: string) =>
      steadyState(
        recorder.samples.filter((s) => s.tag === tag),
        WARMUP,
      );
    const pairTimes = (side: string) => {
      const creates = byTag(`${side}.create`);
      const gets = byTag(`${side}.get`);
      return creates.map((create, index) => create.ms + gets[index]!.ms);
    };
    const failures = recorder.samples.filter((s) => !s.ok).length;
    const oursPair = summarize(pairTimes("ours"));
    const officialPair = summarize(pairTimes("official"));
    const oursGen = summarize(byTag("ours.generateContent").map((s) => s.ms));
    const officialGen = summarize(byTag("official.generateContent").map((s) => s.ms));
    const predictionRatio = ratio(oursPair.p50, officialPair.p50);
    const textRatio = ratio(oursGen.p50, officialGen.p50);
    const perCall = (tag: string) => summarize(byTag(tag).map((s) => s.ms));
    // The profile runs whether or not the goal is met: the report should show where the time goes either way.
    const overhead = await profileClientOverhead(root);
    return [
      {
        id: "P2-replicate",
        what: "prediction create + get through the emulated gateway (delays off): p50 of ours / p50 of the official replicate client",
        value: predictionRatio,
        unit: "ratio",
        goal: "≤ 1.0",
        pass: predictionRatio <= 1.0 && failures === 0,
        details: {
          oursMs: oursPair,
          officialMs: officialPair,
          perCallP50Ms: {
            oursCreate: perCall("ours.create").p50,
            oursGet: perCall("ours.get").p50,
            officialCreate: perCall("official.create").p50,
            officialGet: perCall("official.get").p50,
          },
          warmupExcluded: WARMUP,
          failures,
          profile: overhead,
        },
      },
      {
        id: "P2-gemini",
        what: "generateContent through the emulated gateway: p50 of ours / p50 of @google/genai",
        value: textRatio,
        unit: "ratio",
        goal: "≤ 1.0",
        pass: textRatio <= 1.0 && failures === 0,
        details: {
          oursMs: oursGen,
          officialMs: officialGen,
          warmupExcluded: WARMUP,
          failures,
          profile: "see P2-replicate.details.profile (both calls are profiled together)",
        },
      },
    ];
  } finally {
    await emulator.close();
  }
}
