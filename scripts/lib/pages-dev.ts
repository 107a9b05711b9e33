import type { ChildProcess } from "node:child_process";
import { cpSync, createWriteStream } from "node:fs";
import { run, start, stop, waitForHttp } from "./processes";

export interface PagesDevOptions {
  port: number;
  vars: Record<string, string>;
  /** A separate state folder for tests; defaults to wrangler's `.wrangler/state`. */
  persistTo?: string;
  quiet?: boolean;
  /** Write the worker's output here instead of the terminal. */
  logFile?: string;
  /**
   * Serve a copy of the build made here instead of `.vercel/output/static` itself: wrangler pages dev rebuilds and
   * restarts the worker whenever the folder it serves changes, so a build or another wrangler in the same tree could
   * restart it under a running test.
   */
  copyTo?: string;
}

export interface PagesDev {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Applies local D1 migrations, then serves the built worker with `wrangler pages dev`. */
export async function startPagesDev(options: PagesDevOptions): Promise<PagesDev> {
  const persist = options.persistTo ? ["--persist-to", options.persistTo] : [];
  await run("wrangler", ["d1", "migrations", "apply", "DB", "--local", ...persist], {});
  const bindings = Object.entries(options.vars).flatMap(([name, value]) => ["--binding", `${name}=${value}`]);
  const served = options.copyTo ?? ".vercel/output/static";
  if (options.copyTo) cpSync(".vercel/output/static", options.copyTo, { recursive: true });
  const child = start(
    "wrangler",
    ["pages", "dev", served, "--ip", "127.0.0.1", "--port", String(options.port), "--show-interactive-dev-session=false", ...persist, ...bindings],
    {},
    { quiet: options.quiet || options.logFile !== undefined },
  );
  if (options.logFile) {
    const log = createWriteStream(options.logFile);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  const url = `http://127.0.0.1:${options.port}`;
  await waitForHttp(`${url}/api/health`, 90_000);
  return { url, process: child, stop: () => stop(child) };
}
