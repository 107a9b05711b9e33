import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorDelays } from "../../emulator/server";
import { startPagesDev } from "../../scripts/lib/pages-dev";
import { freePort, run } from "../../scripts/lib/processes";
import { TEST_SECRETS } from "./secrets";

/** What a global setup built on this stack hands to its test files (`inject(...)`). */
declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    emulatorUrl: string;
    workerLogFile: string;
    secrets: typeof TEST_SECRETS;
  }
}

export interface AppStack {
  workerUrl: string;
  emulatorUrl: string;
  /** Everything the worker printed. */
  logFile: string;
  stop(): Promise<void>;
}

export interface AppStackOptions {
  /** Names the temp state folder and the gateway path, so logs tell suites apart. */
  label: string;
  /** The emulator's pace; tests that watch progress need it slower than zero. */
  delays: Partial<EmulatorDelays>;
  /** Settings on top of the test defaults (limits, budgets). */
  vars?: Record<string, string>;
}

/** Builds the app with next-on-pages, unless SKIP_BUILD=1 and a build already exists. */
export async function ensureBuild(): Promise<void> {
  if (process.env.SKIP_BUILD === "1" && existsSync(".vercel/output/static/_worker.js")) return;
  await run("npm", ["run", "build"]);
}

/**
 * The built worker under `wrangler pages dev`, with fresh local D1/R2 state in a temp folder, talking
 * through the provider emulator (started in this process) with the test secrets.
 */
export async function startAppStack({ label, delays, vars = {} }: AppStackOptions): Promise<AppStack> {
  const emulator = await startEmulator({
    port: 0,
    gatewayToken: TEST_SECRETS.gatewayToken,
    replicateApiToken: TEST_SECRETS.replicateApiToken,
    geminiApiKey: TEST_SECRETS.geminiApiKey,
    webhookSecret: TEST_SECRETS.webhookSecret,
    delays,
  });
  const state = mkdtempSync(join(tmpdir(), `flux-studio-${label}-`));
  const port = await freePort();
  const logFile = join(state, "worker.log");
  try {
    const worker = await startPagesDev({
      port,
      persistTo: join(state, "wrangler"),
      copyTo: join(state, "static"),
      logFile,
      vars: {
        CLOUDFLARE_AI_GATEWAY_URL: `${emulator.url}/v1/${label}-account/${label}-gateway`,
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
        ...vars,
      },
    });
    return {
      workerUrl: worker.url,
      emulatorUrl: emulator.url,
      logFile,
      stop: async () => {
        await worker.stop();
        await emulator.close();
        rmSync(state, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await emulator.close();
    rmSync(state, { recursive: true, force: true });
    throw error;
  }
}
