import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";
import { countInFlight, countQueued, insertTask, promoteQueuedTask } from "../../db/queries/tasks";
import type { Task } from "../../db/schema";
import { IN_FLIGHT_STATUSES, type TaskStatus } from "../../lib/shared/task-status";
import { countingD1 } from "../helpers/counting-d1";
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
// The global cap counts every row, so each test starts from an empty table.
beforeEach(async () => {
  await env.d1.prepare("DELETE FROM tasks").run();
});

async function seed(userId: string, statuses: TaskStatus[], firstCreatedAt = BASE_TIME): Promise<Task[]> {
  return Promise.all(statuses.map((status, i) => insertTask(db, { task: newTask({ userId, status, createdAt: firstCreatedAt + i }) })));
}

const repeat = (status: TaskStatus, times: number): TaskStatus[] => Array.from({ length: times }, () => status);

describe("counts", () => {
  it("counts in-flight tasks per user and overall, and queued tasks per user", async () => {
    const alice = uniqueUser("alice");
    const bob = uniqueUser("bob");
    await seed(alice, ["queued", "queued", "submitting", "starting", "processing", "succeeded", "failed"]);
    await seed(bob, ["queued", "processing", "canceled"]);

    expect(await countInFlight(db, { userId: alice })).toBe(3);
    expect(await countInFlight(db, { userId: bob })).toBe(1);
    expect(await countInFlight(db)).toBe(4);
    expect(await countQueued(db, { userId: alice })).toBe(2);
    expect(await countQueued(db, { userId: bob })).toBe(1);
    expect(await countQueued(db, { userId: uniqueUser() })).toBe(0);
  });
});

describe("promoteQueuedTask", () => {
  it("promotes the oldest queued task, skipping owners at their cap, in one statement", async () => {
    const busy = uniqueUser("busy");
    const idle = uniqueUser("idle");
    await seed(busy, ["processing", "queued"], BASE_TIME); // oldest queued task, but its owner is at the cap
    const [idleOlder, idleNewer] = await seed(idle, ["queued", "queued"], BASE_TIME + 100);

    const counting = countingD1(env.d1);
    const promoted = await promoteQueuedTask(createDb(counting.d1), { perUserCap: 1, globalCap: 10, now: BASE_TIME + 500 });
    expect(counting.counter.statements).toBe(1);
    expect(promoted).toMatchObject({ id: idleOlder?.id, status: "submitting", statusRank: 1, updatedAt: BASE_TIME + 500 });

    // idle is now at its cap too, so nothing else may move.
    expect(await promoteQueuedTask(db, { perUserCap: 1, globalCap: 10, now: BASE_TIME + 501 })).toBeUndefined();
    expect(await promoteQueuedTask(db, { perUserCap: 2, globalCap: 10, now: BASE_TIME + 502 })).toMatchObject({
      userId: busy,
    });
    expect(await promoteQueuedTask(db, { perUserCap: 2, globalCap: 10, now: BASE_TIME + 503 })).toMatchObject({
      id: idleNewer?.id,
    });
  });

  it("with userId, promotes only that user's tasks", async () => {
    const alice = uniqueUser("alice");
    const bob = uniqueUser("bob");
    await seed(alice, ["queued"], BASE_TIME);
    const [bobTask] = await seed(bob, ["queued"], BASE_TIME + 10);

    const promoted = await promoteQueuedTask(db, { userId: bob, perUserCap: 5, globalCap: 5, now: BASE_TIME + 20 });
    expect(promoted?.id).toBe(bobTask?.id);
    expect(await promoteQueuedTask(db, { userId: bob, perUserCap: 5, globalCap: 5, now: BASE_TIME + 21 })).toBeUndefined();
  });

  it("with id, promotes that task only, and only while it is queued and the caps allow", async () => {
    const alice = uniqueUser("alice");
    const [older, target] = await seed(alice, ["queued", "queued"]);
    const promoted = await promoteQueuedTask(db, { id: target!.id, perUserCap: 2, globalCap: 2, now: BASE_TIME + 50 });
    expect(promoted?.id).toBe(target?.id);
    expect(await promoteQueuedTask(db, { id: target!.id, perUserCap: 2, globalCap: 2, now: BASE_TIME + 51 })).toBeUndefined();

    expect(await promoteQueuedTask(db, { id: older!.id, perUserCap: 1, globalCap: 5, now: BASE_TIME + 52 })).toBeUndefined();
    expect(await promoteQueuedTask(db, { id: older!.id, perUserCap: 5, globalCap: 1, now: BASE_TIME + 53 })).toBeUndefined();
    expect(await promoteQueuedTask(db, { id: older!.id, perUserCap: 5, globalCap: 5, now: BASE_TIME + 54 })).toBeDefined();
  });

  it("holds the per-user and global caps exactly under 40 concurrent callers", async () => {
    const users = [uniqueUser("a"), uniqueUser("b"), uniqueUser("c"), uniqueUser("d")];
    await seed(users[0]!, ["processing", ...repeat("queued", 10)], BASE_TIME);
    for (const [i, user] of users.slice(1).entries()) await seed(user, repeat("queued", 10), BASE_TIME + 1000 * (i + 1));

    const perUserCap = 2;
    const globalCap = 6;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => promoteQueuedTask(db, { perUserCap, globalCap, now: BASE_TIME + 10_000 + i })),
    );

    const promoted = results.filter((row): row is Task => row !== undefined);
    expect(promoted).toHaveLength(globalCap - 1); // one slot was already taken
    expect(new Set(promoted.map((row) => row.id)).size).toBe(promoted.length);
    expect(await countInFlight(db)).toBe(globalCap);
    for (const user of users) expect(await countInFlight(db, { userId: user })).toBeLessThanOrEqual(perUserCap);
  });

  it("holds the per-user cap exactly when the global cap is loose", async () => {
    const alice = uniqueUser("alice");
    const bob = uniqueUser("bob");
    await seed(alice, ["starting", ...repeat("queued", 20)]);
    await seed(bob, repeat("queued", 20), BASE_TIME + 5000);

    const perUserCap = 3;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        promoteQueuedTask(db, {
          userId: i % 2 === 0 ? alice : undefined,
          perUserCap,
          globalCap: 1000,
          now: BASE_TIME + 20_000 + i,
        }),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(2 + 3);
    expect(await countInFlight(db, { userId: alice })).toBe(perUserCap);
    expect(await countInFlight(db, { userId: bob })).toBe(perUserCap);
  });

  it("promotes one task exactly once when 40 callers name it", async () => {
    const [task] = await seed(uniqueUser(), ["queued"]);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => promoteQueuedTask(db, { id: task!.id, perUserCap: 10, globalCap: 10, now: BASE_TIME + i })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(IN_FLIGHT_STATUSES).toContain(results.find(Boolean)?.status);
  });
});
