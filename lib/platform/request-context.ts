import "server-only";
import { getRequestContext } from "@cloudflare/next-on-pages";
import { type App, type CreateAppOptions, createApp } from "@/lib/platform/app";
import { type AppEnv, getEnv } from "@/lib/platform/env";

/**
 * The deployment adapter, read here and nowhere else: next-on-pages hands each request its Cloudflare bindings
 * (D1, R2 and the settings, typed by env.d.ts from wrangler.toml through `npm run cf-typegen`). Moving to another
 * adapter (README, "Leaving next-on-pages") changes this file, not the code that uses it.
 */
function platformBindings(): CloudflareEnv {
  return getRequestContext().env;
}

/** The lifecycle's view of the request being served: settings, D1, R2, the gateway client and a logger. */
export function appForRequest(options: Omit<CreateAppOptions, "processEnv"> = {}): App {
  return createApp(platformBindings(), { ...options, processEnv: process.env });
}

/** The settings alone, for pages that need no database (throws ConfigError for a bad one). */
export function settingsForRequest(): AppEnv {
  return getEnv(platformBindings(), process.env);
}
