import { spawn } from "node:child_process";
import { QUIET_ENV } from "../../scripts/lib/processes";

/**
 * Runs a project tool (node_modules/.bin, or npm) with its output on our stderr, so stdout carries only
 * the JSON report.
 */
export function runToStderr(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command === "npm" ? "npm" : `node_modules/.bin/${command}`, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...QUIET_ENV, ...env },
    });
    child.stdout.pipe(process.stderr, { end: false });
    child.stderr.pipe(process.stderr, { end: false });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

/** Progress lines go to stderr. */
export function say(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
