/**
 * One browser session against the app, as the studio behaves: a session from `GET /api/me` before the first write,
 * the app's own `Origin` on writes; keeps the cookies, returns status and parsed JSON.
 */
export interface JsonResult<T = unknown> {
  status: number;
  body: T;
}

export class SessionClient {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, json?: unknown): Promise<JsonResult<T>> {
    const unsafe = method !== "GET" && method !== "HEAD";
    if (unsafe && this.cookies.size === 0) await this.request("GET", "/api/me");
    const headers: Record<string, string> = unsafe ? { origin: new URL(this.baseUrl).origin } : {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (json !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      redirect: "manual",
    });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    return { status: response.status, body: (type.includes("application/json") && text ? JSON.parse(text) : text) as T };
  }

  get<T = any>(path: string) {
    return this.request<T>("GET", path);
  }

  post<T = any>(path: string, json?: unknown) {
    return this.request<T>("POST", path, json);
  }
}
