import { parseArgs } from "node:util";
import { loadEnv } from "./env-files";
import { faultConfigSchema, ZERO_DELAYS } from "./faults";
import { startEmulator } from "./server";

const USAGE = `Usage: npm run emulator -- [--port N] [--host H] [--fast] [--faults '<json>']

Serves the Cloudflare AI Gateway in front of Replicate and Google AI Studio on one port.
Environment (also read from .env / .dev.vars; the environment wins): EMULATOR_PORT,
CLOUDFLARE_AI_GATEWAY_TOKEN, REPLICATE_API_TOKEN, GEMINI_API_KEY, REPLICATE_WEBHOOK_SECRET.`;

function fail(message: string): never {
  console.error(`[emulator] ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      fast: { type: "boolean", default: false },
      faults: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (flags.help) return void console.log(USAGE);
  const env = loadEnv(process.cwd());
  const port = Number(flags.port ?? env.EMULATOR_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port: ${flags.port ?? env.EMULATOR_PORT}`);
  const secret = env.REPLICATE_WEBHOOK_SECRET || undefined;
  if (secret !== undefined && !secret.startsWith("whsec_")) fail("REPLICATE_WEBHOOK_SECRET must start with whsec_");
  const replicateToken = env.REPLICATE_API_TOKEN;

  const emulator = await startEmulator({
    port,
    host: flags.host,
    gatewayToken: env.CLOUDFLARE_AI_GATEWAY_TOKEN || undefined,
    // Only a real-looking Replicate token is enforced, so placeholder values keep local mode working.
    replicateApiToken: replicateToken?.startsWith("r8_") ? replicateToken : undefined,
    geminiApiKey: env.GEMINI_API_KEY || undefined,
    webhookSecret: secret,
    delays: flags.fast ? ZERO_DELAYS : undefined,
  });
  if (flags.faults !== undefined) {
    const parsed = faultConfigSchema.safeParse(JSON.parse(flags.faults));
    if (!parsed.success) fail(`invalid --faults: ${parsed.error.message}`);
    await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", body: flags.faults });
  }

  console.log(`[emulator] listening on ${emulator.url} · gateway base URL ${emulator.url}/v1/local/studio`);
  if (secret === undefined) console.log(`[emulator] generated REPLICATE_WEBHOOK_SECRET=${emulator.webhookSecret}`);

  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
