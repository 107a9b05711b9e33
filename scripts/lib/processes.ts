import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/**
 * Quiet the tools' calls home: there is no internet here, and users did not ask for them.
 * @internal For the benchmarks' child processes.
 */
export const QUIET_ENV = {
  NEXT_TELEMETRY_DISABLED: "1",
  VERCEL_TELEMETRY_DISABLED: "1",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

/** Project tools run from node_modules/.bin; `npm` itself from the PATH. */
const resolveCommand = (command: string) => (command === "npm" ? "npm" : `node_modules/.bin/${command}`);

export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(resolveCommand(command), args, { stdio: "inherit", env: { ...process.env, ...QUIET_ENV, ...env } });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

export function start(command: string, args: string[], env: Record<string, string>, options: { quiet?: boolean } = {}): ChildProcess {
  return spawn(resolveCommand(command), args, {
    stdio: options.quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { ...process.env, ...QUIET_ENV, ...env },
    detached: process.platform !== "win32",
  });
}

/** Stops a child and everything it started (wrangler and next both spawn workers). */
export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once("exit", () => resolve());
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000).unref();
  });
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * A port that was free a moment ago, for a server that a test or benchmark starts next.
 * @internal For the test and benchmark stacks.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
