/** A tiny HTTP client with a cookie jar: one instance is one browser (one session). */
export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * One browser. Like the studio, it starts its session with `GET /api/me` before its first write and sends
 * its own `Origin` on writes; `{ asStudio: false }` makes a bare client that does neither (for the tests of
 * the refusals).
 */
export class TestBrowser {
  private cookies = new Map<string, string>();
  private readonly asStudio: boolean;

  /**
   * The client address this browser sends as CF-Connecting-IP (wrangler pages dev keeps a client-sent one): a
   * random one by default, as if every browser were on its own network; pass one to make browsers share it.
   */
  readonly address: string;

  constructor(
    readonly baseUrl: string,
    options: { asStudio?: boolean; address?: string } = {},
  ) {
    this.asStudio = options.asStudio ?? true;
    this.address = options.address ?? randomAddress();
  }

  /** Whether this browser holds a session cookie (`sid`, or `__Host-sid` on https). */
  hasSession(): boolean {
    return this.cookies.has("sid") || this.cookies.has("__Host-sid");
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { json?: unknown; body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers = new Headers(options.headers);
    if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", this.address);
    if (this.asStudio && !SAFE_METHODS.has(method.toUpperCase())) {
      if (!this.hasSession() && !path.startsWith("/api/admin/") && !path.startsWith("/api/webhooks/")) await this.get("/api/me");
      if (!headers.has("origin")) headers.set("origin", new URL(this.baseUrl).origin);
    }
    if (this.cookies.size > 0) headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    let body: string | Uint8Array<ArrayBuffer> | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers.set("content-type", "application/json");
    }
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get("content-type") ?? "").includes("application/json")) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>("GET", path, { headers });
  }

  post<T = any>(path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request<T>("POST", path, { json, headers });
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }
}

export function randomAddress(): string {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  return `10.${a}.${b}.${c}`;
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what ?? "condition"}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
