import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APP_SETTING_NAMES } from "../../scripts/lib/local-config";
import { startEmulator, type Emulator } from "../../emulator/server";

const root = fileURLToPath(new URL("../../", import.meta.url));
const TSX = join(root, "node_modules/.bin/tsx");
const SCRIPT = join(root, "scripts/test-ai-gateway.ts");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let workDir: string;

/**
 * Runs `npm run test:ai-gateway`'s script in an empty directory (no .env, no .dev.vars) with exactly the
 * given settings; the project's tsconfig is named so the script's `@/` imports resolve as they do in the repo.
 */
function runSmoke(vars: Record<string, string>): Promise<Run> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !(APP_SETTING_NAMES as readonly string[]).includes(key)) env[key] = value;
  }
  Object.assign(env, { EMULATOR_PORT: "0", TSX_TSCONFIG_PATH: join(root, "tsconfig.json") }, vars);
  return new Promise((resolve, reject) => {
    // Typed as ProcessEnv (env.d.ts adds the wrangler vars), though these are exactly the settings under test.
    // As package.json runs it: server modules resolve `server-only` to its server build.
    const child = spawn(TSX, ["--conditions=react-server", SCRIPT], { cwd: workDir, env: env as NodeJS.ProcessEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const secrets = {
  gatewayToken: `gw_${randomBytes(12).toString("hex")}`,
  replicate: `r8_${randomBytes(16).toString("hex")}`,
  gemini: `AIza${randomBytes(16).toString("hex")}`,
  webhook: `whsec_${randomBytes(24).toString("base64")}`,
};

/** A deployment-shaped configuration pointing at `gateway`: everything valid, nothing from local mode. */
function deployedVars(gatewayUrl: string): Record<string, string> {
  return {
    CLOUDFLARE_AI_GATEWAY_URL: gatewayUrl,
    CLOUDFLARE_AI_GATEWAY_TOKEN: secrets.gatewayToken,
    REPLICATE_API_TOKEN: secrets.replicate,
    REPLICATE_WEBHOOK_SECRET: secrets.webhook,
    GEMINI_API_KEY: secrets.gemini,
    GEMINI_MODEL: "gemini-3.8-flash",
    APP_URL: "https://studio.example.com",
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    ADMIN_TOKEN: `adm_${randomBytes(16).toString("hex")}`,
  };
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "smoke-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("npm run test:ai-gateway against the emulator it starts itself", () => {
  it("passes and prints step, status, latency, cache status and gateway log id for each step", async () => {
    const run = await runSmoke({});
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Gateway: the local provider emulator at http:\/\/127\.0\.0\.1:\d+\/v1\/local\/flux-studio/);
    const lines = run.stdout.split("\n");
    const header = lines.find((line) => line.startsWith("step"));
    expect(header?.split(/\s{2,}/)).toEqual(["step", "status", "latency", "cache", "gateway log id", "detail"]);
    const rows = new Map(
      lines.filter((line) => /^(gemini|replicate|download)/.test(line)).map((line) => [line.split(/\s{2,}/)[0], line.split(/\s{2,}/)]),
    );
    expect([...rows.keys()]).toEqual(["gemini gemini-3.8-flash", "replicate create flux-schnell", "replicate wait", "download output"]);
    const [, geminiStatus, geminiLatency, geminiCache, geminiLogId] = rows.get("gemini gemini-3.8-flash")!;
    expect(geminiStatus).toBe("ok 200");
    expect(geminiLatency).toMatch(/^\d+ ms$/);
    expect(geminiCache).toBe("MISS");
    expect(geminiLogId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(rows.get("replicate create flux-schnell")?.[1]).toBe("ok 201");
    expect(rows.get("replicate wait")?.[1]).toBe("ok succeeded");
    expect(rows.get("replicate wait")?.[4]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(rows.get("download output")?.[5]).toMatch(/^image\/webp, \d+ kB$/);
    expect(run.stdout).toContain("test:ai-gateway passed");
  });
});

describe("npm run test:ai-gateway with a deprecated GEMINI_MODEL", () => {
  it("passes but warns, naming the successor Google routes it to", async () => {
    const run = await runSmoke({ GEMINI_MODEL: "gemini-3.5-flash" });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'warning: GEMINI_MODEL "gemini-3.5-flash" is deprecated: Google routes it to gemini-3.6-flash. Set GEMINI_MODEL to gemini-3.6-flash',
    );
    expect(run.stdout).toMatch(/^gemini gemini-3\.5-flash\s+ok 200/m);
  });
});

describe("npm run test:ai-gateway names each broken setting and exits 2", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      "a gateway URL of the wrong shape",
      { ...deployedVars("https://example.com/foo") },
      /^ {2}CLOUDFLARE_AI_GATEWAY_URL: must look like https:\/\/gateway\.ai\.cloudflare\.com\/v1\/<account_id>\/<gateway_id>$/m,
    ],
    ["a Replicate token without its r8_ prefix", { REPLICATE_API_TOKEN: "abc" }, /^ {2}REPLICATE_API_TOKEN: must start with r8_/m],
    [
      "a webhook secret without its whsec_ prefix",
      { REPLICATE_WEBHOOK_SECRET: "abc123abc123abc123" },
      /^ {2}REPLICATE_WEBHOOK_SECRET: must be a whsec_/m,
    ],
    [
      "a shut-down Gemini model",
      { GEMINI_MODEL: "gemini-1.5-flash" },
      /^ {2}GEMINI_MODEL: "gemini-1\.5-flash" names a shut-down Gemini model \(it answers 404\); set GEMINI_MODEL to gemini-3\.8-flash\.$/m,
    ],
    [
      "a plain-http gateway that is not local",
      { ...deployedVars("http://gateway.ai.cloudflare.com/v1/acc/gw") },
      /^ {2}CLOUDFLARE_AI_GATEWAY_URL: must use https/m,
    ],
  ];
  for (const [what, vars, message] of cases) {
    it(`reports ${what}`, async () => {
      const run = await runSmoke(vars);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/the configuration is invalid/);
      expect(run.stderr).toMatch(message);
      // Only the broken variable is named, and no step ran.
      expect(run.stderr.match(/^ {2}[A-Z_]+:/gm)).toHaveLength(1);
      expect(run.stdout).not.toContain("step");
    });
  }

  it("says which variable is missing when a real gateway is configured", async () => {
    const { GEMINI_API_KEY: _dropped, ...vars } = deployedVars("https://gateway.ai.cloudflare.com/v1/acc/gw");
    const run = await runSmoke(vars);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ {2}GEMINI_API_KEY: is not set/m);
  });
});

