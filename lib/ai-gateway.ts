import "server-only";
import * as z from "zod";
import { createLogger, type Logger } from "./platform/logger";
import type { CallContext, GatewayCallRecord } from "./ai-gateway/call";
import { createGeminiCalls } from "./ai-gateway/gemini-calls";
import type { SafetySetting } from "./ai-gateway/gemini";
import { describeIssues } from "./ai-gateway/replicate";
import { createReplicateCalls } from "./ai-gateway/replicate-calls";

/**
 * The single door to the providers (Replicate, Gemini), always through the Cloudflare AI Gateway URL.
 * Wire formats, retries and errors live in ./ai-gateway/; this file builds a client from its settings.
 */

export type { GatewayCallRecord } from "./ai-gateway/call";
/** @public The messages generateTextViaGemini takes, for callers of the client. */
export type { GeminiMessage } from "./ai-gateway/gemini";
export { AiGatewayError } from "./ai-gateway/gateway-errors";
export { type Prediction, predictionSchema, WEBHOOK_EVENTS } from "./ai-gateway/replicate";

export interface AiGatewayConfig {
  /** https://gateway.ai.cloudflare.com/v1/{account}/{gateway} or the emulator's http://127.0.0.1:8787/v1/local/studio. */
  gatewayUrl: string;
  /** Sent as `cf-aig-authorization: Bearer …`. */
  gatewayToken?: string;
  replicateApiToken: string;
  geminiApiKey: string;
  geminiModel: string;
  /** Default: harassment, hate speech, sexually explicit and dangerous content at BLOCK_MEDIUM_AND_ABOVE. */
  geminiSafetySettings?: SafetySetting[];
  /** Default 3600; sent as cf-aig-cache-ttl on Gemini calls that ask for caching. */
  promptCacheTtlSeconds?: number;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt; defaults 15000 (Replicate) / 20000 (Gemini). */
  timeoutMs?: { replicate?: number; gemini?: number };
  /** Log redacted request and response bodies and headers too. */
  debug?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
  /** Called once per finished call (the app stores these in gateway_calls). */
  onCall?: (record: GatewayCallRecord) => void;
}

const configSchema = z.object({
  gatewayUrl: z.url({ protocol: /^https?$/, message: "CLOUDFLARE_AI_GATEWAY_URL must be an http(s) URL" }),
  promptCacheTtlSeconds: z.number().int().min(60).max(2_592_000).default(3600),
  maxRetries: z.number().int().min(0).max(10).default(3),
  baseDelayMs: z.number().min(0).default(500),
  maxDelayMs: z.number().min(0).default(8000),
  timeoutMs: z
    .object({ replicate: z.number().positive().default(15_000), gemini: z.number().positive().default(20_000) })
    .default({ replicate: 15_000, gemini: 20_000 }),
});

export function createAiGateway(config: AiGatewayConfig) {
  const parsedConfig = configSchema.safeParse(config);
  if (!parsedConfig.success) throw new Error(`Invalid AI Gateway client config: ${describeIssues(parsedConfig.error.issues)}`);
  const settings = parsedConfig.data;
  const ctx: CallContext = {
    baseUrl: settings.gatewayUrl.replace(/\/+$/, ""),
    // A local function, not a method call on an object: Workers throw "Illegal invocation" otherwise.
    fetch: config.fetch ?? ((input, init) => fetch(input, init)),
    now: config.now ?? Date.now,
    sleep: config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    random: config.random ?? Math.random,
    logger: config.logger ?? createLogger({ debug: config.debug }),
    maxRetries: settings.maxRetries,
    baseDelayMs: settings.baseDelayMs,
    maxDelayMs: settings.maxDelayMs,
    timeoutMs: settings.timeoutMs,
    gatewayTokenSet: Boolean(config.gatewayToken),
    secrets: [config.gatewayToken, config.replicateApiToken, config.geminiApiKey],
    debug: config.debug ?? false,
    onCall: config.onCall,
  };
  return {
    ...createReplicateCalls(ctx, { gatewayToken: config.gatewayToken, replicateApiToken: config.replicateApiToken }),
    ...createGeminiCalls(ctx, {
      gatewayToken: config.gatewayToken,
      geminiApiKey: config.geminiApiKey,
      geminiModel: config.geminiModel,
      safetySettings: config.geminiSafetySettings,
      promptCacheTtlSeconds: settings.promptCacheTtlSeconds,
    }),
  };
}

export type AiGateway = ReturnType<typeof createAiGateway>;
