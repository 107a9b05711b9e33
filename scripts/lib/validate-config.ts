import { ConfigError, parseEnv } from "../../lib/platform/env";

/** Fails fast, before anything starts, with every bad or missing variable named. */
export function validateOrExit(vars: Record<string, string>): void {
  try {
    parseEnv(vars);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`\n${error.message}\n\nSet these in .env (see .env.example) or leave CLOUDFLARE_AI_GATEWAY_URL unset for local mode.\n`);
    process.exit(1);
  }
}
