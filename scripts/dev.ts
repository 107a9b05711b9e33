/**
 * `npm run dev`: applies local D1 migrations, starts the provider emulator (local mode: no real
 * gateway URL configured) and `next dev`. Everything stops with Ctrl-C.
 */
import { appSettings, loadLocalConfig } from "./lib/local-config";
import { startLocalModeEmulator } from "./lib/local-emulator";
import { run, start, stop } from "./lib/processes";
import { validateOrExit } from "./lib/validate-config";

const config = loadLocalConfig({ defaultAppPort: 3000 });
validateOrExit(config.vars);
await run("wrangler", ["d1", "migrations", "apply", "DB", "--local"]);

const emulator = await startLocalModeEmulator(config);

const next = start("next", ["dev", "--port", String(config.appPort)], appSettings(config.vars));
console.log(
  [
    "",
    `  flux-studio ${config.localMode ? "in LOCAL MODE (provider emulator, no keys needed)" : "against the configured AI Gateway"}`,
    `  app:        ${config.vars.APP_URL}`,
    emulator ? `  emulator:   ${emulator.url}` : `  gateway:    ${config.vars.CLOUDFLARE_AI_GATEWAY_URL}`,
    `  admin token (for /en/admin): ${config.vars.ADMIN_TOKEN}`,
    "",
  ].join("\n"),
);

async function shutdown(code: number) {
  await stop(next);
  await emulator?.close();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
next.on("exit", (code) => void shutdown(code ?? 0));
