import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, postJson } from "./support";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const CONFIG_KEYS = ["EMULATOR_PORT", "CLOUDFLARE_AI_GATEWAY_TOKEN", "REPLICATE_API_TOKEN", "GEMINI_API_KEY", "REPLICATE_WEBHOOK_SECRET"];

let child: ChildProcess;
let dir: string;
let output = "";
let gatewayBase = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
  writeFileSync(join(dir, ".env"), "GEMINI_API_KEY=from-dotenv\nCLOUDFLARE_AI_GATEWAY_TOKEN=from-dotenv\n");
  writeFileSync(join(dir, ".dev.vars"), 'CLOUDFLARE_AI_GATEWAY_TOKEN="from-dev-vars"\nREPLICATE_API_TOKEN=placeholder # not r8_\n');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CONFIG_KEYS) delete env[key];
  env.GEMINI_API_KEY = "from-env";
  child = spawn(join(repo, "node_modules/.bin/tsx"), [join(repo, "emulator/main.ts"), "--port", "0", "--fast"], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (!/generated REPLICATE_WEBHOOK_SECRET/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`emulator did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  gatewayBase = /gateway base URL (\S+)/.exec(output)?.[1] ?? "";
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run emulator (emulator/main.ts)", () => {
  it("prints its URL, the gateway base URL and a generated webhook secret", () => {
    expect(output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ · gateway base URL http:\/\/127\.0\.0\.1:\d+\/v1\/local\/studio/);
    expect(output).toMatch(/REPLICATE_WEBHOOK_SECRET=whsec_[A-Za-z0-9+/=]+/);
  });

  it("reads .env and .dev.vars, with .dev.vars over .env and the environment over both", async () => {
    const url = `${gatewayBase}/google-ai-studio/v1beta/models/gemini-3.8-flash:generateContent`;
    const body = { contents: [{ parts: [{ text: "hi" }] }] };
    const ok = await postJson(url, body, { "cf-aig-authorization": "Bearer from-dev-vars", "x-goog-api-key": "from-env" });
    expect(ok.status).toBe(200);
    expect((await postJson(url, body, { "cf-aig-authorization": "Bearer from-dotenv", "x-goog-api-key": "from-env" })).status).toBe(401);
    expect((await postJson(url, body, { "cf-aig-authorization": "Bearer from-dev-vars", "x-goog-api-key": "from-dotenv" })).status).toBe(400);
  });

  it("does not enforce a Replicate token that is not r8_…, and --fast finishes predictions at once", async () => {
    const started = Date.now();
    const response = await postJson(
      `${gatewayBase}/replicate/models/black-forest-labs/flux-schnell/predictions`,
      { input: { prompt: "fast" } },
      { "cf-aig-authorization": "Bearer from-dev-vars", authorization: "Bearer r8_whatever", prefer: "wait=10" },
    );
    expect(response.status).toBe(201);
    expect((await json(response)).status).toBe("succeeded");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
