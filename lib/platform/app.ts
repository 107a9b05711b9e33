import "server-only";
import { createAiGateway, type AiGateway, type GatewayCallRecord } from "@/lib/ai-gateway";
import { getEnv, type AppEnv } from "@/lib/platform/env";
import { gatewayConfigFromEnv, secretValuesOf } from "@/lib/platform/gateway-config";
import { countingD1 } from "@/lib/platform/d1-usage";
import { createLogger, type Logger } from "@/lib/platform/logger";
import { createDb, type Db } from "@/db/client";

/** What the lifecycle needs for one request: settings, storage, the gateway and a logger. */
export interface App {
  env: AppEnv;
  db: Db;
  images: R2Bucket;
  gateway: AiGateway;
  logger: Logger;
  now: () => number;
  /** Downloads finished outputs; injectable so tests can count or break it. */
  fetch: typeof fetch;
  /** Gateway calls made during this request, stored in gateway_calls when it ends. */
  calls: GatewayCallRecord[];
}

/** What the platform binds to the worker (env.d.ts, generated from wrangler.toml); settings are read by name. */
export type Bindings = Pick<CloudflareEnv, "DB" | "IMAGES">;

export interface CreateAppOptions {
  processEnv?: Record<string, string | undefined>;
  logger?: Logger;
  /** Fields on every log line of this request (request id, route), gateway calls included. */
  logFields?: Record<string, unknown>;
  fetch?: typeof fetch;
  now?: () => number;
}

// The binding lives as long as the isolate; building drizzle's schema map once per binding is enough.
const databases = new WeakMap<D1Database, Db>();

function databaseFor(d1: D1Database): Db {
  let db = databases.get(d1);
  if (!db) {
    db = createDb(countingD1(d1));
    databases.set(d1, db);
  }
  return db;
}

export function createApp(bindings: Bindings, options: CreateAppOptions = {}): App {
  const env = getEnv(bindings, options.processEnv);
  const logger = options.logger ?? createLogger({ debug: env.APP_ENV === "development", fields: options.logFields, secrets: secretValuesOf(env) });
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const calls: GatewayCallRecord[] = [];
  let gateway: AiGateway | undefined;
  return {
    env,
    db: databaseFor(bindings.DB),
    images: bindings.IMAGES,
    // Built on first use: most webhooks and reads never call a provider.
    get gateway() {
      gateway ??= createAiGateway({
        ...gatewayConfigFromEnv(env),
        fetch: fetchImpl,
        now,
        logger: this.logger,
        onCall: (record) => calls.push(record),
      });
      return gateway;
    },
    logger,
    now,
    fetch: fetchImpl,
    calls,
  };
}
