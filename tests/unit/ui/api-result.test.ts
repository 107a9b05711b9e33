import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestJson } from "@/components/api-client/api-result";
import { parseRetryAfterMs } from "@/lib/shared/retry-after";

// A real HTTP server answering the shapes the app's API uses.
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/ok") {
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ task: { id: "t1" } }));
    } else if (req.url === "/limited") {
      res
        .writeHead(429, { "content-type": "application/json", "retry-after": "17" })
        .end(JSON.stringify({ error: { code: "rate_limited", message: "Slow down." } }));
    } else if (req.url === "/html-error") {
      res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>");
    } else if (req.url === "/echo" && req.method === "POST") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ got: JSON.parse(body), type: req.headers["content-type"] })),
      );
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: "No such task." } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("requestJson", () => {
  it("returns the parsed body of a success", async () => {
    const result = await requestJson<{ task: { id: string } }>(`${base}/ok`);
    expect(result).toEqual({ ok: true, status: 201, data: { task: { id: "t1" } } });
  });

  it("reads the error body and Retry-After of a 429", async () => {
    const result = await requestJson(`${base}/limited`);
    expect(result).toEqual({
      ok: false,
      error: { status: 429, code: "rate_limited", message: "Slow down.", retryAfterSeconds: 17 },
    });
  });

  it("survives an error page that is not JSON", async () => {
    const result = await requestJson(`${base}/html-error`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ status: 502, code: "http_502", message: "" });
  });

  it("reads the error code of a 404", async () => {
    const result = await requestJson(`${base}/missing`);
    expect(result.ok || result.error.code).toBe("not_found");
  });

  it("sends what it is given", async () => {
    const result = await requestJson<{ got: unknown; type: string }>(`${base}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "a cat" }),
    });
    expect(result.ok && result.data).toEqual({ got: { prompt: "a cat" }, type: "application/json" });
  });

  it("reports a network failure instead of throwing", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await requestJson(`http://127.0.0.1:${port}/anything`);
    expect(result).toEqual({ ok: false, error: { status: null, code: "network_error", message: "", retryAfterSeconds: null } });
  });

  it("rethrows when the caller aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(requestJson(`${base}/ok`, { signal: controller.signal })).rejects.toThrow();
  });
});

describe("parseRetryAfterMs", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterMs("30", now)).toBe(30_000);
    expect(parseRetryAfterMs("Thu, 01 Jan 2026 00:00:45 GMT", now)).toBe(45_000);
    expect(parseRetryAfterMs("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(parseRetryAfterMs("soon", now)).toBeNull();
  });
});
