import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sendWebResponse, toWebRequest } from "../../tests/helpers/web-bridge";
import { newTally, tallyScope, type D1Tally } from "./metered-d1";

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteSpec {
  name: string;
  method: string;
  pattern: RegExp;
  handler: RouteHandler;
}

/** One request the harness served, with everything it did to D1 and R2. */
export interface ServedRequest {
  route: string;
  url: URL;
  headers: Headers;
  status: number;
  tally: D1Tally;
}

export interface RouteHarness {
  url: string;
  served: ServedRequest[];
  close(): Promise<void>;
}

/** The app's own route handlers behind a real HTTP server; each request's D1 work is charged to its own tally. */
export async function startRouteHarness(routes: RouteSpec[]): Promise<RouteHarness> {
  let baseUrl = "";
  const served: ServedRequest[] = [];
  const server = createServer(async (message, out) => {
    try {
      const request = await toWebRequest(message, baseUrl);
      const url = new URL(request.url);
      const route = routes.find((r) => r.method === request.method && r.pattern.test(url.pathname));
      if (!route) {
        out.writeHead(404).end();
        return;
      }
      const params = { ...(route.pattern.exec(url.pathname)?.groups ?? {}) };
      const tally = newTally();
      const headers = new Headers(request.headers);
      const response = await tallyScope.run(tally, () => route.handler(request, { params: Promise.resolve(params) }));
      served.push({ route: route.name, url, headers, status: response.status, tally });
      await sendWebResponse(response, out);
    } catch (error) {
      out.writeHead(599, { "content-type": "text/plain" }).end(`harness error: ${String(error)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
