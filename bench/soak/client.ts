import { performance } from "node:perf_hooks";

/** Latencies by route name, and the statuses each route answered (0 = no answer: a network error or our timeout). */
export class LatencyLog {
  readonly ms = new Map<string, number[]>();
  readonly statuses = new Map<string, Map<number, number>>();

  record(route: string, ms: number, status: number): void {
    const samples = this.ms.get(route) ?? [];
    samples.push(ms);
    this.ms.set(route, samples);
    const counts = this.statuses.get(route) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    this.statuses.set(route, counts);
  }
}

export interface Answer<T = any> {
  status: number;
  body: T;
}

interface RequestOptions {
  json?: unknown;
  /** A raw body (an upload) and its declared type. */
  bytes?: Uint8Array<ArrayBuffer>;
  contentType?: string;
  /** Names the route in the latency log (the path has ids in it); unlogged when absent. */
  route?: string;
}

/** Long enough for a create that waits out PROVIDER_TIMEOUT_SECONDS, short enough that a hung request ends the run. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * One person's browser as the studio behaves: a session from `GET /api/me` before the first write, the app's own
 * `Origin` on writes, cookies kept; every request says which client address it comes from (`cf-connecting-ip`),
 * as Cloudflare's edge would.
 */
export class SoakSession {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly address: string,
    private readonly latency: LatencyLog,
  ) {}

  get<T = any>(path: string, route?: string): Promise<Answer<T>> {
    return this.request<T>("GET", path, { route });
  }

  post<T = any>(path: string, json: unknown, route?: string): Promise<Answer<T>> {
    return this.request<T>("POST", path, { json, route });
  }

  upload<T = any>(bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<Answer<T>> {
    return this.request<T>("POST", "/api/uploads", { bytes, contentType, route: "POST /api/uploads" });
  }

  /** The bytes behind an app URL (an image), with its status and type. */
  async fetchBytes(path: string): Promise<{ status: number; type: string; bytes: number }> {
    try {
      const response = await fetch(`${this.baseUrl}${path}`, { headers: this.headers(false), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await response.arrayBuffer();
      return { status: response.status, type: response.headers.get("content-type") ?? "", bytes: body.byteLength };
    } catch {
      return { status: 0, type: "", bytes: 0 };
    }
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const unsafe = method !== "GET" && method !== "HEAD";
    if (unsafe && this.cookies.size === 0) await this.request("GET", "/api/me");
    const headers = this.headers(unsafe);
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.bytes !== undefined) {
      headers["content-type"] = options.contentType ?? "application/octet-stream";
      body = options.bytes;
    }
    const started = performance.now();
    let answer: Answer<T>;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      this.keepCookies(response);
      const text = await response.text();
      const json = (response.headers.get("content-type") ?? "").includes("application/json") && text !== "";
      answer = { status: response.status, body: (json ? JSON.parse(text) : text) as T };
    } catch (error) {
      answer = { status: 0, body: String(error) as T };
    }
    if (options.route) this.latency.record(options.route, performance.now() - started, answer.status);
    return answer;
  }

  private headers(unsafe: boolean): Record<string, string> {
    const headers: Record<string, string> = { "cf-connecting-ip": this.address };
    if (unsafe) headers.origin = new URL(this.baseUrl).origin;
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return headers;
  }

  private keepCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
}
