import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import type { DeliveryRecord } from "../../emulator/webhooks";
import type { FaultConfigInput } from "../../emulator/faults";
import type { RequestRecord } from "../../emulator/request-log";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/server";

const ZERO_DELAYS = { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 0, webhookThrottleMs: 0 };
export const REPLICATE_AUTH = { authorization: "Bearer r8_test" };

export function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, delays: ZERO_DELAYS, ...options });
}

/** Base URL of the Replicate API behind the emulated gateway. */
export function replicateBase(emulator: Emulator): string {
  return `${emulator.url}/v1/acct/gw/replicate`;
}

export function geminiBase(emulator: Emulator): string {
  return `${emulator.url}/v1/acct/gw/google-ai-studio`;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

export async function createPrediction(emulator: Emulator, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const url = `${replicateBase(emulator)}/models/black-forest-labs/flux-schnell/predictions`;
  return postJson(url, body, { ...REPLICATE_AUTH, ...headers });
}

export async function setFaults(emulator: Emulator, config: FaultConfigInput): Promise<void> {
  const response = await postJson(`${emulator.url}/__emulator/faults`, config);
  if (!response.ok) throw new Error(`faults rejected: ${response.status} ${await response.text()}`);
}

export async function control<T>(emulator: Emulator, path: string): Promise<T> {
  const response = await fetch(`${emulator.url}/__emulator/${path}`);
  return (await response.json()) as T;
}

export const recordedRequests = (emulator: Emulator) => control<RequestRecord[]>(emulator, "requests");
export const deliveryLog = (emulator: Emulator) => control<DeliveryRecord[]>(emulator, "webhooks");

export interface EmulatorPrediction {
  id: string;
  status: string;
  logs: string;
  output: string | string[] | null;
  error: string | null;
  metrics?: Record<string, number>;
  urls: { get: string; cancel: string; web: string };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: EmulatorPrediction;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer for the n-th delivery (0-based); 204 by default. */
  respondWith: (delivery: ReceivedWebhook, n: number) => number;
  close(): Promise<void>;
}

/** A tiny real HTTP server standing in for the app's webhook route. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    respondWith: () => 204,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(parts).toString("utf8");
      const delivery = { headers: req.headers, rawBody, body: JSON.parse(rawBody) as EmulatorPrediction };
      receiver.received.push(delivery);
      res.writeHead(receiver.respondWith(delivery, receiver.received.length - 1));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

export async function waitFor<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function waitForTerminal(emulator: Emulator, id: string): Promise<EmulatorPrediction> {
  return waitFor(
    async () => (await (await fetch(`${replicateBase(emulator)}/predictions/${id}`, { headers: REPLICATE_AUTH })).json()) as EmulatorPrediction,
    (p) => ["succeeded", "failed", "canceled", "aborted"].includes(p.status),
  );
}

/** Response bodies in these tests are checked field by field, so an untyped read keeps them short. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json<T = any>(response: Response): Promise<T> {
  return response.json() as Promise<T>;
}

export interface ImageServer {
  url: string;
  /** Every path (with query) requested so far, in order. */
  requested: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for the app's signed input-image URLs: `/img/<w>x<h>.png` answers a PNG of that size (any query string
 * is ignored, so `?n=3` makes distinct URLs), `/note.txt` answers text labelled image/png, anything else 403.
 */
export async function startImageServer(): Promise<ImageServer> {
  const requested: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    requested.push(path);
    const size = /^\/img\/(\d+)x(\d+)\.png(?:\?|$)/.exec(path);
    if (size) {
      const [width, height] = [Number(size[1]), Number(size[2])];
      void sharp({ create: { width, height, channels: 3, background: "#3a7" } })
        .png()
        .toBuffer()
        .then((png) => res.writeHead(200, { "content-type": "image/png" }).end(png));
      return;
    }
    if (path.startsWith("/note.txt")) return void res.writeHead(200, { "content-type": "image/png" }).end("not an image");
    res.writeHead(403).end("expired");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requested,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The problem body of a request the official client saw refused (its ApiError message ends with the body and a dot). */
export function problemOf(error: unknown): {
  status: number;
  title: string;
  invalid_fields?: { type: string; field: string; description: string }[];
} {
  const message = error instanceof Error ? error.message : String(error);
  return JSON.parse(message.slice(message.indexOf("{"), message.lastIndexOf("}") + 1));
}
