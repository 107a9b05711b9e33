/**
 * `npm run preview`: serves the production build under `wrangler pages dev` (127.0.0.1:8788) with
 * local D1/R2 and, in local mode, the provider emulator. Builds first when there is no build.
 */
import { existsSync } from "node:fs";
import { appSettings, loadLocalConfig } from "./lib/local-config";
import { startLocalModeEmulator } from "./lib/local-emulator";
import { startPagesDev } from "./lib/pages-dev";
import { run } from "./lib/processes";
import { validateOrExit } from "./lib/validate-config";

const config = loadLocalConfig({ defaultAppPort: 8788, appHost: "127.0.0.1" });
validateOrExit(config.vars);
if (!existsSync(".vercel/output/static/_worker.js")) await run("npm", ["run", "build"]);

const emulator = await startLocalModeEmulator(config);
const server = await startPagesDev({ port: config.appPort, vars: appSettings(config.vars) });
console.log(`\n  preview: ${server.url}${emulator ? `\n  emulator: ${emulator.url}` : ""}\n`);

async function shutdown() {
  await server.stop();
  await emulator?.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
