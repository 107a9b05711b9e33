import "server-only";
/** Masks secrets in anything that is about to be logged or returned: by key name and by how values look. */

const REDACTED = "[REDACTED]";

export interface RedactOptions {
  /** Exact secret values (e.g. the configured tokens) masked wherever they appear, even without a known prefix. */
  secrets?: readonly (string | undefined | null)[];
}

const MAX_DEPTH = 25;
const MAX_JSON_STRING = 64 * 1024;

// Compared after lower-casing and dropping everything but letters and digits ("x-goog-api-key" → "xgoogapikey").
const SECRET_KEY_SUFFIXES = [
  "authorization",
  "apikey",
  "token",
  "secret",
  "password",
  "passwd",
  "cookie",
  "session",
  "sessionid",
  "privatekey",
  "credential",
  "credentials",
  "signature",
];
const SECRET_KEY_PARTS = ["secret", "password"];

// Log lines repeat the same few keys, so each key is judged once (bounded, since keys may come from data).
const secretKeyVerdicts = new Map<string, boolean>();

/** True for keys whose value is a secret whatever it looks like (`promptTokenCount` is not one).
 * @internal Exported for its unit test (tests/unit/redact.test.ts).
 */
export function isSecretKey(key: string): boolean {
  const known = secretKeyVerdicts.get(key);
  if (known !== undefined) return known;
  const normal = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  const verdict =
    normal !== "" && (SECRET_KEY_SUFFIXES.some((suffix) => normal.endsWith(suffix)) || SECRET_KEY_PARTS.some((part) => normal.includes(part)));
  if (secretKeyVerdicts.size < 1000) secretKeyVerdicts.set(key, verdict);
  return verdict;
}

// Each pattern keeps a short, non-secret prefix so a log still says what kind of credential was there.
const SECRET_VALUE_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [/\bToken\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{12,}/g, `Token ${REDACTED}`],
  [/\br8_[A-Za-z0-9]+/g, `r8_…${REDACTED}`],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, `whsec_…${REDACTED}`],
  [/\bAIza[0-9A-Za-z_-]{8,}/g, `AIza…${REDACTED}`],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, `sk-…${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g, `eyJ…${REDACTED}`],
  [/([?&](?:key|api_key|apikey|token|access_token|secret|password|sig|signature)=)[^&#\s"']+/gi, `$1${REDACTED}`],
];

// One cheap test that every pattern above needs to match first; most logged strings fail it and are left alone.
const MAYBE_SECRET = /bearer|basic|token|r8_|whsec_|aiza|sk-|eyj|[?&](?:key|api_key|apikey|access_token|secret|password|sig|signature)=/i;

/** Masks token-looking substrings (and the given exact secrets) in a string. */
export function redactString(text: string, options: RedactOptions = {}): string {
  let out = text;
  for (const secret of options.secrets ?? []) {
    // Short values would mask ordinary words; the configured tokens are all long.
    if (secret && secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  if (!MAYBE_SECRET.test(out)) return out;
  for (const [pattern, replacement] of SECRET_VALUE_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A deep copy of `value` that is safe to log: secret keys → "[REDACTED]", token-looking values masked,
 * Headers/Map/Error/URL turned into plain data, cycles cut, very deep nesting truncated.
 */
export function redact(value: unknown, options: RedactOptions = {}): unknown {
  return walk(value, options, new Set(), 0);
}

function walk(value: unknown, options: RedactOptions, ancestors: Set<object>, depth: number): unknown {
  if (typeof value === "string") return redactStringOrJson(value, options, ancestors, depth);
  if (value === null || typeof value !== "object") {
    if (typeof value === "function") return "[Function]";
    if (typeof value === "symbol") return value.toString();
    return value;
  }
  if (ancestors.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Truncated]";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof URL) return redactString(value.toString(), options);
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return `[Binary ${value.byteLength} bytes]`;

  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, options, ancestors, depth + 1));
    return redactEntries(entriesOf(value), options, ancestors, depth);
  } finally {
    ancestors.delete(value);
  }
}

function entriesOf(value: object): [string, unknown][] {
  if (typeof Headers !== "undefined" && value instanceof Headers) return [...value.entries()];
  if (value instanceof Map) return [...value.entries()].map(([key, item]) => [String(key), item]);
  if (value instanceof Error) {
    const own = Object.entries(value);
    const cause = (value as { cause?: unknown }).cause;
    return [
      ["name", value.name],
      ["message", value.message],
      ...(value.stack ? ([["stack", value.stack]] as [string, unknown][]) : []),
      ...(cause !== undefined ? ([["cause", cause]] as [string, unknown][]) : []),
      ...own,
    ];
  }
  return Object.entries(value);
}

function redactEntries(entries: [string, unknown][], options: RedactOptions, ancestors: Set<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const masked = isSecretKey(key) && item !== null && item !== undefined && item !== "";
    out[key] = masked ? REDACTED : walk(item, options, ancestors, depth + 1);
  }
  return out;
}

// A JSON body logged as text still gets key-based masking; anything else gets the value patterns.
function redactStringOrJson(text: string, options: RedactOptions, ancestors: Set<object>, depth: number): string {
  const trimmed = text.trimStart();
  if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && text.length <= MAX_JSON_STRING) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === "object") {
        return JSON.stringify(walk(parsed, options, ancestors, depth + 1));
      }
    } catch {
      // not JSON after all: fall through to the value patterns
    }
  }
  return redactString(text, options);
}
