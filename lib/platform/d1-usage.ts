import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/** How many D1 statements one request sent, split into reads and writes, and how long it waited on them; logged with the request. */
export interface D1Usage {
  reads: number;
  writes: number;
  /** Wall time spent waiting for D1 answers (statements sent side by side overlap and are counted twice). */
  waitMs: number;
}

/** The request statements are charged to; it follows the request through its awaits (and its streams). */
export const d1UsageScope = new AsyncLocalStorage<D1Usage>();

export const newD1Usage = (): D1Usage => ({ reads: 0, writes: 0, waitMs: 0 });

const READ_VERBS = /^\s*(select|with|pragma)\b/i;
const SQL_OF = Symbol("sql");
const TARGET = Symbol("target");
const RUNS = new Set<PropertyKey>(["first", "all", "run", "raw"]);

function charge(sql: string): void {
  const usage = d1UsageScope.getStore();
  if (!usage) return;
  if (READ_VERBS.test(sql)) usage.reads += 1;
  else usage.writes += 1;
}

/** Adds the time until D1 answers to the current request's wait. */
function timed<T>(answer: Promise<T>): Promise<T> {
  const usage = d1UsageScope.getStore();
  if (!usage) return answer;
  const sent = Date.now();
  const stop = () => {
    usage.waitMs += Date.now() - sent;
  };
  answer.then(stop, stop);
  return answer;
}

function forward(target: object, property: PropertyKey): unknown {
  const value = Reflect.get(target, property, target) as unknown;
  return typeof value === "function" ? value.bind(target) : value;
}

function wrapStatement(statement: D1PreparedStatement, sql: string): D1PreparedStatement {
  return new Proxy(statement, {
    get(target, property) {
      if (property === SQL_OF) return sql;
      if (property === TARGET) return target;
      if (property === "bind") return (...values: unknown[]) => wrapStatement(target.bind(...values), sql);
      if (RUNS.has(property)) {
        const run = Reflect.get(target, property, target) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => {
          charge(sql);
          return timed(run.apply(target, args));
        };
      }
      return forward(target, property);
    },
  });
}

const field = (statement: D1PreparedStatement, key: symbol) => (statement as unknown as Record<symbol, unknown>)[key];

/**
 * Wraps a D1 binding so every statement is counted against the current request (batches count each
 * statement). Counting by SQL verb is what the request log and the benchmark's reads per task need; rows read
 * and written stay in D1's own `meta`.
 */
export function countingD1(d1: D1Database): D1Database {
  return new Proxy(d1, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => wrapStatement(target.prepare(sql), sql);
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) => {
          for (const statement of statements) charge(String(field(statement, SQL_OF) ?? ""));
          return timed(target.batch(statements.map((s) => (field(s, TARGET) as D1PreparedStatement | undefined) ?? s)));
        };
      }
      return forward(target, property);
    },
  });
}
