import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmulator } from "../../emulator/server";
import { startPagesDev } from "../../scripts/lib/pages-dev";
import { run } from "../../scripts/lib/processes";
import { TEST_SECRETS } from "../helpers/secrets";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    emulatorUrl: string;
    workerLogFile: string;
    secrets: typeof TEST_SECRETS;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Builds the worker (unless SKIP_BUILD=1 and a build exists), then serves it under `wrangler pages dev`
 * with fresh local D1/R2 state and the provider emulator, for the HTTP suites.
 */
export default async function setup(project: TestProject) {
  if (!(process.env.SKIP_BUILD === "1" && existsSync(".vercel/output/static/_worker.js"))) {
    await run("npm", ["run", "build"]);
  }
  const emulator = await startEmulator({
    port: 0,
    gatewayToken: TEST_SECRETS.gatewayToken,
    replicateApiToken: TEST_SECRETS.replicateApiToken,
    geminiApiKey: TEST_SECRETS.geminiApiKey,
    webhookSecret: TEST_SECRETS.webhookSecret,
    delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 50 },
  });
  const state = mkdtempSync(join(tmpdir(), "flux-studio-http-"));
  const port = await freePort();
  const logFile = join(state, "worker.log");
  const worker = await startPagesDev({
    port,
    persistTo: join(state, "wrangler"),
    logFile,
    vars: {
      CLOUDFLARE_AI_GATEWAY_URL: `${emulator.url}/v1/http-account/http-gateway`,
      CLOUDFLARE_AI_GATEWAY_TOKEN: TEST_SECRETS.gatewayToken,
      REPLICATE_API_TOKEN: TEST_SECRETS.replicateApiToken,
      REPLICATE_WEBHOOK_SECRET: TEST_SECRETS.webhookSecret,
      GEMINI_API_KEY: TEST_SECRETS.geminiApiKey,
      APP_ENV: "development",
      APP_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: TEST_SECRETS.sessionSecret,
      ADMIN_TOKEN: TEST_SECRETS.adminToken,
      REPLICATE_OUTPUT_HOSTS: new URL(emulator.url).host,
      GENERATE_RATE_LIMIT_PER_MINUTE: "100",
    },
  });
  project.provide("workerUrl", worker.url);
  project.provide("emulatorUrl", emulator.url);
  project.provide("workerLogFile", logFile);
  // Test files run in other processes: they must sign and authenticate with these same secrets.
  project.provide("secrets", TEST_SECRETS);
  return async () => {
    await worker.stop();
    await emulator.close();
    rmSync(state, { recursive: true, force: true });
  };
}
