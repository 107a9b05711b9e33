import { randomBytes } from "node:crypto";
import { cpSync, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator/server";
import { freePort, start, stop, waitForHttp } from "../../scripts/lib/processes";
import { runToStderr } from "./child";

/** Fresh secrets per run: nothing here is reused from a developer's .env. */
export function benchSecrets() {
  return {
    gatewayToken: `gw_${randomBytes(12).toString("hex")}`,
    replicateApiToken: `r8_${randomBytes(18).toString("hex")}`,
    geminiApiKey: `AIza${randomBytes(18).toString("hex")}`,
    webhookSecret: `whsec_${randomBytes(24).toString("base64")}`,
    sessionSecret: randomBytes(32).toString("base64url"),
    adminToken: `adm_${randomBytes(16).toString("hex")}`,
  };
}
type BenchSecrets = ReturnType<typeof benchSecrets>;

export interface Stack {
  workerUrl: string;
  emulator: Emulator;
  secrets: BenchSecrets;
  logFile: string;
  /** Replaces the emulator's fault config (missing fields = off) and merges delays. */
  setFaults(config: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The built worker under `wrangler pages dev` with fresh local D1/R2 state, talking to an in-process provider
 * emulator (whose webhooks come back to the worker), with the caps and rate limits raised so the benchmark
 * measures the stack, not its guards.
 */
export async function startStack(extraVars: Record<string, string> = {}): Promise<Stack> {
  const secrets = benchSecrets();
  const emulator = await startEmulator({
    port: 0,
    gatewayToken: secrets.gatewayToken,
    replicateApiToken: secrets.replicateApiToken,
    geminiApiKey: secrets.geminiApiKey,
    webhookSecret: secrets.webhookSecret,
    delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 50 },
  });
  const state = mkdtempSync(join(tmpdir(), "flux-studio-bench-"));
  const persist = join(state, "wrangler");
  // wrangler pages dev restarts the worker when the folder it serves changes ("Your worker restarted
  // mid-request", a 503): a build in the same tree during a run would do that, so the run serves its own copy.
  const served = join(state, "static");
  cpSync(".vercel/output/static", served, { recursive: true });
  // Outside the state folder, so it survives close() for a look after a failed run.
  const logFile = join(tmpdir(), `flux-studio-bench-worker-${process.pid}.log`);
  const port = await freePort();
  const vars: Record<string, string> = {
    CLOUDFLARE_AI_GATEWAY_URL: `${emulator.url}/v1/bench-account/bench-gateway`,
    CLOUDFLARE_AI_GATEWAY_TOKEN: secrets.gatewayToken,
    REPLICATE_API_TOKEN: secrets.replicateApiToken,
    REPLICATE_WEBHOOK_SECRET: secrets.webhookSecret,
    GEMINI_API_KEY: secrets.geminiApiKey,
    APP_ENV: "production",
    APP_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRET: secrets.sessionSecret,
    ADMIN_TOKEN: secrets.adminToken,
    REPLICATE_OUTPUT_HOSTS: new URL(emulator.url).host,
    MAX_IN_FLIGHT_PER_USER: "100000",
    MAX_IN_FLIGHT_GLOBAL: "100000",
    MAX_QUEUED_PER_USER: "100000",
    GENERATE_RATE_LIMIT_PER_MINUTE: "100000",
    PROMPT_RATE_LIMIT_PER_MINUTE: "100000",
    // Load comes from one address with many sessions: no per-client limits; budgets off (reservations still run).
    CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: "0",
    CLIENT_PROMPT_RATE_LIMIT_PER_MINUTE: "0",
    CLIENT_SESSIONS_PER_HOUR: "0",
    BUDGET_USER_USD_PER_DAY: "0",
    BUDGET_CLIENT_USD_PER_DAY: "0",
    BUDGET_GLOBAL_USD_PER_DAY: "0",
    ...extraVars,
  };
  let child: ReturnType<typeof start> | undefined;
  try {
    await runToStderr("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]);
    const bindings = Object.entries(vars).flatMap(([name, value]) => ["--binding", `${name}=${value}`]);
    child = start(
      "wrangler",
      [
        "pages",
        "dev",
        served,
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        "--show-interactive-dev-session=false",
        "--persist-to",
        persist,
        ...bindings,
      ],
      {},
      { quiet: true },
    );
    const log = createWriteStream(logFile);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    await waitForHttp(`http://127.0.0.1:${port}/api/health`, 90_000);
  } catch (error) {
    if (child) await stop(child);
    await emulator.close();
    rmSync(state, { recursive: true, force: true });
    throw error;
  }
  const worker = child;
  return {
    workerUrl: `http://127.0.0.1:${port}`,
    emulator,
    secrets,
    logFile,
    async setFaults(config) {
      const response = await fetch(`${emulator.url}/__emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(config),
      });
      if (!response.ok) throw new Error(`emulator faults rejected: ${response.status} ${await response.text()}`);
    },
    async close() {
      await stop(worker);
      await emulator.close();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
