/**
 * `npm run preview`: serves the production build under `wrangler pages dev` (127.0.0.1:8788) with
 * local D1/R2 and, in local mode, the provider emulator. Builds first when there is no build.
 */
import { existsSync } from "node:fs";
import { startEmulator } from "../emulator/server";
import { appSettings, loadLocalConfig } from "./lib/local-config";
import { startPagesDev } from "./lib/pages-dev";
import { run } from "./lib/processes";
import { validateOrExit } from "./lib/validate-config";

const config = loadLocalConfig({ defaultAppPort: 8788, appHost: "127.0.0.1" });
validateOrExit(config.vars);
if (!existsSync(".vercel/output/static/_worker.js")) await run("npm", ["run", "build"]);

const emulator = config.localMode
  ? await startEmulator({
      port: config.emulatorPort,
      gatewayToken: config.vars.CLOUDFLARE_AI_GATEWAY_TOKEN,
      replicateApiToken: config.vars.REPLICATE_API_TOKEN,
      geminiApiKey: config.vars.GEMINI_API_KEY,
      webhookSecret: config.vars.REPLICATE_WEBHOOK_SECRET,
    })
  : null;
const server = await startPagesDev({ port: config.appPort, vars: appSettings(config.vars) });
console.log(`\n  preview: ${server.url}${emulator ? `\n  emulator: ${emulator.url}` : ""}\n`);

async function shutdown() {
  await server.stop();
  await emulator?.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
