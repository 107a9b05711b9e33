import { geminiDeprecationNotice } from "../../../lib/shared/gemini-models";
import { envSchema, type AppEnv } from "../../../lib/platform/env";

interface ConfigProblem {
  variable: string;
  message: string;
}

export type ConfigCheck = { ok: true; env: AppEnv } | { ok: false; problems: ConfigProblem[] };

/** The app's own settings schema, with each bad or missing variable named (empty values count as unset, as in the app). */
export function checkConfig(vars: Record<string, string | undefined>): ConfigCheck {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(vars)) {
    if (typeof value === "string" && value.trim() !== "") cleaned[key] = value.trim();
  }
  const result = envSchema.safeParse(cleaned);
  if (result.success) return { ok: true, env: result.data };
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "(settings)");
    const missing = cleaned[variable] === undefined;
    return { variable, message: missing ? "is not set (see .env.example)" : issue.message };
  });
  return { ok: false, problems };
}

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])$/;

/** Settings that work locally but break a deployment; reported, not fatal. */
export function configWarnings(env: AppEnv, localMode: boolean): string[] {
  const deprecated = geminiDeprecationNotice(env.GEMINI_MODEL);
  const warnings: string[] = deprecated ? [deprecated] : [];
  if (localMode) return warnings;
  if (!env.CLOUDFLARE_AI_GATEWAY_TOKEN) {
    warnings.push("CLOUDFLARE_AI_GATEWAY_TOKEN is not set: gateways created since 2026-11-03 always require authentication.");
  }
  if (LOOPBACK.test(new URL(env.APP_URL).hostname)) {
    warnings.push(`APP_URL is ${env.APP_URL}: Replicate cannot send webhooks there. Set it to the app's public URL when deployed.`);
  }
  return warnings;
}
