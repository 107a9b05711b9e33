import { startEmulator, type Emulator } from "../../../emulator/server";

/** Fast enough for a smoke test, slow enough that a prediction is seen starting, then processing. */
const SMOKE_DELAYS = { startMs: 200, stepMs: 100, webhookMs: 0 };

export interface LocalGateway {
  emulator: Emulator;
  /** Settings pointing the client at this emulator, as local mode does for `npm run dev`. */
  vars: Record<string, string>;
  note: string;
}

/** Starts the provider emulator with the configured credentials, so it checks them like the real gateway would. */
export async function startLocalGateway(vars: Record<string, string>, port: number): Promise<LocalGateway> {
  const options = {
    gatewayToken: vars.CLOUDFLARE_AI_GATEWAY_TOKEN,
    replicateApiToken: vars.REPLICATE_API_TOKEN,
    geminiApiKey: vars.GEMINI_API_KEY,
    webhookSecret: vars.REPLICATE_WEBHOOK_SECRET,
    delays: SMOKE_DELAYS,
  };
  let emulator: Emulator;
  let note = "";
  try {
    emulator = await startEmulator({ ...options, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    // `npm run dev` may hold the port with its own emulator; a private one keeps this run independent.
    emulator = await startEmulator({ ...options, port: 0 });
    note = ` (port ${port} is busy, using ${emulator.port})`;
  }
  return {
    emulator,
    vars: {
      CLOUDFLARE_AI_GATEWAY_URL: `${emulator.url}/v1/local/flux-studio`,
      REPLICATE_OUTPUT_HOSTS: new URL(emulator.url).host,
    },
    note,
  };
}