describe("npm run test:ai-gateway against a gateway that says no", () => {
  let gateway: Emulator;
  beforeAll(async () => {
    gateway = await startEmulator({
      port: 0,
      gatewayToken: secrets.gatewayToken,
      replicateApiToken: secrets.replicate,
      geminiApiKey: secrets.gemini,
      webhookSecret: secrets.webhook,
      delays: { startMs: 0, stepMs: 0, webhookMs: 0 },
    });
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(async () => {
    await fetch(`${gateway.url}/__emulator/reset`, { method: "POST" });
  });

  const gatewayUrl = () => `${gateway.url}/v1/acc/gw`;
  const hostVars = (): Record<string, string> => ({ ...deployedVars(gatewayUrl()), REPLICATE_OUTPUT_HOSTS: new URL(gateway.url).host });

  it("passes with the right credentials (a configured gateway, no emulator of its own)", async () => {
    const run = await runSmoke(hostVars());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Gateway: ${gatewayUrl()} (authenticated)`);
    // The Replicate create went to the gateway it was given, with the gateway token.
    const requests = (await (await fetch(`${gateway.url}/__emulator/requests?match=/predictions`)).json()) as { path: string }[];
    expect(requests.some((request) => request.path === "/v1/acc/gw/replicate/models/black-forest-labs/flux-schnell/predictions")).toBe(true);
  });

  it("fails at the first call with a wrong gateway token, naming CLOUDFLARE_AI_GATEWAY_TOKEN and never printing it", async () => {
    const wrongToken = `gw_wrong_${randomBytes(8).toString("hex")}`;
    const run = await runSmoke({ ...hostVars(), CLOUDFLARE_AI_GATEWAY_TOKEN: wrongToken });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/test:ai-gateway FAILED at "gemini gemini-3\.8-flash": The Cloudflare AI Gateway rejected the request/);
    expect(run.stderr).toContain("Check CLOUDFLARE_AI_GATEWAY_TOKEN");
    expect(run.stdout).toMatch(/^gemini gemini-3\.8-flash\s+FAIL 401/m);
    expect(`${run.stdout}${run.stderr}`).not.toContain(wrongToken);
  });

  it("fails when the gateway needs a token and none is set", async () => {
    const { CLOUDFLARE_AI_GATEWAY_TOKEN: _none, ...vars } = hostVars();
    const run = await runSmoke(vars);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("warning: CLOUDFLARE_AI_GATEWAY_TOKEN is not set");
    expect(run.stderr).toContain("set CLOUDFLARE_AI_GATEWAY_TOKEN to an AI Gateway token");
  });

  it("fails with a Replicate token the provider rejects, naming REPLICATE_API_TOKEN", async () => {
    await fetch(`${gateway.url}/__emulator/reset`, { method: "POST" });
    const run = await runSmoke({ ...hostVars(), REPLICATE_API_TOKEN: `r8_${randomBytes(16).toString("hex")}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAILED at "replicate create flux-schnell": Replicate rejected this server's credentials.*Check REPLICATE_API_TOKEN/);
  });

  it("fails with a Gemini model the provider has retired, naming GEMINI_MODEL", async () => {
    await fetch(`${gateway.url}/__emulator/faults`, { method: "POST", body: JSON.stringify({ retiredModels: ["gemini-3.6"] }) });
    const run = await runSmoke({ ...hostVars(), GEMINI_MODEL: "gemini-3.6-flash" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAILED at "gemini gemini-3\.6-flash": The Gemini model "gemini-3\.6-flash" is retired.*Set GEMINI_MODEL/);
  });

  it("fails when the prediction itself fails, with the provider's reason", async () => {
    await fetch(`${gateway.url}/__emulator/faults`, { method: "POST", body: JSON.stringify({ failPredictions: 1 }) });
    const run = await runSmoke(hostVars());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAILED at "replicate wait": the prediction failed: /);
  });

  it("fails when REPLICATE_OUTPUT_HOSTS would make the app refuse the image", async () => {
    const run = await runSmoke({ ...hostVars(), REPLICATE_OUTPUT_HOSTS: "replicate.delivery" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAILED at "download output": 127\.0\.0\.1:\d+ is not in REPLICATE_OUTPUT_HOSTS \(replicate\.delivery\)/);
  });
});
