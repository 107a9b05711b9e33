import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { createDb, type Db } from "../../db/client";
import { D1_WORKER_SCRIPT, d1OverFetch } from "./d1-over-fetch";

const migrationsDir = fileURLToPath(new URL("../../db/migrations/", import.meta.url));

export interface TestD1 {
  d1: D1Database;
  db: Db;
  r2: R2Bucket;
  dispose(): Promise<void>;
}

/**
 * A fresh, empty in-memory D1 (with every migration applied, or only those whose file name sorts before
 * `migrationsBefore`) and R2 bucket on a real workerd.
 */
export async function createTestD1({ migrationsBefore }: { migrationsBefore?: string } = {}): Promise<TestD1> {
  const mf = new Miniflare({
    modules: true,
    script: D1_WORKER_SCRIPT,
    d1Databases: ["DB"],
    r2Buckets: ["IMAGES"],
  });
  try {
    const d1 = d1OverFetch(mf);
    // Miniflare types its bindings with its own copy of workers-types; they are the same runtime objects.
    const r2 = (await mf.getR2Bucket("IMAGES")) as unknown as R2Bucket;
    await applyMigrations(d1, migrationsBefore);
    return { d1, db: createDb(d1), r2, dispose: () => mf.dispose() };
  } catch (error) {
    await mf.dispose();
    throw error;
  }
}

async function applyMigrations(d1: D1Database, before?: string): Promise<void> {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith(".sql")).sort();
  for (const file of files) {
    if (before !== undefined && file >= before) break;
    await applyMigration(d1, file);
  }
}

/** Applies one migration file (as wrangler does: its statements in one batch). */
export async function applyMigration(d1: D1Database, file: string): Promise<void> {
  const text = await readFile(join(migrationsDir, file), "utf8");
  const statements = text
    .split("--> statement-breakpoint")
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
  await d1.batch(statements.map((statement) => d1.prepare(statement)));
}
