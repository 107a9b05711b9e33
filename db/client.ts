import "server-only";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = DrizzleD1Database<typeof schema>;

/** The app layer passes its D1 binding; build one per request, never at module scope. */
export function createDb(d1: D1Database): Db {
  return drizzle(d1, { schema });
}
