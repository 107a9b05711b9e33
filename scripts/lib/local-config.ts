import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseEnv as parseDotenv } from "node:util";

/**
 * Settings for the scripts that start the app (dev, preview, test:ai-gateway): the process
 * environment wins over `.dev.vars`, which wins over `.env`. Without a real gateway URL the app runs
 * in local mode against the provider emulator, and the scripts fill in everything it needs.
 */
export interface LocalConfig {
  vars: Record<string, string>;
  localMode: boolean;
  emulatorPort: number;
  appPort: number;
}

const LOCAL_SECRETS_FILE = ".wrangler/local-secrets.json";

function readDotenv(file: string): Record<string, string> {
  return existsSync(file) ? (parseDotenv(readFileSync(file, "utf8")) as Record<string, string>) : {};
}

/** Secrets generated once per checkout, so sessions and the admin token survive restarts. */
function localSecrets(): { SESSION_SECRET: string; ADMIN_TOKEN: string; REPLICATE_WEBHOOK_SECRET: string } {
  if (existsSync(LOCAL_SECRETS_FILE)) return JSON.parse(readFileSync(LOCAL_SECRETS_FILE, "utf8"));
  const secrets = {
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    ADMIN_TOKEN: `adm_${randomBytes(18).toString("base64url")}`,
    REPLICATE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("base64")}`,
  };
  mkdirSync(".wrangler", { recursive: true });
  writeFileSync(LOCAL_SECRETS_FILE, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** An empty value counts as unset, as in the app's own env parsing. */
function nonEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].trim() !== ""),
  );
}

export function loadLocalConfig(options: { defaultAppPort: number; appHost?: string }): LocalConfig {
  const vars = nonEmpty({ ...readDotenv(".env"), ...readDotenv(".dev.vars"), ...nonEmpty(process.env) });
  const appPort = Number(vars.PORT ?? options.defaultAppPort);
  const emulatorPort = Number(vars.EMULATOR_PORT ?? 8787);
  const localMode = !vars.CLOUDFLARE_AI_GATEWAY_URL;
  const secrets = localSecrets();

  const defaults: Record<string, string> = {
    APP_URL: `http://${options.appHost ?? "localhost"}:${appPort}`,
    SESSION_SECRET: secrets.SESSION_SECRET,
    ADMIN_TOKEN: secrets.ADMIN_TOKEN,
  };
  if (localMode) {
    Object.assign(defaults, {
      APP_ENV: "development",
      CLOUDFLARE_AI_GATEWAY_URL: `http://127.0.0.1:${emulatorPort}/v1/local/flux-studio`,
      CLOUDFLARE_AI_GATEWAY_TOKEN: "local-gateway-token",
      REPLICATE_API_TOKEN: "r8_local_emulator_token",
      REPLICATE_WEBHOOK_SECRET: secrets.REPLICATE_WEBHOOK_SECRET,
      GEMINI_API_KEY: "local-emulator-key",
      REPLICATE_OUTPUT_HOSTS: `127.0.0.1:${emulatorPort}`,
    });
  }
  return { vars: { ...defaults, ...vars }, localMode, emulatorPort, appPort };
}

/** Only the app's own settings are handed to wrangler as bindings.
 * @internal Exported so the smoke test clears every app setting from its environment.
 */
export const APP_SETTING_NAMES = [
  "CLOUDFLARE_AI_GATEWAY_URL",
  "CLOUDFLARE_AI_GATEWAY_TOKEN",
  "REPLICATE_API_TOKEN",
  "REPLICATE_WEBHOOK_SECRET",
  "GEMINI_API_KEY",
  "GEMINI_MODEL",
  "APP_ENV",
  "APP_URL",
  "SESSION_SECRET",
  "ADMIN_TOKEN",
  "REPLICATE_OUTPUT_HOSTS",
  "MAX_IN_FLIGHT_PER_USER",
  "MAX_IN_FLIGHT_GLOBAL",
  "MAX_QUEUED_PER_USER",
  "GENERATE_RATE_LIMIT_PER_MINUTE",
  "PROMPT_RATE_LIMIT_PER_MINUTE",
  "CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE",
  "CLIENT_PROMPT_RATE_LIMIT_PER_MINUTE",
  "CLIENT_SESSIONS_PER_HOUR",
  "BUDGET_USER_USD_PER_DAY",
  "BUDGET_CLIENT_USD_PER_DAY",
  "BUDGET_GLOBAL_USD_PER_DAY",
  "PROMPT_HELP_PRICE_USD",
  "REPLICATE_CANCEL_AFTER",
  "RECONCILE_AFTER_SECONDS",
  "SUBMIT_TIMEOUT_SECONDS",
  "PROVIDER_TIMEOUT_SECONDS",
  "MODEL_PRICES_USD",
] as const;

export function appSettings(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(APP_SETTING_NAMES.filter((name) => vars[name] !== undefined).map((name) => [name, vars[name]!]));
}
