import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import type { PageCursor } from "../../lib/shared/api/page-query";
import { insertTask, listGallery, listTasksByUser, type TaskRowPage } from "../../db/queries/tasks";
import type { NewTask, Task } from "../../db/schema";
import type { TaskStatus } from "../../lib/shared/task-status";
import { createTestD1, type TestD1 } from "../helpers/d1";
import { BASE_TIME, newTask, uniqueUser } from "./task-fixture";

let env: TestD1;
let db: Db;

beforeAll(async () => {
  env = await createTestD1();
  db = env.db;
});
afterAll(async () => {
  await env?.dispose();
});

const newestFirst = (a: Task, b: Task) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

async function insertAll(drafts: NewTask[]): Promise<Task[]> {
  return Promise.all(drafts.map((task) => insertTask(db, { task })));
}

async function readAllPages(
  read: (cursor: PageCursor | undefined) => Promise<TaskRowPage>,
  maxPages = 100,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: PageCursor | undefined;
  for (let pages = 1; pages <= maxPages; pages++) {
    const page = await read(cursor);
    ids.push(...page.tasks.map((task) => task.id));
    if (!page.nextCursor) return { ids, pages };
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("listTasksByUser", () => {
  it("returns every row exactly once, newest first, when many rows share created_at", async () => {
    const owner = uniqueUser("owner");
    // 23 rows on 6 distinct timestamps: page boundaries fall inside groups of equal created_at.
    const mine = await insertAll(Array.from({ length: 23 }, (_, i) => newTask({ userId: owner, createdAt: BASE_TIME + Math.floor(i / 4) * 1000 })));
    await insertAll([newTask({ userId: uniqueUser("other"), createdAt: BASE_TIME + 2000 })]);

    const { ids, pages } = await readAllPages((cursor) => listTasksByUser(db, { userId: owner, limit: 5, cursor }));
    expect(pages).toBe(5);
    expect(ids).toEqual([...mine].sort(newestFirst).map((task) => task.id));
  });

  it("ends with a null cursor when the last page is exactly full", async () => {
    const owner = uniqueUser("exact");
    await insertAll(Array.from({ length: 4 }, () => newTask({ userId: owner, createdAt: BASE_TIME })));
    const first = await listTasksByUser(db, { userId: owner, limit: 2 });
    expect(first.tasks).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await listTasksByUser(db, { userId: owner, limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.tasks).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it("is stable when newer tasks arrive between pages", async () => {
    const owner = uniqueUser("busy");
    const before = await insertAll(Array.from({ length: 6 }, (_, i) => newTask({ userId: owner, createdAt: BASE_TIME + i })));
    const first = await listTasksByUser(db, { userId: owner, limit: 3 });
    await insertAll([newTask({ userId: owner, createdAt: BASE_TIME + 999 })]);
    const second = await listTasksByUser(db, { userId: owner, limit: 3, cursor: first.nextCursor ?? undefined });

    const seen = [...first.tasks, ...second.tasks].map((task) => task.id);
    expect(seen).toEqual([...before].sort(newestFirst).map((task) => task.id));
  });

  it("returns an empty page for a user without tasks", async () => {
    expect(await listTasksByUser(db, { userId: uniqueUser(), limit: 10 })).toEqual({ tasks: [], nextCursor: null });
  });
});

describe("listGallery", () => {
  it("lists public succeeded tasks of everyone, newest first, and nothing else", async () => {
    const kinds: { isPrivate: boolean; status: TaskStatus }[] = [
      { isPrivate: false, status: "succeeded" },
      { isPrivate: true, status: "succeeded" },
      { isPrivate: false, status: "failed" },
      { isPrivate: false, status: "processing" },
      { isPrivate: false, status: "queued" },
      { isPrivate: false, status: "canceled" },
    ];
    const rows = await insertAll(
      Array.from({ length: 30 }, (_, i) =>
        newTask({ userId: `gallery-user-${i % 3}`, ...kinds[i % kinds.length], createdAt: BASE_TIME + 50_000 + Math.floor(i / 7) }),
      ),
    );
    const expected = rows.filter((row) => !row.isPrivate && row.status === "succeeded").sort(newestFirst);

    // This file's other tests add only queued tasks, so the gallery holds exactly these rows.
    const { ids } = await readAllPages((cursor) => listGallery(db, { limit: 2, cursor }));
    expect(expected.length).toBe(5);
    expect(ids).toEqual(expected.map((row) => row.id));
  });
});
