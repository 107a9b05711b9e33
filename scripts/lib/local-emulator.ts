import { startEmulator, type Emulator } from "../../emulator/server";
import type { LocalConfig } from "./local-config";

/** In local mode, the provider emulator with the credentials the app will send, so it checks them as the gateway would. */
export function startLocalModeEmulator(config: LocalConfig): Promise<Emulator | null> {
  if (!config.localMode) return Promise.resolve(null);
  return startEmulator({
    port: config.emulatorPort,
    gatewayToken: config.vars.CLOUDFLARE_AI_GATEWAY_TOKEN,
    replicateApiToken: config.vars.REPLICATE_API_TOKEN,
    geminiApiKey: config.vars.GEMINI_API_KEY,
    webhookSecret: config.vars.REPLICATE_WEBHOOK_SECRET,
  });
}
