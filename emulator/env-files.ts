import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Parses dotenv-style text: `KEY=value`, optional `export`, quotes, `#` comments. */
function parseEnvText(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, key = "", raw = ""] = match;
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    values[key] = quoted ? (quoted[2] ?? "") : raw.replace(/\s+#.*$/, "");
  }
  return values;
}

/** `.env`, then `.dev.vars` over it, then the process environment over both. */
export function loadEnv(cwd: string, env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFiles: Record<string, string> = {};
  for (const name of [".env", ".dev.vars"]) {
    const path = join(cwd, name);
    if (existsSync(path)) Object.assign(fromFiles, parseEnvText(readFileSync(path, "utf8")));
  }
  return { ...fromFiles, ...env };
}
