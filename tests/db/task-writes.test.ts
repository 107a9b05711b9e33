import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { countInFlight, countQueued, insertTaskWithinCaps, listStaleTasks, promoteQueuedTask, recordProviderProgress } from "../../db/queries/tasks";
import { applyMigration, createTestD1, type TestD1 } from "../helpers/d1";
import { BASE_TIME, newTask, uniqueUser } from "./task-fixture";

// D1 bills one row written per row an INSERT or UPDATE writes plus one per index entry it inserts (bench P6). These
// pin the schema's side of that: which writes of a task's life touch which index. Counts, not times.

let env: TestD1;

beforeAll(async () => {
  env = await createTestD1();
});
afterAll(async () => {
  await env?.dispose();
});

async function rowsWritten(sql: string, ...params: unknown[]): Promise<number> {
  const result = await env.d1
    .prepare(sql)
    .bind(...params)
    .run();
  expect(result.meta.changes).toBe(1);
  return result.meta.rows_written;
}

async function newTaskRow(isPrivate = false): Promise<string> {
  const id = `task-${crypto.randomUUID()}`;
  // Not through rowsWritten: D1 counts the search index trigger's own writes in `changes` too.
  const insert = async (sql: string, ...params: unknown[]) =>
    (
      await env.d1
        .prepare(sql)
        .bind(...params)
        .run()
    ).meta.rows_written;
  const written = await insert(
    `INSERT INTO tasks (id, user_id, model_key, provider_model, prompt, aspect_ratio, is_private, locale, status, status_rank, created_at, updated_at)
     VALUES (?, ?, 'flux-schnell', 'black-forest-labs/flux-schnell', 'a fox', '1:1', ?, 'en', 'submitting', 1, ?, ?)`,
    id,
    uniqueUser(),
    isPrivate ? 1 : 0,
    BASE_TIME,
    BASE_TIME,
  );
  // The row, its primary key, the owner's history and the open tasks; no entry for the NULL prediction id. And the
  // prompt's entry in the search index (trigger tasks_fts_insert, migration 0010), one row as D1 counts a virtual table's.
  expect(written).toBe(5);
  return id;
}

describe("rows written over a task's life", () => {
  it("stores the prediction id with one index entry; status moves and progress write the row only; the end adds the gallery entry", async () => {
    const id = await newTaskRow();
    expect(
      await rowsWritten("UPDATE tasks SET status = 'starting', status_rank = 2, prediction_id = ?, updated_at = ? WHERE id = ?", `p-${id}`, 1, id),
    ).toBe(2);
    expect(await rowsWritten("UPDATE tasks SET status = 'processing', status_rank = 3, updated_at = ? WHERE id = ?", 2, id)).toBe(1);
    expect(await rowsWritten("UPDATE tasks SET progress = 50, updated_at = ? WHERE id = ?", 3, id)).toBe(1);
    const end = "UPDATE tasks SET status = 'succeeded', status_rank = 4, progress = 100, completed_at = ?, updated_at = ? WHERE id = ?";
    expect(await rowsWritten(end, 4, 4, id)).toBe(2);
  });

  it("a private or failed task ends with the row alone (leaving the open index costs nothing)", async () => {
    const hidden = await newTaskRow(true);
    const end = (status: string) => `UPDATE tasks SET status = '${status}', status_rank = 4, completed_at = ?, updated_at = ? WHERE id = ?`;
    expect(await rowsWritten(end("succeeded"), 5, 5, hidden)).toBe(1);
    expect(await rowsWritten(end("failed"), 5, 5, await newTaskRow())).toBe(1);
  });

  it("the database keeps completed_at and the end of a task together (CHECK tasks_open_until_end)", async () => {
    const id = await newTaskRow();
    const refused = ["UPDATE tasks SET status = 'failed', status_rank = 4 WHERE id = ?", "UPDATE tasks SET completed_at = 1 WHERE id = ?"];
    for (const sql of refused) await expect(env.d1.prepare(sql).bind(id).run()).rejects.toThrow(/CHECK constraint failed/);
  });

  it("the settlement trigger survived the table rebuild of migration 0004", async () => {
    const trigger = await env.d1
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'tasks_settle_spend'")
      .first<{ sql: string }>();
    expect(trigger?.sql).toMatch(/AFTER UPDATE OF `status_rank` ON `tasks`/);
  });
});

