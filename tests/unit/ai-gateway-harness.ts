import { createAiGateway, type AiGatewayConfig, type GatewayCallRecord } from "../../lib/ai-gateway";
import { createLogger } from "../../lib/platform/logger";

/** A scripted fetch, a fake clock and a captured log for gateway client tests. */

interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  bodyText: string | null;
  body: unknown;
  signal: AbortSignal | null;
}

export type Responder = (request: RecordedRequest) => Response | Promise<Response>;

export const GATEWAY_URL = "https://gateway.ai.cloudflare.com/v1/acct123/studio";
export const REPLICATE_TOKEN = "r8_TestTokenNotReal0123456789ab";
export const GEMINI_KEY = "AIzaTestKeyNotReal0123456789abcd";
export const GATEWAY_TOKEN = "cfaig-gateway-token-0123456789abcdef";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Responder {
  return () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** Never answers; rejects the way fetch does once the request's signal aborts. */
export const hang: Responder = (request) =>
  new Promise<Response>((_resolve, reject) => {
    const signal = request.signal;
    if (!signal) return;
    signal.addEventListener("abort", () => reject(new DOMException("The operation was aborted.", "AbortError")));
  });

/** The request went out and the connection broke before an answer (undici's shape). */
export const dropped: Responder = () => {
  throw new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
};

/** The connection was refused: nothing was sent (undici's shape). */
export const refused: Responder = () => {
  throw new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8787"), { code: "ECONNREFUSED" }),
  });
};

function fakeFetch(script: Responder[]) {
  const queue = [...script];
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const bodyText = typeof init.body === "string" ? init.body : null;
    const request: RecordedRequest = {
      url: String(input),
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      bodyText,
      body: bodyText === null ? null : (JSON.parse(bodyText) as unknown),
      signal: init.signal ?? null,
    };
    requests.push(request);
    const next = queue.shift();
    if (!next) {
      unexpected.push(`${request.method} ${request.url}`);
      throw new Error(`unexpected request: ${request.method} ${request.url}`);
    }
    return next(request);
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    /** Scripted answers not used yet plus requests nobody scripted; both must be empty at the end of a test. */
    leftovers: () => ({ unused: queue.length, unexpected }),
  };
}

export const CLOCK_START = Date.UTC(2026, 10, 27, 12, 0, 0);

function fakeClock(start = CLOCK_START) {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

/** A gateway wired to fakes: scripted fetch, fake clock, fixed jitter, captured log lines and call records. */
export function setup(script: Responder[], overrides: Partial<AiGatewayConfig> = {}) {
  const http = fakeFetch(script);
  const clock = fakeClock();
  const lines: Record<string, unknown>[] = [];
  const records: GatewayCallRecord[] = [];
  const logger = createLogger({
    level: "debug",
    now: clock.now,
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const gateway = createAiGateway({
    gatewayUrl: GATEWAY_URL,
    gatewayToken: GATEWAY_TOKEN,
    replicateApiToken: REPLICATE_TOKEN,
    geminiApiKey: GEMINI_KEY,
    geminiModel: "gemini-3.8-flash",
    fetch: http.fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    logger,
    onCall: (record) => records.push(record),
    ...overrides,
  });
  return { gateway, http, clock, lines, records, callLines: () => lines.filter((line) => line.msg === "gateway.call") };
}

export function prediction(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "gm3qorzdhgbfurvjtvhg6dckhu",
    model: "black-forest-labs/flux-schnell",
    version: "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
    input: { prompt: "a red fox" },
    logs: "",
    output: null,
    error: null,
    status: "starting",
    data_removed: false,
    created_at: "2026-11-27T12:00:00.000Z",
    urls: {
      get: "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
      cancel: "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel",
    },
    ...overrides,
  };
}

/** Runs `promise`, expecting it to reject, and returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
