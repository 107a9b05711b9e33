import { Agent, request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppStack, type AppStack } from "../../helpers/app-stack";
import { TestBrowser } from "../../helpers/http-client";

// An early refusal must leave the keep-alive connection usable: under `wrangler pages dev`, answering a request
// whose body was cancelled (or never read) hung the next request on the same socket. Each case sends a refused
// request and then a health check on the very same socket. A stack of its own, so a wedged connection could not stall
// another suite.
let stack: AppStack;
let session: string;

beforeAll(async () => {
  stack = await startAppStack({ label: "keepalive", delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 50 } });
  const browser = new TestBrowser(stack.workerUrl);
  await browser.get("/api/me");
  session = `sid=${browser.cookie("sid")}`;
});
afterAll(async () => {
  await stack?.stop();
});

interface Sent {
  status: number;
  reusedSocket: boolean;
}

function send(agent: Agent, method: string, path: string, headers: Record<string, string>, body?: Buffer, timeoutMs = 10_000): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, stack.workerUrl), { method, headers, agent }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, reusedSocket: request.reusedSocket }));
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(body);
  });
}

const origin = () => new URL(stack.workerUrl).origin;
const json = (bytes: number) => Buffer.from(JSON.stringify({ model: "flux-schnell", prompt: "x".repeat(bytes) }));

const CASES: [string, () => [string, string, Record<string, string>, Buffer], number][] = [
  ["401 without a session, 50 kB body", () => ["POST", "/api/generate", { "content-type": "application/json", origin: origin() }, json(50_000)], 401],
  [
    "403 from another origin, 50 kB body",
    () => ["POST", "/api/generate", { "content-type": "application/json", origin: "https://evil.example", cookie: session }, json(50_000)],
    403,
  ],
  [
    "415 for a wrong content type, 50 kB body",
    () => ["POST", "/api/generate", { "content-type": "text/plain", origin: origin(), cookie: session }, json(50_000)],
    415,
  ],
  [
    "413 for a declared 100 kB JSON body",
    () => ["POST", "/api/generate", { "content-type": "application/json", origin: origin(), cookie: session }, json(100_000)],
    413,
  ],
  [
    "413 for an upload one byte over 10 MiB",
    () => ["POST", "/api/uploads", { "content-type": "image/png", origin: origin(), cookie: session }, Buffer.alloc(10 * 1024 * 1024 + 1, 7)],
    413,
  ],
];

describe("after an early refusal, the next request on the same connection answers", () => {
  it.each(CASES)("%s", async (_name, build, status) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const [method, path, headers, body] = build();
      const refused = await send(agent, method, path, headers, body);
      expect(refused.status).toBe(status);
      for (let i = 0; i < 3; i++) {
        const next = await send(agent, "GET", "/api/health", {});
        expect(next.status).toBe(200);
        expect(next.reusedSocket).toBe(true);
      }
    } finally {
      agent.destroy();
    }
  });

  it("a body streamed past the cap without a declared length: 413, and the connection still answers", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          new URL("/api/prompt", stack.workerUrl),
          {
            method: "POST",
            headers: { "content-type": "application/json", "transfer-encoding": "chunked", origin: origin(), cookie: session },
            agent,
          },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          },
        );
        request.on("error", reject);
        request.write('{"prompt":"');
        request.end(Buffer.alloc(100 * 1024, 0x61));
      });
      expect(refused).toBe(413);
      const next = await send(agent, "GET", "/api/health", {});
      expect(next).toEqual({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });
});
