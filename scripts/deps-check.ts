/**
 * `npm run deps:check`: every dependency is pinned exactly, and the pin must be the newest release of its line
 * (same major.minor), because patch releases are where advisories get fixed. Prints one row per package and
 * exits 1 when a pin is not exact or lags its line, 2 when the registry cannot be read.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

type Row = { name: string; pinned: string; newest: string | null; verdict: "ok" | "lags" | "not exact" | "unknown" };

const EXACT = /^(\d+)\.(\d+)\.(\d+)$/;

function registryUrl(): string {
  const configured = execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim();
  return configured.endsWith("/") ? configured : `${configured}/`;
}

/** Newest stable release with the same major.minor as `pinned`; prereleases are never a line's newest. */
export function newestOfLine(pinned: string, published: string[]): string | null {
  const pin = EXACT.exec(pinned);
  if (!pin) return null;
  let best: number | null = null;
  for (const version of published) {
    const match = EXACT.exec(version);
    if (!match || match[1] !== pin[1] || match[2] !== pin[2]) continue;
    const patch = Number(match[3]);
    if (best === null || patch > best) best = patch;
  }
  return best === null ? null : `${pin[1]}.${pin[2]}.${best}`;
}

async function publishedVersions(registry: string, name: string): Promise<string[]> {
  const response = await fetch(`${registry}${name.replace("/", "%2F")}`, {
    headers: { accept: "application/vnd.npm.install-v1+json" },
  });
  if (!response.ok) throw new Error(`${name}: the registry answered ${response.status}`);
  const document = (await response.json()) as { versions?: Record<string, unknown> };
  return Object.keys(document.versions ?? {});
}

async function main(): Promise<void> {
  const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const pins = { ...manifest.dependencies, ...manifest.devDependencies };
  const registry = registryUrl();
  let rows: Row[];
  try {
    rows = await Promise.all(
      Object.entries(pins).map(async ([name, pinned]): Promise<Row> => {
        if (!EXACT.test(pinned)) return { name, pinned, newest: null, verdict: "not exact" };
        const newest = newestOfLine(pinned, await publishedVersions(registry, name));
        if (newest === null) return { name, pinned, newest, verdict: "unknown" };
        return { name, pinned, newest, verdict: newest === pinned ? "ok" : "lags" };
      }),
    );
  } catch (error) {
    console.error(`deps:check could not read ${registry}: ${(error as Error).message}`);
    process.exit(2);
  }

  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows.sort((a, b) => a.name.localeCompare(b.name))) {
    console.log(`${row.name.padEnd(width)}  ${row.pinned.padEnd(16)} ${(row.newest ?? "-").padEnd(16)} ${row.verdict}`);
  }
  const bad = rows.filter((row) => row.verdict === "lags" || row.verdict === "not exact");
  if (bad.length > 0) {
    console.log(`\n${bad.length} to fix: ${bad.map((row) => `${row.name} (${row.verdict})`).join(", ")}`);
    process.exit(1);
  }
  console.log(`\nall ${rows.length} pins exact and on the newest release of their line`);
}

if (process.argv[1]?.endsWith("deps-check.ts")) void main();
