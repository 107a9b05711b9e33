import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleControl, type ControlContext } from "./control";
import { DEFAULT_DELAYS, FaultState, faultConfigSchema, type EmulatorDelays } from "./faults";
import { handleFile, renderOutputs } from "./files";
import { handleGateway, matchGatewayPath, type GatewayContext } from "./gateway";
import { gatewayRetriesSchema } from "./gateway-retries";
import { childSignal, jsonResponse, parseJson, readBody, writeResponse, type EmulatorResponse, type RouteRequest } from "./http";
import { newWebhookSecret } from "./ids";
import { ImageCache } from "./images";
import { PredictionStore } from "./predictions";
import { selectHeaders, selectQuery, type RequestRecord } from "./request-log";
import { ResponseCache } from "./response-cache";
import { WebhookDispatcher } from "./webhooks";

/** @internal The emulator's programmatic face for test suites and benchmarks (delays, faults, forged signatures). */
export type { EmulatorDelays, FaultConfigInput } from "./faults";
/** @internal */
export { signWebhook } from "./webhook-signing";

export interface EmulatorOptions {
  /** 0 (the default here) = an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, require `cf-aig-authorization: Bearer <token>` (else the gateway's 401 envelope, code 2009). */
  gatewayToken?: string;
  /** When set, require `Authorization: Bearer|Token <it>`; otherwise any `r8_` token is accepted. */
  replicateApiToken?: string;
  /** When set, require `x-goog-api-key` or `?key=` equal to it; otherwise any non-empty key. */
  geminiApiKey?: string;
  /** `whsec_…`; generated when unset. */
  webhookSecret?: string;
  /** Missing fields take the interactive defaults; tests pass zeros. */
  delays?: Partial<EmulatorDelays>;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  webhookSecret: string;
  close(): Promise<void>;
}

const MAX_RECORDED_REQUESTS = 10_000;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? "127.0.0.1";
  const server = createServer();
  await listen(server, opts.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const publicHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const baseUrl = `http://${publicHost}:${port}`;
  const webhookSecret = opts.webhookSecret ?? newWebhookSecret();

  const startupDelays: EmulatorDelays = { ...DEFAULT_DELAYS, ...opts.delays };
  const delays: EmulatorDelays = { ...startupDelays };
  const faults = new FaultState();
  const webhooks = new WebhookDispatcher({ secret: webhookSecret, faults, delays: () => delays });
  const images = new ImageCache();
  const store = new PredictionStore({
    delays: () => delays,
    faults,
    baseUrl,
    onEvent: (record, event) => {
      if (event !== "completed" || record.prediction.status !== "succeeded") return webhooks.handle(record, event);
      void renderOutputs(images, record).then(() => webhooks.handle(record, event));
    },
  });
  const cache = new ResponseCache();
  const requests: RequestRecord[] = [];
  let requestSeq = 0;
  const closing = new AbortController();

  const gateway: GatewayContext = {
    baseUrl,
    gatewayToken: opts.gatewayToken,
    cache,
    faults,
    retries: gatewayRetriesSchema.parse({}),
    store,
    replicate: { store, webhookSecret, apiToken: opts.replicateApiToken },
    gemini: { faults, apiKey: opts.geminiApiKey },
  };
  const control: ControlContext = {
    baseUrl,
    requests,
    store,
    faults,
    webhooks,
    delays,
    retries: gateway.retries,
    reset() {
      requests.length = 0;
      store.clear();
      cache.clear();
      images.clear();
      webhooks.reset();
      faults.replace(faultConfigSchema.parse({}));
      Object.assign(delays, startupDelays);
      Object.assign(gateway.retries, gatewayRetriesSchema.parse({}));
    },
  };

  async function route(req: RouteRequest, record: RequestRecord): Promise<EmulatorResponse | undefined> {
    const { pathname } = req.url;
    const file = /^\/files\/([^/]+)\/([^/]+)$/.exec(pathname);
    if (file && req.method === "GET") return handleFile(store, images, file[1] ?? "", file[2] ?? "", faults.config);
    const web = /^\/p\/([^/]+)$/.exec(pathname);
    if (web && req.method === "GET") {
      const found = store.get(web[1] ?? "");
      return found ? jsonResponse(200, found.prediction) : jsonResponse(404, { detail: "Not found." });
    }
    if (pathname === "/" && req.method === "GET") {
      return jsonResponse(200, {
        name: "flux-studio provider emulator",
        gatewayBaseUrl: `${baseUrl}/v1/local/studio`,
        providers: ["replicate", "google-ai-studio"],
        control: [
          "GET /__emulator/health",
          "GET /__emulator/requests",
          "GET /__emulator/predictions",
          "GET /__emulator/webhooks",
          "GET|POST /__emulator/faults",
          "GET|POST /__emulator/gateway",
          "POST /__emulator/reset",
        ],
      });
    }
    const gatewayRoute = matchGatewayPath(pathname);
    if (!gatewayRoute) return jsonResponse(404, { error: `no route for ${req.method} ${pathname}` });
    const outcome = await handleGateway(gateway, req, gatewayRoute);
    record.upstreamAttempts = outcome.upstreamAttempts;
    if (outcome.predictionsCreated !== undefined) record.predictionsCreated = outcome.predictionsCreated;
    if (outcome.kind === "respond") {
      record.fault = outcome.fault?.type;
      return outcome.response;
    }
    record.fault = outcome.fault.type;
    if (outcome.created !== undefined) record.predictionCreated = outcome.created;
    return undefined;
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? "/", baseUrl);
    const scope = childSignal(closing.signal);
    res.on("close", () => {
      scope.abort();
      scope.release();
    });
    const rawBody = await readBody(req).catch(() => "");
    const routeReq: RouteRequest = {
      method: req.method ?? "GET",
      url,
      headers: req.headers,
      rawBody,
      json: parseJson(rawBody),
      signal: scope.signal,
    };
    if (url.pathname.startsWith("/__emulator/")) {
      return writeResponse(res, handleControl(control, routeReq, url.pathname.slice("/__emulator/".length)));
    }
    const record: RequestRecord = {
      seq: ++requestSeq,
      time: new Date(started).toISOString(),
      method: routeReq.method,
      path: url.pathname,
      query: selectQuery(url),
      headers: selectHeaders(req.headers),
      body: rawBody === "" ? null : (routeReq.json ?? rawBody),
      status: null,
    };
    requests.push(record);
    // Bounded so a long interactive session (the app polls) cannot grow without end.
    if (requests.length > MAX_RECORDED_REQUESTS) requests.shift();
    try {
      const response = await route(routeReq, record);
      record.durationMs = Date.now() - started;
      if (!response) return void req.socket.destroy();
      record.status = response.status;
      writeResponse(res, response);
    } catch (error) {
      record.status = 500;
      writeResponse(res, jsonResponse(500, { error: error instanceof Error ? error.message : String(error) }));
    }
  }

  server.on("request", (req, res) => void onRequest(req, res));

  return {
    url: baseUrl,
    port,
    webhookSecret,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        webhooks.reset();
        store.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
