import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The linter stops a component from importing a server module directly; this follows every import a browser module
// makes, all the way down (type-only imports are erased and do not count), so nothing reaches the browser bundle by a
// detour: no server module, no database code, and no zod (the studio's first-load budget has no room for it).

const root = fileURLToPath(new URL("../../", import.meta.url));
const FORBIDDEN_PACKAGES = ["zod", "server-only", "drizzle-orm", "svix", "ipaddr.js", "image-size", "@cloudflare/next-on-pages", "next/headers"];

function filesUnder(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name);
    return statSync(join(root, path)).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Specifiers of the imports that stay in the bundle: not `import type`, not `{ type A, type B }` only. */
function runtimeImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)"/gms)) {
    const [, typeOnly, names = "", specifier = ""] = match;
    if (typeOnly) continue;
    const braces = /^\{([^}]*)\}$/.exec(names.trim());
    if (braces && braces[1]!.split(",").every((name) => name.trim() === "" || name.trim().startsWith("type "))) continue;
    specifiers.push(specifier);
  }
  for (const match of source.matchAll(/^import\s+"([^"]+)"/gm)) specifiers.push(match[1]!);
  return specifiers;
}

function resolveLocal(specifier: string, from: string): string | null {
  const base = specifier.startsWith("@/") ? specifier.slice(2) : specifier.startsWith(".") ? join(dirname(from), specifier) : null;
  if (base === null) return null;
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) if (existsSync(join(root, candidate))) return candidate;
  return null;
}

/** Every way a browser entry reaches a forbidden module, as `entry → … → module`. */
function forbiddenPaths(entry: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (file: string, trail: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeImports(readFileSync(join(root, file), "utf8"))) {
      if (specifier.endsWith(".css")) continue;
      const local = resolveLocal(specifier, file);
      if (local === null) {
        if (FORBIDDEN_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`))) found.push([...trail, specifier].join(" → "));
        continue;
      }
      const serverSide = (local.startsWith("lib/") && !local.startsWith("lib/shared/")) || local.startsWith("db/") || local.startsWith("app/api/");
      if (serverSide) found.push([...trail, local].join(" → "));
      else walk(local, [...trail, local]);
    }
  };
  walk(entry, [entry]);
  return found;
}

const browserEntries = filesUnder("components").filter((file) => readFileSync(join(root, file), "utf8").startsWith('"use client"'));

describe("the browser/server line", () => {
  it("has client components to check", () => {
    expect(browserEntries.map((file) => relative(".", file))).toEqual(
      expect.arrayContaining(["components/studio/studio.tsx", "components/tasks/task-card.tsx"]),
    );
  });

  it.each(browserEntries)("%s reaches no server module, database code or zod, however indirectly", (entry) => {
    expect(forbiddenPaths(entry)).toEqual([]);
  });

  it("would catch a detour (a shared module that pulls zod into the browser)", () => {
    // lib/shared/api/generate.ts builds zod schemas: importing a value from it is exactly what must not reach a bundle.
    expect(runtimeImports('import { generateBodySchema } from "@/lib/shared/api/generate";')).toEqual(["@/lib/shared/api/generate"]);
    expect(runtimeImports('import type { GenerateRequest } from "@/lib/shared/api/generate";')).toEqual([]);
    expect(runtimeImports('import { type GenerateRequest } from "@/lib/shared/api/generate";')).toEqual([]);
    const walkOf = (file: string) => runtimeImports(readFileSync(join(root, file), "utf8"));
    expect(walkOf("lib/shared/api/generate.ts")).toContain("zod");
  });
});
