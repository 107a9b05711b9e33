import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import type { Figure } from "../lib/figure";
import { gzipSize, kB, MiB } from "../lib/gzip";

const WORKER_DIR = ".vercel/output/static/_worker.js";
const GOAL_BYTES = 1024 * 1024;
// Shipped with the output but never imported by the worker (next-on-pages' own build log).
const NOT_CODE = new Set(["nop-build-log.json"]);

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

interface NopBuildLog {
  buildFiles?: { identifiers?: Record<string, Record<string, { newDest?: string; consumers?: number }>> };
}

/** How many routes share each deduplicated module, from next-on-pages' build log (shared code vs one route's). */
function consumersByFile(dir: string): Map<string, number> {
  const consumers = new Map<string, number>();
  try {
    const log = JSON.parse(readFileSync(join(dir, "nop-build-log.json"), "utf8")) as NopBuildLog;
    for (const group of Object.values(log.buildFiles?.identifiers ?? {})) {
      for (const entry of Object.values(group)) {
        if (entry.newDest) consumers.set(entry.newDest, Math.max(consumers.get(entry.newDest) ?? 0, entry.consumers ?? 0));
      }
    }
  } catch {
    // No build log: the list simply has no sharing column.
  }
  return consumers;
}

/** P3: the whole Pages worker (every module the upload carries), gzipped, and its largest modules. */
export function measureWorkerSize(root: string): Figure {
  const dir = join(root, WORKER_DIR);
  const consumers = consumersByFile(dir);
  const modules = listFiles(dir)
    .filter((path) => !NOT_CODE.has(relative(dir, path)))
    .map((path) => {
      const bytes = readFileSync(path);
      const name = relative(dir, path);
      return { module: name, rawBytes: bytes.length, gzipBytes: gzipSize(bytes), sharedBy: consumers.get(name) ?? null, bytes };
    });
  const gzipTotal = modules.reduce((sum, m) => sum + m.gzipBytes, 0);
  const rawTotal = modules.reduce((sum, m) => sum + m.rawBytes, 0);
  // One gzip stream over everything: cross-module repetition compresses too, so this is the optimistic bound.
  const gzipConcatenated = gzipSync(Buffer.concat(modules.map((m) => m.bytes)), { level: 9 }).length;
  const largest = [...modules]
    .sort((a, b) => b.gzipBytes - a.gzipBytes)
    .slice(0, 10)
    .map(({ module, rawBytes, gzipBytes, sharedBy }) => ({ module, rawKB: kB(rawBytes), gzipKB: kB(gzipBytes), sharedByRoutes: sharedBy }));
  return {
    id: "P3",
    what: "Pages worker output (.vercel/output/static/_worker.js, every module), gzip -9 per module, summed",
    value: MiB(gzipTotal),
    unit: "MiB",
    goal: "≤ 1.0 MiB (free plan limit 3 MiB)",
    pass: gzipTotal <= GOAL_BYTES,
    details: {
      modules: modules.length,
      rawMiB: MiB(rawTotal),
      gzipKB: kB(gzipTotal),
      gzipOneStreamKB: kB(gzipConcatenated),
      largestModules: largest,
    },
  };
}
