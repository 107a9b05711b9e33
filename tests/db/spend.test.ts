import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { readSpendTotals, releaseSpend, reserveSpend, type BudgetCaps } from "../../db/queries/spend";
import { advanceTaskStatus, insertTask, promoteQueuedTask } from "../../db/queries/tasks";
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

const PRICE = 55_000; // flux-pro, micro-dollars
const OFF: BudgetCaps = { user: 0, client: 0, global: 0 };
let daySequence = 0;
const freshDay = () => `2030-01-${String(++daySequence).padStart(2, "0")}x${crypto.randomUUID().slice(0, 6)}`;

describe("reserveSpend: one statement, every budget or nothing", () => {
  for (const scope of ["user", "client", "global"] as const) {
    it(`50 concurrent reservations against a ${scope} budget allowing exactly 7 → exactly 7, 20 times over`, async () => {
      for (let round = 0; round < 20; round++) {
        const day = freshDay();
        const clientKey = `c_${crypto.randomUUID()}`;
        const sharedUser = uniqueUser();
        const caps = { ...OFF, [scope]: 7 * PRICE + PRICE - 1 };
        const results = await Promise.all(
          Array.from({ length: 50 }, () =>
            reserveSpend(db, {
              day,
              // A user budget is per user: all 50 come from one user then; otherwise each is a fresh cookie.
              userId: scope === "user" ? sharedUser : uniqueUser(),
              clientKey: scope === "global" ? `c_${crypto.randomUUID()}` : clientKey,
              micros: PRICE,
              caps,
            }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(7);
        const global = await readSpendTotals(db, { day, userId: sharedUser, clientKey });
        expect(global.global).toBe(7 * PRICE);
        if (scope !== "global") expect(global[scope]).toBe(7 * PRICE);
      }
    });
  }

  it("a refusal by one budget writes nothing to the others", async () => {
    const day = freshDay();
    const userId = uniqueUser();
    const clientKey = `c_${crypto.randomUUID()}`;
    expect(await reserveSpend(db, { day, userId, clientKey, micros: PRICE, caps: { ...OFF, client: PRICE } })).toBe(true);
    expect(await reserveSpend(db, { day, userId, clientKey, micros: PRICE, caps: { ...OFF, client: PRICE } })).toBe(false);
    expect(await readSpendTotals(db, { day, userId, clientKey })).toEqual({ user: PRICE, client: PRICE, global: PRICE });
    await releaseSpend(db, { day, userId, clientKey, micros: PRICE });
    expect(await readSpendTotals(db, { day, userId, clientKey })).toEqual({ user: 0, client: 0, global: 0 });
  });
});

describe("settlement: the UPDATE that ends a task gives back what it did not deliver", () => {
  async function reservedTask(images: number) {
    const day = freshDay();
    const userId = uniqueUser();
    const clientKey = `c_${crypto.randomUUID()}`;
    const micros = images * 3_000;
    expect(await reserveSpend(db, { day, userId, clientKey, micros, caps: OFF })).toBe(true);
    const task = await insertTask(db, {
      task: newTask({ userId, clientKey, budgetDay: day, reservedMicros: micros, params: { num_outputs: images } }),
    });
    return { task, subjects: { day, userId, clientKey } };
  }

  const outcomes: [string, TaskStatus, number | undefined, number][] = [
    ["failed before start", "failed", undefined, 0],
    ["aborted or canceled before output", "canceled", undefined, 0],
    ["succeeded with 1 of 4 images (3 dropped by the safety filter)", "succeeded", 3_000, 3_000],
    ["succeeded with every image", "succeeded", 12_000, 12_000],
  ];
  for (const [name, status, chargedMicros, spent] of outcomes) {
    it(`${name}: the day's spend is what was delivered`, async () => {
      const { task, subjects } = await reservedTask(4);
      expect(await readSpendTotals(db, subjects)).toEqual({ user: 12_000, client: 12_000, global: 12_000 });
      const ended = await advanceTaskStatus(db, { id: task.id, status, chargedMicros, now: BASE_TIME + 10 });
      expect(ended?.status).toBe(status);
      expect(await readSpendTotals(db, subjects)).toEqual({ user: spent, client: spent, global: spent });
      // A late or duplicate terminal event changes nothing, so it cannot refund twice.
      expect(await advanceTaskStatus(db, { id: task.id, status: "failed", now: BASE_TIME + 20 })).toBeUndefined();
      expect(await readSpendTotals(db, subjects)).toEqual({ user: spent, client: spent, global: spent });
    });
  }

  it("progress events do not settle anything", async () => {
    const { task, subjects } = await reservedTask(1);
    await advanceTaskStatus(db, { id: task.id, status: "processing", now: BASE_TIME + 1 });
    expect((await readSpendTotals(db, subjects)).user).toBe(3_000);
  });
});

describe("fair share of the global in-flight cap", () => {
  it("one client address holds at most globalCap / (clients + 1); a newcomer is promoted past its queue", async () => {
    await env.d1.prepare("DELETE FROM tasks").run();
    const heavy = `c_${crypto.randomUUID()}`;
    for (let i = 0; i < 12; i++) {
      await insertTask(db, { task: newTask({ userId: uniqueUser(), clientKey: heavy, createdAt: BASE_TIME + i }) });
    }
    const args = { perUserCap: 2, globalCap: 10, now: BASE_TIME + 100 };
    let promoted = 0;
    while (await promoteQueuedTask(db, args)) promoted += 1;
    expect(promoted).toBe(5); // 10 / (1 client + 1)

    const newcomer = await insertTask(db, {
      task: newTask({ userId: uniqueUser(), clientKey: `c_${crypto.randomUUID()}`, createdAt: BASE_TIME + 50 }),
    });
    const next = await promoteQueuedTask(db, args);
    expect(next?.id).toBe(newcomer.id);
    expect(await promoteQueuedTask(db, args)).toBeUndefined(); // the heavy client is over its share of 10 / 3
  });
});
