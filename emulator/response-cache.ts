import type { EmulatorResponse } from "./http";

/** The gateway's response cache: keyed by method, path and body; entries expire after their TTL. */
export class ResponseCache {
  private entries = new Map<string, { expiresAt: number; response: EmulatorResponse }>();

  static key(method: string, pathWithQuery: string, body: string): string {
    return `${method} ${pathWithQuery}\n${body}`;
  }

  get(key: string, now = Date.now()): EmulatorResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.response;
  }

  set(key: string, response: EmulatorResponse, ttlSeconds: number, now = Date.now()): void {
    this.entries.set(key, { expiresAt: now + ttlSeconds * 1000, response });
  }

  clear(): void {
    this.entries.clear();
  }
}
