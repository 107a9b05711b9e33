import { createRequire } from "node:module";
import type * as Esbuild from "esbuild";

/**
 * The esbuild that wrangler itself bundles Workers with (the top-level `esbuild` is next-on-pages' old 0.15);
 * falls back to whichever one resolves.
 */
export async function loadEsbuild(): Promise<typeof Esbuild> {
  const require = createRequire(import.meta.url);
  try {
    const fromWrangler = createRequire(require.resolve("wrangler/package.json")).resolve("esbuild");
    return (await import(fromWrangler)) as typeof Esbuild;
  } catch {
    return (await import("esbuild")) as typeof Esbuild;
  }
}

/** Groups a metafile's output bytes by npm package (or by project folder for our own files). */
export function bytesByPart(metafile: Esbuild.Metafile): { part: string; minBytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const part = match ? match[1]! : input.replace(/^(\.\.\/)+/, "");
      totals.set(part, (totals.get(part) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([part, minBytes]) => ({ part, minBytes })).sort((a, b) => b.minBytes - a.minBytes);
}
