import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AiGatewayError, createAiGateway, type GatewayCallRecord } from "../../lib/ai-gateway";
import { silentLogger } from "../../lib/platform/logger";
import { prediction, rejectionOf } from "./ai-gateway-harness";

/** The client over real sockets (Node's fetch): what a real drop, refusal or stall looks like. */

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function serve(handlers: Handler[]): Promise<{ baseUrl: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
      const handler = handlers.shift();
      if (handler) handler(request, response, body);
      else response.writeHead(599).end("unexpected request");
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1/local/studio`, received };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/local/studio`;
}

// Short timeouts only where a test waits for one; an answering server gets time to spare on a busy machine.
function gatewayFor(gatewayUrl: string, records: GatewayCallRecord[] = [], timeoutMs = 300) {
  return createAiGateway({
    gatewayUrl,
    gatewayToken: "local-gateway-token-0123",
    replicateApiToken: "r8_LocalReplicateToken0123456789",
    geminiApiKey: "AIzaLocalGeminiKey0123456789",
    geminiModel: "gemini-3.8-flash",
    timeoutMs: { replicate: timeoutMs, gemini: timeoutMs },
    sleep: async () => {},
    logger: silentLogger,
    onCall: (record) => records.push(record),
  });
}

const params = { model: "flux-schnell", input_prompt: "a fox", user_id: "u1", task_id: "task_1" };

const answer201: Handler = (_request, response) => {
  response.writeHead(201, { "content-type": "application/json", "cf-aig-log-id": "01JREALLOGID" });
  response.end(JSON.stringify(prediction()));
};
const destroy: Handler = (request) => request.socket.destroy();
const neverAnswer: Handler = () => {};
const headersThenStall: Handler = (_request, response) => {
  response.writeHead(201, { "content-type": "application/json" });
  response.write('{"id":"gm3q');
};

function expectGatewayError(error: unknown): AiGatewayError {
  expect(error).toBeInstanceOf(AiGatewayError);
  return error as AiGatewayError;
}

describe("the gateway client over real HTTP", () => {
  it("creates a prediction and reads the gateway's log id", async () => {
    const { baseUrl, received } = await serve([answer201]);
    const records: GatewayCallRecord[] = [];
    const result = await gatewayFor(baseUrl, records, 10_000).generateImageViaReplicate(params);
    expect(result.id).toBe("gm3qorzdhgbfurvjtvhg6dckhu");
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: "POST", url: "/v1/local/studio/replicate/models/black-forest-labs/flux-schnell/predictions" });
    expect(received[0]?.headers["cf-aig-authorization"]).toBe("Bearer local-gateway-token-0123");
    expect(JSON.parse(received[0]?.body ?? "{}")).toEqual({ input: { prompt: "a fox" } });
    expect(records[0]).toMatchObject({ ok: true, logId: "01JREALLOGID", attempts: 1 });
  });

  it("a create whose connection is dropped after the server read it is not re-sent", async () => {
    const { baseUrl, received } = await serve([destroy, answer201]);
    const error = expectGatewayError(await rejectionOf(gatewayFor(baseUrl).generateImageViaReplicate(params)));
    expect(error).toMatchObject({ kind: "network", outcomeUnknown: true, retryable: false });
    expect(received).toHaveLength(1);
  });

  it("a create that gets no answer times out once and is not re-sent", async () => {
    const { baseUrl, received } = await serve([neverAnswer, answer201]);
    const error = expectGatewayError(await rejectionOf(gatewayFor(baseUrl).generateImageViaReplicate(params)));
    expect(error).toMatchObject({ kind: "timeout", outcomeUnknown: true, retryable: false, attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it("a create whose body stalls after a 201 times out with the outcome unknown", async () => {
    const { baseUrl, received } = await serve([headersThenStall]);
    const error = expectGatewayError(await rejectionOf(gatewayFor(baseUrl).generateImageViaReplicate(params)));
    expect(error).toMatchObject({ kind: "timeout", outcomeUnknown: true, status: null });
    expect(received).toHaveLength(1);
  });

  it("a refused connection is retried, even for a create, and ends as a retryable network error", async () => {
    const records: GatewayCallRecord[] = [];
    const error = expectGatewayError(await rejectionOf(gatewayFor(await closedPortUrl(), records).generateImageViaReplicate(params)));
    expect(error).toMatchObject({ kind: "network", outcomeUnknown: false, retryable: true, attempts: 4 });
    expect(error.message).toMatch(/CLOUDFLARE_AI_GATEWAY_URL/);
    expect(records[0]).toMatchObject({ attempts: 4, ok: false, errorKind: "network", httpStatus: null });
  });

  it("a GET whose connection drops is retried and succeeds", async () => {
    const ok: Handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(prediction({ status: "succeeded", output: ["https://replicate.delivery/x/out-0.webp"] })));
    };
    const { baseUrl, received } = await serve([destroy, neverAnswer, ok]);
    const result = await gatewayFor(baseUrl).getPrediction("gm3qorzdhgbfurvjtvhg6dckhu");
    expect(result.status).toBe("succeeded");
    expect(received.map((request) => `${request.method} ${request.url}`)).toEqual(
      Array(3).fill("GET /v1/local/studio/replicate/predictions/gm3qorzdhgbfurvjtvhg6dckhu"),
    );
  });
});
