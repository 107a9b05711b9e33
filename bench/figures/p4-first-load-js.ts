import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure } from "../lib/figure";
import { gzipSize, kB } from "../lib/gzip";

const GOAL_BYTES = 120 * 1000;
// The studio page and the layouts it renders inside, outermost first.
const STUDIO_SEGMENTS = ["/layout", "/[locale]/layout", "/[locale]/page"];

interface AppBuildManifest {
  pages: Record<string, string[]>;
}

/**
 * P4 (size): the JavaScript a first visit to the studio page downloads, from the build's own manifest:
 * every chunk of the page and of its layouts (the shared runtime included), each gzip -9, counted once.
 */
export function measureFirstLoadJs(root: string): Figure {
  const manifestPath = join(root, ".next/app-build-manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as AppBuildManifest;
  const missing = STUDIO_SEGMENTS.filter((segment) => !manifest.pages[segment]);
  if (missing.includes("/[locale]/page")) throw new Error("the build manifest has no /[locale]/page entry");
  const files = [...new Set(STUDIO_SEGMENTS.flatMap((segment) => manifest.pages[segment] ?? []))].filter((file) => file.endsWith(".js"));
  const chunks = files.map((file) => {
    const path = join(root, ".next", file);
    if (!existsSync(path)) throw new Error(`${file} is listed in the manifest but missing`);
    const bytes = readFileSync(path);
    return { file, rawKB: kB(bytes.length), gzipBytes: gzipSize(bytes) };
  });
  const total = chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
  return {
    id: "P4-js",
    what: "studio page (/[locale]) first-load JS, gzip -9, from .next/app-build-manifest.json (page + layouts + shared runtime)",
    value: kB(total),
    unit: "kB",
    goal: "≤ 120 kB",
    pass: total <= GOAL_BYTES,
    details: {
      segmentsCounted: STUDIO_SEGMENTS.filter((segment) => !missing.includes(segment)),
      chunks: chunks.sort((a, b) => b.gzipBytes - a.gzipBytes).map(({ file, rawKB, gzipBytes }) => ({ file, rawKB, gzipKB: kB(gzipBytes) })),
    },
  };
}
