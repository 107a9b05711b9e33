import type { IncomingMessage } from "node:http";
import type { RequestFault } from "./faults";

/** One line of `GET /__emulator/requests`. */
export interface RequestRecord {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  /** Response status; null while pending or when the connection was dropped. */
  status: number | null;
  fault?: RequestFault["type"];
  /** For a dropped prediction create: whether the prediction exists anyway. */
  predictionCreated?: boolean;
  durationMs?: number;
}

const SECRET_HEADERS = new Set(["authorization", "x-goog-api-key", "cf-aig-authorization"]);
const KEPT_HEADERS = new Set(["content-type", "prefer", "cancel-after", "user-agent", "x-goog-api-client", ...SECRET_HEADERS]);
const SECRET_QUERY = new Set(["key"]);

/** Keeps the scheme (`Bearer`, `Token`) so tests can check it, never the secret itself. */
function redact(value: string): string {
  const space = value.indexOf(" ");
  return space > 0 ? `${value.slice(0, space)} [redacted]` : "[redacted]";
}

export function selectHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const selected: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined || !(KEPT_HEADERS.has(name) || name.startsWith("cf-aig-") || name.startsWith("cf-cache") || name === "cf-skip-cache"))
      continue;
    const value = Array.isArray(raw) ? raw.join(", ") : raw;
    selected[name] = SECRET_HEADERS.has(name) ? redact(value) : value;
  }
  return selected;
}

export function selectQuery(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = SECRET_QUERY.has(name) ? "[redacted]" : value;
  return query;
}
