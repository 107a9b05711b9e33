import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runToStderr } from "./child";

const WORKER_ENTRY = ".vercel/output/static/_worker.js/index.js";

// What the build reads; a newer file in any of these makes the existing worker stale.
const SOURCES = [
  "app",
  "components",
  "lib",
  "db",
  "public",
  "middleware.ts",
  "next.config.ts",
  "package.json",
  "package-lock.json",
  "vercel.json",
  "wrangler.toml",
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export interface BuildOutcome {
  action: "reused" | "built" | "skipped";
  reason: string;
  ms: number;
}

/** Reuses a worker newer than every source, trusts an existing one with --skip-build, else runs `npm run build`. */
export async function ensureBuild(root: string, skipBuild: boolean): Promise<BuildOutcome> {
  const entry = join(root, WORKER_ENTRY);
  const started = performance.now();
  if (existsSync(entry)) {
    if (skipBuild) return { action: "skipped", reason: "--skip-build with an existing worker", ms: 0 };
    const builtAt = statSync(entry).mtimeMs;
    const sourcesAt = Math.max(...SOURCES.map((source) => newestMtime(join(root, source))));
    if (builtAt > sourcesAt) return { action: "reused", reason: "the worker is newer than every source", ms: 0 };
  } else if (skipBuild) {
    throw new Error(`--skip-build was given but ${WORKER_ENTRY} does not exist; run npm run build first`);
  }
  await runToStderr("npm", ["run", "build"]);
  return { action: "built", reason: existsSync(entry) ? "no fresh worker" : "no worker", ms: Math.round(performance.now() - started) };
}
