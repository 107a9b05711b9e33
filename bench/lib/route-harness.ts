import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
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

async function toRequest(message: IncomingMessage, baseUrl: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = chunks.length > 0 && message.method !== "GET" && message.method !== "HEAD";
  return new Request(new URL(message.url ?? "/", baseUrl), { method: message.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
}

async function send(response: Response, out: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  out.writeHead(response.status, headers);
  out.end(Buffer.from(await response.arrayBuffer()));
}

/** The app's own route handlers behind a real HTTP server; each request's D1 work is charged to its own tally. */
export async function startRouteHarness(routes: RouteSpec[]): Promise<RouteHarness> {
  let baseUrl = "";
  const served: ServedRequest[] = [];
  const server = createServer(async (message, out) => {
    try {
      const request = await toRequest(message, baseUrl);
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
      await send(response, out);
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
