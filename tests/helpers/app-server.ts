import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator } from "../../emulator/server";
import { sendWebResponse, toWebRequest } from "./web-bridge";
import { createTestD1, type TestD1 } from "./d1";
import { TestBrowser } from "./http-client";
import { TEST_SECRETS } from "./secrets";

export { TEST_SECRETS, leakedSecrets } from "./secrets";
import * as adminReconcile from "../../app/api/admin/reconcile/route";
import * as gallery from "../../app/api/gallery/route";
import * as generate from "../../app/api/generate/route";
import * as health from "../../app/api/health/route";
import * as image from "../../app/api/images/[taskId]/[index]/route";
import * as me from "../../app/api/me/route";
import * as models from "../../app/api/models/route";
import * as openapi from "../../app/api/openapi.json/route";
import * as prompt from "../../app/api/prompt/route";
import * as run from "../../app/api/runs/[id]/route";
import * as runs from "../../app/api/runs/route";
import * as taskCancel from "../../app/api/tasks/[id]/cancel/route";
import * as taskStar from "../../app/api/tasks/[id]/star/route";
import * as task from "../../app/api/tasks/[id]/route";
import * as taskEvents from "../../app/api/tasks/[id]/events/route";
import * as tasks from "../../app/api/tasks/route";
import * as webhook from "../../app/api/webhooks/replicate/route";

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;

const ROUTES: [string, RegExp, RouteHandler][] = [
  ["GET", /^\/api\/health$/, health.GET as RouteHandler],
  ["GET", /^\/api\/me$/, me.GET as RouteHandler],
  ["GET", /^\/api\/models$/, models.GET as RouteHandler],
  ["GET", /^\/api\/openapi\.json$/, openapi.GET as RouteHandler],
  ["POST", /^\/api\/generate$/, generate.POST as RouteHandler],
  ["GET", /^\/api\/tasks$/, tasks.GET as RouteHandler],
  ["GET", /^\/api\/tasks\/(?<id>[^/]+)$/, task.GET as RouteHandler],
  ["GET", /^\/api\/tasks\/(?<id>[^/]+)\/events$/, taskEvents.GET as RouteHandler],
  ["POST", /^\/api\/tasks\/(?<id>[^/]+)\/cancel$/, taskCancel.POST as RouteHandler],
  ["POST", /^\/api\/tasks\/(?<id>[^/]+)\/star$/, taskStar.POST as RouteHandler],
  ["DELETE", /^\/api\/tasks\/(?<id>[^/]+)\/star$/, taskStar.DELETE as RouteHandler],
  ["GET", /^\/api\/gallery$/, gallery.GET as RouteHandler],
  ["POST", /^\/api\/runs$/, runs.POST as RouteHandler],
  ["GET", /^\/api\/runs\/(?<id>[^/]+)$/, run.GET as RouteHandler],
  ["GET", /^\/api\/images\/(?<taskId>[^/]+)\/(?<index>[^/]+)$/, image.GET as RouteHandler],
  ["POST", /^\/api\/prompt$/, prompt.POST as RouteHandler],
  ["POST", /^\/api\/webhooks\/replicate$/, webhook.POST as RouteHandler],
  ["POST", /^\/api\/admin\/reconcile$/, adminReconcile.POST as RouteHandler],
];

/** Extra routes (e.g. admin stats) can be registered by the suites that own them. */
export function registerRoute(method: string, pattern: RegExp, handler: RouteHandler) {
  ROUTES.push([method, pattern, handler]);
}

export interface TestApp {
  url: string;
  emulator: Emulator;
  storage: TestD1;
  logLines: string[];
  /** A new browser (its own cookie jar); `address` makes several share one client address. */
  browser(options?: { address?: string }): TestBrowser;
  /** Replaces settings for the requests that follow (parsed afresh). */
  setVars(vars: Record<string, string>): void;
  close(): Promise<void>;
}