describe("migration 0004 on a database with tasks", () => {
  it("gives ended tasks without completed_at their last update time, settles nothing while copying, and settles afterwards", async () => {
    const old = await createTestD1({ migrationsBefore: "0004" });
    try {
      const insert = (id: string, status: string, rank: number, completedAt: number | null) =>
        old.d1
          .prepare(
            `INSERT INTO tasks (id, user_id, model_key, provider_model, prompt, aspect_ratio, locale, status, status_rank, created_at, updated_at, completed_at, budget_day, reserved_micros, client_key)
             VALUES (?, 'u', 'flux-schnell', 'p', 'x', '1:1', 'en', ?, ?, 1, 5, ?, 'd', 10, 'c')`,
          )
          .bind(id, status, rank, completedAt);
      await old.d1.batch([
        old.d1.prepare("INSERT INTO spend_counters VALUES ('d', 'user', 'u', 100), ('d', 'client', 'c', 100), ('d', 'global', '', 100)"),
        insert("ended-untimed", "succeeded", 4, null),
        insert("ended-timed", "failed", 4, 3),
        insert("running", "processing", 3, null),
      ]);
      await applyMigration(old.d1, "0004_task_writes.sql");

      const rows = await old.d1.prepare("SELECT id, completed_at FROM tasks ORDER BY id").all();
      expect(rows.results).toEqual([
        { id: "ended-timed", completed_at: 3 },
        { id: "ended-untimed", completed_at: 5 },
        { id: "running", completed_at: null },
      ]);
      const micros = async () =>
        (await old.d1.prepare("SELECT micros FROM spend_counters ORDER BY scope").all<{ micros: number }>()).results.map((r) => r.micros);
      expect(await micros()).toEqual([100, 100, 100]);
      await old.d1.prepare("UPDATE tasks SET status = 'failed', status_rank = 4, completed_at = 9 WHERE id = 'running'").run();
      expect(await micros()).toEqual([90, 90, 90]);
    } finally {
      await old.dispose();
    }
  });
});

describe("recordProviderProgress", () => {
  const event = (id: string, predictionId: string, progress: number) => ({
    id,
    predictionId,
    status: "processing" as const,
    progress,
    progressStep: 10,
    progressIntervalMs: 0,
    startedAt: BASE_TIME,
    now: BASE_TIME + 1,
  });

  it("stores the prediction id of a task that has none yet (an event that overtook the create call's answer)", async () => {
    const db = createDb(env.d1);
    const id = await newTaskRow();
    expect(await recordProviderProgress(db, event(id, `p-first-${id}`, 20))).toMatchObject({ status: "processing", predictionId: `p-first-${id}` });
  });

  it("refuses an id that belongs to another task and changes nothing", async () => {
    const db = createDb(env.d1);
    const owner = await newTaskRow();
    await rowsWritten("UPDATE tasks SET prediction_id = ? WHERE id = ?", `p-owned-${owner}`, owner);
    const id = await newTaskRow();
    const before = await env.d1.prepare("SELECT * FROM tasks WHERE id = ?").bind(id).first();
    await expect(recordProviderProgress(db, event(id, `p-owned-${owner}`, 20))).rejects.toThrow();
    expect(await env.d1.prepare("SELECT * FROM tasks WHERE id = ?").bind(id).first()).toEqual(before);
  });
});

/**
 * A D1 binding that answers every statement with no rows and records SQLite's plan for it instead: each query of
 * db/queries runs as written, and its plan shows whether it reads an index or the whole table.
 */
function planRecorder(d1: D1Database) {
  const plans: string[][] = [];
  const statement = (sql: string, params: unknown[]): unknown => {
    const record = async () => {
      const rows = await d1
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .raw<[number, number, number, string]>();
      plans.push(rows.map((row) => row[3]));
    };
    const answering =
      <T>(answer: T) =>
      async (): Promise<T> => {
        await record();
        return answer;
      };
    const empty = { results: [], success: true, meta: {} };
    return {
      bind: (...values: unknown[]) => statement(sql, values),
      raw: answering([]),
      all: answering(empty),
      run: answering(empty),
      first: answering(null),
    };
  };
  const binding = { prepare: (sql: string) => statement(sql, []) } as unknown as D1Database;
  return { db: createDb(binding), plans };
}

describe("the open-task queries read tasks_open_idx, never the whole table", () => {
  const caps = { perUserCap: 2, globalCap: 8 };
  const queries: Record<string, (db: ReturnType<typeof createDb>) => Promise<unknown>> = {
    "in flight, everyone": (db) => countInFlight(db),
    "in flight, one user": (db) => countInFlight(db, { userId: "u" }),
    "queued, one user": (db) => countQueued(db, { userId: "u" }),
    "promote the oldest queued task": (db) => promoteQueuedTask(db, { ...caps, now: BASE_TIME }),
    "insert within the caps": (db) => insertTaskWithinCaps(db, { ...caps, task: newTask({ clientKey: "c" }) }).catch(() => undefined),
    "stale tasks for the reconciler": (db) => listStaleTasks(db, { olderThan: BASE_TIME, limit: 10 }),
  };
  for (const [name, run] of Object.entries(queries)) {
    it(name, async () => {
      const { db, plans } = planRecorder(env.d1);
      await run(db);
      const lines = plans.flat();
      expect(
        lines.some((line) => line.includes("tasks_open_idx")),
        lines.join("\n"),
      ).toBe(true);
      expect(
        lines.filter((line) => /^SCAN \w+$/.test(line)),
        lines.join("\n"),
      ).toEqual([]);
    });
  }
});
