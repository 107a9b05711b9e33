import "server-only";
import { redact, type RedactOptions } from "./redact";

/** One structured JSON line per entry, always redacted; the same logger serves gateway calls and request logs. */

export type LogLevel = "debug" | "info" | "warn" | "error";
type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry (e.g. request id, route). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lowest level written; default "info", or "debug" when `debug` is set. */
  level?: LogLevel;
  /** APP_ENV=development: write debug entries too. */
  debug?: boolean;
  /** Receives each finished line; default: console.log / console.warn / console.error by level. */
  write?: (line: string, level: LogLevel) => void;
  /** Fields added to every entry. */
  fields?: LogFields;
  /** Exact secret values to mask wherever they appear (see redact). */
  secrets?: RedactOptions["secrets"];
  now?: () => number;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const RESERVED = new Set(["time", "level", "msg"]);

function writeToConsole(line: string, level: LogLevel): void {
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const minimum = LEVEL_RANK[options.level ?? (options.debug ? "debug" : "info")];
  const write = options.write ?? writeToConsole;
  const now = options.now ?? Date.now;
  const bound = options.fields ?? {};

  function log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (LEVEL_RANK[level] < minimum) return;
    const entry: LogFields = { time: new Date(now()).toISOString(), level, msg };
    const safe = redact({ ...bound, ...fields }, { secrets: options.secrets }) as LogFields;
    for (const [key, value] of Object.entries(safe)) {
      // A field named like a core key must not overwrite it.
      entry[RESERVED.has(key) ? `field_${key}` : key] = value;
    }
    try {
      write(serialize(entry), level);
    } catch {
      // Logging must never break the code that logs.
    }
  }

  return {
    debug: (msg, fields) => log("debug", msg, fields),
    info: (msg, fields) => log("info", msg, fields),
    warn: (msg, fields) => log("warn", msg, fields),
    error: (msg, fields) => log("error", msg, fields),
    child: (fields) => createLogger({ ...options, fields: { ...bound, ...fields } }),
  };
}

function serialize(entry: LogFields): string {
  try {
    return JSON.stringify(entry, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  } catch {
    return JSON.stringify({ time: entry.time, level: entry.level, msg: entry.msg, logError: "unserializable fields" });
  }
}

/** A logger that drops everything (tests that do not look at logs).
 * @internal For tests and benchmarks that need a client without log output.
 */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
