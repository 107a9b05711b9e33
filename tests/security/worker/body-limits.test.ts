import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppStack, type AppStack } from "../../helpers/app-stack";
import { TestBrowser } from "../../helpers/http-client";

// Issue 9, against the built worker under `wrangler pages dev`: bodies refused before they are read. These requests
// are abandoned mid-body on purpose, which leaves the dev server's connection to the worker waiting for the rest;
// a stack of their own keeps that from stalling another suite's next request.
let stack: AppStack;

beforeAll(async () => {
  stack = await startAppStack({ label: "limits", delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 50 } });
});
afterAll(async () => {
  await stack?.stop();
});

/**
 * Sends the headers and `sent` bytes of a body, then keeps the connection open without finishing it; resolves
 * with the status the server answers meanwhile. A server that waited for the whole body would never answer.
 */
function answerBeforeBodyEnds(path: string, headers: Record<string, string>, sent: Buffer, keepStreaming = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, stack.workerUrl);
    const request = httpRequest(url, { method: "POST", headers }, (response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      clearInterval(pump);
      request.destroy();
    });
    request.on("error", (error) => {
      // The server may close the connection after answering; only an error before any answer counts.
      reject(error);
    });
    request.write(sent);
    // For an undeclared length: keep sending until the server gives up on us.
    const pump = setInterval(() => {
      if (keepStreaming && !request.destroyed) request.write(Buffer.alloc(16 * 1024, 0x20));
    }, 5);
  });
}

describe("bodies over the limit are refused before they are read", () => {
  const FIVE_MB = String(5 * 1024 * 1024);

  it("a declared 5 MB JSON body: 413 while the body is still being sent", async () => {
    const browser = new TestBrowser(stack.workerUrl);
    await browser.get("/api/me");
    const status = await answerBeforeBodyEnds(
      "/api/generate",
      {
        "content-type": "application/json",
        "content-length": FIVE_MB,
        cookie: `sid=${browser.cookie("sid")}`,
        origin: new URL(stack.workerUrl).origin,
      },
      Buffer.from('{"model":"flux-schnell","prompt":"'),
    );
    expect(status).toBe(413);
  });

  it("a declared 5 MB webhook: 413 before the signature is even looked at", async () => {
    const status = await answerBeforeBodyEnds(
      "/api/webhooks/replicate?task=tsk_x&sig=x",
      { "content-type": "application/json", "content-length": FIVE_MB },
      Buffer.from('{"id":"'),
    );
    expect(status).toBe(413);
  });

  it("an endless chunked body: 413 once the cap is passed", async () => {
    const browser = new TestBrowser(stack.workerUrl);
    await browser.get("/api/me");
    const status = await answerBeforeBodyEnds(
      "/api/prompt",
      {
        "content-type": "application/json",
        "transfer-encoding": "chunked",
        cookie: `sid=${browser.cookie("sid")}`,
        origin: new URL(stack.workerUrl).origin,
      },
      Buffer.from('{"prompt":"'),
      true,
    );
    expect(status).toBe(413);
  });
});
