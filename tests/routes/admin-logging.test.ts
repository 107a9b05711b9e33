import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as stats from "../../app/api/admin/stats/route";
import { registerRoute, startTestApp, TEST_SECRETS, type TestApp } from "../helpers/app-server";

registerRoute("GET", /^\/api\/admin\/stats$/, stats.GET as never);

// Structured logging, checked on the app's real route handlers: every line the app writes is one JSON
// object with a level; APP_ENV=development adds the debug detail; secrets never appear.

let app: TestApp;
type Entry = Record<string, unknown>;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});
beforeEach(() => {
  app.logLines.length = 0;
});

function parsedLines(): Entry[] {
  return app.logLines.map((line) => JSON.parse(line) as Entry);
}

/** A prompt call whose first Gemini attempt is throttled, so the client retries once. */
async function promptWithOneRetry(prompt: string) {
  await fetch(`${app.emulator.url}/__emulator/faults`, {
    method: "POST",
    body: JSON.stringify({ rate429: 1, retryAfterSeconds: 0, limit: 1, match: "generateContent" }),
  });
  const response = await app.browser().post("/api/prompt", { prompt });
  expect(response.status).toBe(200);
  await app.browser().get("/api/admin/stats", { authorization: `Bearer ${TEST_SECRETS.adminToken}` });
}

const allSecrets = Object.values(TEST_SECRETS);

describe("structured logs", () => {
  it("in production: JSON lines with level, one request line per request, no debug detail", async () => {
    app.setVars({ APP_ENV: "production" });
    await promptWithOneRetry("a lighthouse in fog");
    const entries = parsedLines(); // throws if any line is not JSON
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        level: expect.stringMatching(/^(info|warn|error)$/),
        msg: expect.any(String),
      });
    }
    const requests = entries.filter((entry) => entry.msg === "request");
    expect(requests.map((entry) => entry.route)).toEqual(["GET /api/me", "POST /api/prompt", "GET /api/admin/stats"]);
    for (const entry of requests) {
      expect(entry).toMatchObject({
        level: "info",
        requestId: expect.any(String),
        method: expect.any(String),
        status: 200,
        durationMs: expect.any(Number),
      });
    }
    const call = entries.find((entry) => entry.msg === "gateway.call");
    expect(call).toMatchObject({ provider: "gemini", operation: "text.generate", attempts: 2, status: 200, latencyMs: expect.any(Number) });
    expect(call).not.toHaveProperty("request");
    expect(entries.some((entry) => entry.msg === "gateway.retry")).toBe(false);
  });

  it("with APP_ENV=development: debug lines and redacted request/response detail too", async () => {
    app.setVars({ APP_ENV: "development" });
    await promptWithOneRetry("a lighthouse in rain");
    const entries = parsedLines();
    expect(entries.find((entry) => entry.msg === "gateway.retry")).toMatchObject({ level: "debug", provider: "gemini", status: 429, attempt: 1 });
    const call = entries.find((entry) => entry.msg === "gateway.call") as
      | { request?: { headers?: Record<string, string> }; response?: unknown }
      | undefined;
    expect(call?.request?.headers).toMatchObject({ "x-goog-api-key": "[REDACTED]", "cf-aig-authorization": "[REDACTED]" });
    expect(call?.response).toBeDefined();
  });

  it("never writes a secret, even with debug detail on", async () => {
    app.setVars({ APP_ENV: "development" });
    await promptWithOneRetry("a lighthouse at night");
    const text = app.logLines.join("\n");
    for (const secret of allSecrets) expect(text).not.toContain(secret);
  });
});
