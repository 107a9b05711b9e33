import type { IncomingMessage, ServerResponse } from "node:http";

/** What a route answers; `chunks` are written one by one (SSE). */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  chunks: (string | Buffer)[];
  /** Set by prediction creates so the gateway layer can tie faults to the prediction. */
  predictionId?: string;
}

export interface RouteRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  rawBody: string;
  /** Parsed JSON body; `undefined` when the body is empty or not JSON. */
  json: unknown;
  /** Aborted when the client goes away or the emulator closes. */
  signal: AbortSignal;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    chunks: [JSON.stringify(body)],
  };
}

export function headerValue(headers: IncomingMessage["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function readBody(req: IncomingMessage, limitBytes = 10 * 1024 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw new Error("request body too large");
    parts.push(buffer);
  }
  return Buffer.concat(parts).toString("utf8");
}

export function parseJson(raw: string): unknown {
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function writeResponse(res: ServerResponse, response: EmulatorResponse): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(response.status, response.headers);
  for (const chunk of response.chunks) res.write(chunk);
  res.end();
}

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * A signal that aborts with `parent` or after `ms`, detached from `parent` by `release()`.
 * (Used instead of AbortSignal.any so that long-lived parents do not collect listeners.)
 */
export function childSignal(parent: AbortSignal, ms?: number): { signal: AbortSignal; abort(): void; release(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = ms === undefined ? undefined : setTimeout(abort, ms);
  if (parent.aborted) abort();
  else parent.addEventListener("abort", abort, { once: true });
  return {
    signal: controller.signal,
    abort,
    release() {
      clearTimeout(timer);
      parent.removeEventListener("abort", abort);
    },
  };
}