/**
 * The app's real route handlers behind a real HTTP server, on real local D1/R2 (miniflare), talking to
 * the provider emulator over HTTP; the emulator's webhooks come back to this server.
 */
export async function startTestApp(options: { vars?: Record<string, string>; captureLogs?: boolean } = {}): Promise<TestApp> {
  const storage = await createTestD1();
  const emulator = await startEmulator({
    port: 0,
    gatewayToken: TEST_SECRETS.gatewayToken,
    replicateApiToken: TEST_SECRETS.replicateApiToken,
    geminiApiKey: TEST_SECRETS.geminiApiKey,
    webhookSecret: TEST_SECRETS.webhookSecret,
    delays: { startMs: 0, stepMs: 0, webhookMs: 0, webhookRetryMs: 50 },
  });
  let baseUrl = "";
  const logLines: string[] = [];
  const server = createServer(async (request, out) => {
    try {
      const webRequest = await toWebRequest(request, baseUrl);
      const path = new URL(webRequest.url).pathname;
      const route = ROUTES.find(([method, pattern]) => method === webRequest.method && pattern.test(path));
      if (!route) {
        out.writeHead(404, { "content-type": "application/json" });
        out.end(JSON.stringify({ error: { code: "not_found", message: "No such route." } }));
        return;
      }
      const params = { ...(route[1].exec(path)?.groups ?? {}) };
      const response = await route[2](webRequest, { params: Promise.resolve(params) });
      if (response.status >= 500 && response.status !== 503 && response.status !== 502 && response.status !== 504) {
        // Unexpected server errors are shown with the log lines that explain them.
        const body = await response.clone().text();
        process.stderr.write(
          `\n[harness] ${webRequest.method} ${path} → ${response.status} ${body}\n${logLines
            .filter((line) => line.includes('"error"'))
            .slice(-3)
            .join("\n")}\n`,
        );
      }
      await sendWebResponse(response, out);
    } catch (error) {
      out.writeHead(599, { "content-type": "text/plain" });
      out.end(`harness error: ${String(error)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const baseVars: Record<string, string> = {
    CLOUDFLARE_AI_GATEWAY_URL: `${emulator.url}/v1/test-account/test-gateway`,
    CLOUDFLARE_AI_GATEWAY_TOKEN: TEST_SECRETS.gatewayToken,
    REPLICATE_API_TOKEN: TEST_SECRETS.replicateApiToken,
    REPLICATE_WEBHOOK_SECRET: TEST_SECRETS.webhookSecret,
    GEMINI_API_KEY: TEST_SECRETS.geminiApiKey,
    GEMINI_MODEL: "gemini-3.8-flash",
    APP_ENV: "test",
    APP_URL: baseUrl,
    SESSION_SECRET: TEST_SECRETS.sessionSecret,
    ADMIN_TOKEN: TEST_SECRETS.adminToken,
    REPLICATE_OUTPUT_HOSTS: new URL(emulator.url).host,
  };
  const setVars = (vars: Record<string, string>) => {
    const env = { DB: storage.d1, IMAGES: storage.r2, ...baseVars, ...vars };
    (globalThis as { __testRequestContext?: unknown }).__testRequestContext = {
      env,
      ctx: { waitUntil: () => undefined, passThroughOnException: () => undefined },
      cf: {},
    };
  };
  setVars(options.vars ?? {});

  const originals = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  if (options.captureLogs !== false) {
    for (const level of Object.keys(originals) as (keyof typeof originals)[]) {
      console[level] = (...args: unknown[]) => {
        logLines.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
      };
    }
  }

  return {
    url: baseUrl,
    emulator,
    storage,
    logLines,
    browser: (browserOptions) => new TestBrowser(baseUrl, browserOptions),
    setVars,
    async close() {
      Object.assign(console, originals);
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await emulator.close();
      await storage.dispose();
    },
  };
}
