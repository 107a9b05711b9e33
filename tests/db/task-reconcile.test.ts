import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { getTaskById, insertTask, listStaleTasks, markReconciled } from "../../db/queries/tasks";
import type { NewTask, Task } from "../../db/schema";
import { createTestD1, type TestD1 } from "../helpers/d1";
import { BASE_TIME, newTask } from "./task-fixture";

let env: TestD1;
let db: Db;

beforeAll(async () => {
  env = await createTestD1();
  db = env.db;
});
afterAll(async () => {
  await env?.dispose();
});

const insert = (draft: NewTask): Promise<Task> => insertTask(db, { task: draft });

describe("listStaleTasks", () => {
  it("lists non-terminal tasks past queued, not changed or reconciled since the threshold, oldest first", async () => {
    const olderThan = BASE_TIME + 10_000;
    const staleOld = await insert(newTask({ status: "processing", updatedAt: BASE_TIME + 1 }));
    const staleReconciledLongAgo = await insert(newTask({ status: "submitting", updatedAt: BASE_TIME + 2, reconciledAt: BASE_TIME + 9_999 }));
    const staleStarting = await insert(newTask({ status: "starting", updatedAt: BASE_TIME + 3 }));
    await Promise.all([
      insert(newTask({ status: "processing", updatedAt: olderThan })), // changed recently enough
      insert(newTask({ status: "processing", updatedAt: BASE_TIME, reconciledAt: olderThan })), // just reconciled
      insert(newTask({ status: "queued", updatedAt: BASE_TIME })),
      insert(newTask({ status: "succeeded", updatedAt: BASE_TIME })),
      insert(newTask({ status: "failed", updatedAt: BASE_TIME })),
      insert(newTask({ status: "canceled", updatedAt: BASE_TIME })),
    ]);

    const stale = await listStaleTasks(db, { olderThan, limit: 10 });
    expect(stale.map((task) => task.id)).toEqual([staleOld.id, staleReconciledLongAgo.id, staleStarting.id]);
    expect((await listStaleTasks(db, { olderThan, limit: 2 })).map((task) => task.id)).toEqual([staleOld.id, staleReconciledLongAgo.id]);
  });
});

describe("markReconciled", () => {
  it("lets exactly one of many concurrent readers claim a task", async () => {
    const task = await insert(newTask({ status: "processing", updatedAt: BASE_TIME }));
    const now = BASE_TIME + 60_000;
    const claims = await Promise.all(
      Array.from({ length: 25 }, (_, i) => markReconciled(db, { id: task.id, now: now + i, notBefore: now - 30_000 })),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const claimedAt = (await getTaskById(db, { id: task.id }))?.reconciledAt;
    expect(claimedAt).toBe(now + claims.indexOf(true));
    expect((await getTaskById(db, { id: task.id }))?.updatedAt).toBe(BASE_TIME);
  });

  it("claims again once the previous claim is older than notBefore", async () => {
    const task = await insert(newTask({ status: "starting" }));
    expect(await markReconciled(db, { id: task.id, now: BASE_TIME + 100, notBefore: BASE_TIME })).toBe(true);
    expect(await markReconciled(db, { id: task.id, now: BASE_TIME + 150, notBefore: BASE_TIME + 100 })).toBe(false);
    expect(await markReconciled(db, { id: task.id, now: BASE_TIME + 200, notBefore: BASE_TIME + 101 })).toBe(true);
  });

  it("never claims a terminal or unknown task", async () => {
    const done = await insert(newTask({ status: "succeeded" }));
    expect(await markReconciled(db, { id: done.id, now: BASE_TIME, notBefore: BASE_TIME })).toBe(false);
    expect(await markReconciled(db, { id: "missing", now: BASE_TIME, notBefore: BASE_TIME })).toBe(false);
  });
});
