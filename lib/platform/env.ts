import "server-only";
import * as z from "zod";
import { GEMINI_DEFAULT_MODEL, geminiShutDownNotice } from "../shared/gemini-models";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** A limit or budget where `0` turns it off (.env.example names each one). */
const limit = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const dollars = (fallback: number) => z.coerce.number().nonnegative().max(1_000_000).default(fallback);

/** Go-style durations as Replicate's `Cancel-After` header takes them: `90s`, `2m`, `1m30s`. */
const GO_DURATION = /^(\d+(ms|s|m|h))+$/;

function jsonRecord<T extends z.ZodType>(value: T, example: string) {
  return z
    .string()
    .optional()
    .transform((text, ctx): Record<string, z.infer<T>> => {
      if (!text) return {};
      try {
        return z.record(z.string(), value).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: "custom", message: `must be a JSON object like ${example}` });
        return z.NEVER;
      }
    });
}

/**
 * Every setting the app reads, validated once. The gateway URL must have the AI Gateway's
 * shape `…/v1/{account}/{gateway}`; the emulator serves the same shape on localhost.
 */
export const envSchema = z.object({
  CLOUDFLARE_AI_GATEWAY_URL: z
    .url({ protocol: /^https?$/ })
    .refine((value) => /^\/v1\/[^/]+\/[^/]+\/?$/.test(new URL(value).pathname), {
      message: "must look like https://gateway.ai.cloudflare.com/v1/<account_id>/<gateway_id>",
    })
    .refine((value) => new URL(value).protocol === "https:" || isLoopback(new URL(value).hostname), {
      message: "must use https (plain http is only allowed for the local emulator on localhost)",
    }),
  CLOUDFLARE_AI_GATEWAY_TOKEN: z.string().min(1).optional(),
  REPLICATE_API_TOKEN: z.string().startsWith("r8_", { message: "must start with r8_ (a Replicate API token)" }),
  REPLICATE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, { message: "must be a whsec_… signing secret (GET /v1/webhooks/default/secret)" }),
  GEMINI_API_KEY: z.string().min(1),
  GEMINI_MODEL: z
    .string()
    .min(1)
    .default(GEMINI_DEFAULT_MODEL)
    .superRefine((id, ctx) => {
      const shutDown = geminiShutDownNotice(id);
      if (shutDown) ctx.addIssue({ code: "custom", message: shutDown });
    }),
  APP_ENV: z.enum(["development", "production", "test"]).default("production"),
  APP_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
  SESSION_SECRET: z.string().min(32, { message: "must be at least 32 characters" }),
  ADMIN_TOKEN: z.string().min(16, { message: "must be at least 16 characters" }),
  /** Hosts the app may download finished images from (comma separated; subdomains included). */
  REPLICATE_OUTPUT_HOSTS: z
    .string()
    .default("replicate.delivery")
    .transform((list) =>
      list
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    ),
  MAX_IN_FLIGHT_PER_USER: limit(2),
  MAX_IN_FLIGHT_GLOBAL: limit(50),
  MAX_QUEUED_PER_USER: limit(10),
  GENERATE_RATE_LIMIT_PER_MINUTE: limit(10),
  PROMPT_RATE_LIMIT_PER_MINUTE: limit(20),
  CLIENT_GENERATE_RATE_LIMIT_PER_MINUTE: limit(20),
  CLIENT_PROMPT_RATE_LIMIT_PER_MINUTE: limit(40),
  /** Sessions one client address may mint per hour. */
  CLIENT_SESSIONS_PER_HOUR: limit(10),
  /** Event streams (GET /api/tasks/:id/events) open at once from one client address, and on one task by one viewer. */
  CLIENT_STREAMS_MAX: limit(20),
  STREAMS_PER_TASK_VIEWER: limit(3),
  /** Event streams one client address may open per minute. */
  CLIENT_STREAM_OPENS_PER_MINUTE: limit(60),
  /** Uploads per minute, per user and per client address. */
  UPLOAD_RATE_LIMIT_PER_MINUTE: limit(10),
  CLIENT_UPLOAD_RATE_LIMIT_PER_MINUTE: limit(20),
  /** Bytes one user, and one client address, may upload per UTC day. */
  UPLOAD_USER_BYTES_PER_DAY: limit(100 * 1024 * 1024),
  UPLOAD_CLIENT_BYTES_PER_DAY: limit(250 * 1024 * 1024),
  /** Uploads no task names are deleted by the reconcile pass after this many days. */
  UPLOAD_EXPIRE_AFTER_DAYS: positiveInt(7),
  BUDGET_USER_USD_PER_DAY: dollars(2),
  BUDGET_CLIENT_USD_PER_DAY: dollars(5),
  BUDGET_GLOBAL_USD_PER_DAY: dollars(100),
  /** What one prompt help costs against the budgets (a Gemini flash call costs well under this). */
  PROMPT_HELP_PRICE_USD: dollars(0.001),
  /** Per-model `Cancel-After` overrides, e.g. {"flux-pro":"5m"}; defaults are in lib/ai-gateway/replicate-models.ts. */
  REPLICATE_CANCEL_AFTER: jsonRecord(z.string().regex(GO_DURATION), '{"flux-pro":"5m"}'),
  RECONCILE_AFTER_SECONDS: positiveInt(60),
  /** Per-attempt timeout of a provider call through the gateway. */
  PROVIDER_TIMEOUT_SECONDS: positiveInt(20),
  /** Give up on a create whose outcome is unknown after this long without any provider event. */
  SUBMIT_TIMEOUT_SECONDS: positiveInt(600),
  /** JSON object of price overrides per image in USD, e.g. {"flux-dev":0.03}. */
  MODEL_PRICES_USD: jsonRecord(z.number().nonnegative(), '{"flux-dev":0.03}'),
});

export type AppEnv = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  readonly variables: string[];
  constructor(issues: z.core.$ZodIssue[]) {
    const lines = issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`);
    super(`Invalid configuration:\n  ${lines.join("\n  ")}`);
    this.name = "ConfigError";
    this.variables = issues.map((issue) => String(issue.path[0] ?? ""));
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

/** Parses raw string settings; empty strings count as unset. Throws ConfigError naming each bad variable. */
export function parseEnv(raw: Record<string, unknown>): AppEnv {
  const cleaned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string" && value.trim() !== "") cleaned[key] = value.trim();
  }
  const result = envSchema.safeParse(cleaned);
  if (!result.success) throw new ConfigError(result.error.issues);
  return result.data;
}

const SETTING_NAMES = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];
let lastParsed: { raw: Record<string, unknown>; env: AppEnv } | null = null;

/**
 * Parses once per set of values: the Pages runtime may hand each request a new bindings object, so the cache
 * compares the settings themselves (a few string comparisons) instead of the object's identity.
 */
export function getEnv(bindings: object, processEnv: Record<string, string | undefined> = {}): AppEnv {
  const raw: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) raw[name] = processEnv[name] ?? Reflect.get(bindings, name);
  if (lastParsed && SETTING_NAMES.every((name) => lastParsed!.raw[name] === raw[name])) return lastParsed.env;
  const env = parseEnv(raw);
  lastParsed = { raw, env };
  return env;
}
