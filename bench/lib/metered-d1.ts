import { AsyncLocalStorage } from "node:async_hooks";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Miniflare } from "miniflare";

/** What one request (or any other scope) did to D1. `rowsWritten` is D1's billed figure: index entries count. */
export interface D1Tally {
  statements: number;
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
  /** Rows inserted, updated or deleted (SQLite's `changes`), without index entries. */
  rowsChanged: number;
  /** Per statement, in order: its SQL verb and table, and what it wrote. */
  log: { statement: string; rowsWritten: number; rowsRead: number }[];
}

export const newTally = (): D1Tally => ({ statements: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0, rowsChanged: 0, log: [] });

/** The scope statements are charged to; AsyncLocalStorage follows each request through its awaits. */
export const tallyScope = new AsyncLocalStorage<D1Tally>();

interface D1Meta {
  rows_read?: number;
  rows_written?: number;
  changes?: number;
}

/**
 * Runs each statement on the D1 binding of a real workerd (reached with dispatchFetch: miniflare's Node proxy
 * breaks under concurrent statements) and always returns D1's `meta`. `raw()` discards meta, so a raw call is
 * executed with `all()` and its rows turned back into arrays in column order; the lifecycle's raw queries
 * (drizzle's `.get()` / `.all()`) select each column name once, so nothing collapses.
 */
const WORKER = `
export default {
  async fetch(request, env) {
    const body = await request.json();
    const prepare = (s) => env.DB.prepare(s.sql).bind(...s.params);
    try {
      if (body.op === "batch") return Response.json({ results: await env.DB.batch(body.statements.map(prepare)) });
      if (body.op === "exec") return Response.json({ results: [await env.DB.exec(body.sql)] });
      const result = await prepare(body).all();
      return Response.json({ results: [result] });
    } catch (error) {
      return Response.json({ error: { name: error.name, message: String(error.message) } });
    }
  },
};
`;

interface Wire {
  sql: string;
  params: unknown[];
}

interface WireResult {
  results: Record<string, unknown>[];
  meta: D1Meta;
  success: boolean;
}

/** "update tasks", "insert into rate_limits", "select tasks": enough to tell statements apart in a report. */
export function describeStatement(sql: string): string {
  const text = sql.replace(/["`]/g, "").replace(/\s+/g, " ").trim().toLowerCase();
  const match = /^(insert into|update|delete from) (\w+)/.exec(text) ?? /^(select) .*? from (\w+)/.exec(text);
  return match ? `${match[1]} ${match[2]}` : text.slice(0, 40);
}

export interface MeteredStorage {
  d1: D1Database;
  r2: R2Bucket;
  /** R2 writes (class A operations) per scope, counted on the same tally objects' keys. */
  r2Puts: WeakMap<D1Tally, number>;
  dispose(): Promise<void>;
}

export async function createMeteredStorage(migrationsDir: string): Promise<MeteredStorage> {
  const mf = new Miniflare({ modules: true, script: WORKER, d1Databases: ["DB"], r2Buckets: ["IMAGES"] });
  const call = async (body: object, count: number): Promise<WireResult[]> => {
    const response = await mf.dispatchFetch("http://d1.local/", { method: "POST", body: JSON.stringify(body) });
    const payload = (await response.json()) as { results?: WireResult[]; error?: { name: string; message: string } };
    if (payload.error) throw Object.assign(new Error(payload.error.message), { name: payload.error.name });
    const results = payload.results ?? [];
    const tally = tallyScope.getStore();
    if (tally) {
      tally.roundTrips += 1;
      tally.statements += count;
      const sqls = "statements" in body ? (body.statements as Wire[]).map((s) => s.sql) : ["sql" in body ? String(body.sql) : ""];
      results.forEach((result, index) => {
        const meta = result?.meta ?? {};
        tally.rowsRead += meta.rows_read ?? 0;
        tally.rowsWritten += meta.rows_written ?? 0;
        tally.rowsChanged += meta.changes ?? 0;
        tally.log.push({ statement: describeStatement(sqls[index] ?? ""), rowsWritten: meta.rows_written ?? 0, rowsRead: meta.rows_read ?? 0 });
      });
    }
    return results;
  };

  class Statement {
    constructor(readonly wire: Wire) {}
    bind(...params: unknown[]) {
      return new Statement({ sql: this.wire.sql, params: params.map((p) => (p === undefined ? null : p)) });
    }
    async all() {
      return (await call({ op: "all", ...this.wire }, 1))[0];
    }
    async run() {
      return (await call({ op: "all", ...this.wire }, 1))[0];
    }
    async first(column?: string) {
      const row = (await call({ op: "all", ...this.wire }, 1))[0]?.results[0] ?? null;
      return column === undefined || row === null ? row : (row[column] ?? null);
    }
    async raw(options?: { columnNames?: boolean }) {
      const rows = (await call({ op: "all", ...this.wire }, 1))[0]?.results ?? [];
      const arrays: unknown[][] = rows.map((row) => Object.values(row));
      return options?.columnNames ? [Object.keys(rows[0] ?? {}), ...arrays] : arrays;
    }
  }

  const d1 = {
    prepare: (sql: string) => new Statement({ sql, params: [] }),
    batch: (statements: Statement[]) => call({ op: "batch", statements: statements.map((s) => s.wire) }, statements.length),
    exec: async (sql: string) => (await call({ op: "exec", sql }, 1))[0],
  } as unknown as D1Database;

  // Migrations run outside any scope, so they are not charged to anything.
  for (const file of (await readdir(migrationsDir)).filter((name) => name.endsWith(".sql")).sort()) {
    const text = await readFile(join(migrationsDir, file), "utf8");
    const statements = text
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    await d1.batch(statements.map((sql) => d1.prepare(sql)));
  }

  const bucket = (await mf.getR2Bucket("IMAGES")) as unknown as R2Bucket;
  const r2Puts = new WeakMap<D1Tally, number>();
  const r2 = new Proxy(bucket, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "put") {
        return (...args: unknown[]) => {
          const tally = tallyScope.getStore();
          if (tally) r2Puts.set(tally, (r2Puts.get(tally) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { d1, r2, r2Puts, dispose: () => mf.dispose() };
}
