import "server-only";
import type { AiGatewayConfig } from "@/lib/ai-gateway";
import type { AppEnv } from "@/lib/platform/env";

/** The gateway client's settings as the app's configuration gives them (the app and the smoke test share it). */
export function gatewayConfigFromEnv(env: AppEnv): AiGatewayConfig {
  return {
    gatewayUrl: env.CLOUDFLARE_AI_GATEWAY_URL,
    gatewayToken: env.CLOUDFLARE_AI_GATEWAY_TOKEN,
    replicateApiToken: env.REPLICATE_API_TOKEN,
    geminiApiKey: env.GEMINI_API_KEY,
    geminiModel: env.GEMINI_MODEL,
    debug: env.APP_ENV === "development",
    timeoutMs: { replicate: env.PROVIDER_TIMEOUT_SECONDS * 1000, gemini: env.PROVIDER_TIMEOUT_SECONDS * 1000 },
  };
}

/** Exact secret values, masked in logs wherever they appear (besides the shapes lib/ai-gateway/redact recognises). */
export function secretValuesOf(env: AppEnv): string[] {
  const values = [env.REPLICATE_API_TOKEN, env.REPLICATE_WEBHOOK_SECRET, env.GEMINI_API_KEY, env.SESSION_SECRET, env.ADMIN_TOKEN];
  if (env.CLOUDFLARE_AI_GATEWAY_TOKEN) values.push(env.CLOUDFLARE_AI_GATEWAY_TOKEN);
  return values;
}
