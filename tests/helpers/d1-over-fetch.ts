import type { Miniflare } from "miniflare";

/**
 * A worker that runs statements on its real D1 binding. Tests reach it through `dispatchFetch`
 * (asynchronous), because miniflare's Node proxy prepares statements with a synchronous cross-thread
 * call that breaks under many concurrent requests ("message?.id === id" assertion).
 */
export const D1_WORKER_SCRIPT = `
export default {
  async fetch(request, env) {
    const body = await request.json();
    const statement = (s) => env.DB.prepare(s.sql).bind(...s.params);
    try {
      let result;
      if (body.op === "batch") result = await env.DB.batch(body.statements.map(statement));
      else if (body.op === "exec") result = await env.DB.exec(body.sql);
      else if (body.op === "raw") result = await statement(body).raw(body.options);
      else if (body.op === "first") result = body.column === undefined ? await statement(body).first() : await statement(body).first(body.column);
      else result = await statement(body)[body.op]();
      return Response.json({ result: result === undefined ? null : result });
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

class RemoteStatement {
  constructor(
    private readonly call: (body: object) => Promise<any>,
    readonly wire: Wire,
  ) {}

  bind(...params: unknown[]) {
    return new RemoteStatement(this.call, { sql: this.wire.sql, params: params.map((p) => (p === undefined ? null : p)) });
  }
  all() {
    return this.call({ op: "all", ...this.wire });
  }
  run() {
    return this.call({ op: "run", ...this.wire });
  }
  raw(options?: { columnNames?: boolean }) {
    return this.call({ op: "raw", ...this.wire, options });
  }
  first(column?: string) {
    return this.call({ op: "first", ...this.wire, column });
  }
}

export function d1OverFetch(mf: Miniflare): D1Database {
  const call = async (body: object) => {
    const response = await mf.dispatchFetch("http://d1.local/", { method: "POST", body: JSON.stringify(body) });
    const payload = (await response.json()) as { result?: unknown; error?: { name: string; message: string } };
    if (payload.error) throw Object.assign(new Error(payload.error.message), { name: payload.error.name });
    return payload.result;
  };
  const database = {
    prepare: (sql: string) => new RemoteStatement(call, { sql, params: [] }),
    batch: (statements: RemoteStatement[]) => call({ op: "batch", statements: statements.map((s) => s.wire) }),
    exec: (sql: string) => call({ op: "exec", sql }),
  };
  return database as unknown as D1Database;
}
