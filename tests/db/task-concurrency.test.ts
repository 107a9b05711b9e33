import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceTaskStatus, getTaskById, insertTask } from "../../db/queries/tasks";
import type { Task } from "../../db/schema";
import { TASK_STATUSES, TERMINAL_RANK, type TaskStatus } from "../../lib/shared/task-status";
import { createTestD1, type TestD1 } from "../helpers/d1";
import { BASE_TIME, newTask } from "./task-fixture";

let env: TestD1;

beforeAll(async () => {
  env = await createTestD1();
});
afterAll(async () => {
  await env?.dispose();
});

/** A deterministic shuffle, so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

describe("advanceTaskStatus under concurrent events", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`ends at the highest rank with strictly increasing transitions (seed ${seed})`, async () => {
      const { db } = env;
      const task = await insertTask(db, { task: newTask() });
      const events = shuffled(
        Array.from({ length: 50 }, (_, i) => ({
          status: TASK_STATUSES[i % TASK_STATUSES.length] as TaskStatus,
          progress: (i * 13) % 100,
          now: BASE_TIME + i,
        })),
        seed,
      );

      const results = await Promise.all(events.map((event) => advanceTaskStatus(db, { id: task.id, ...event })));
      const applied = results.filter((row): row is Task => row !== undefined);
      const final = await getTaskById(db, { id: task.id });

      // Each applied transition raised the rank, so no two share one: sorted they increase strictly.
      const ranks = applied.map((row) => row.statusRank).sort((a, b) => a - b);
      expect(new Set(ranks).size).toBe(ranks.length);
      expect(ranks.every((rank) => rank > task.statusRank)).toBe(true);

      const terminal = applied.filter((row) => row.statusRank === TERMINAL_RANK);
      expect(terminal).toHaveLength(1);
      expect(final?.statusRank).toBe(TERMINAL_RANK);
      expect(final?.status).toBe(terminal[0]?.status);
      expect(final?.updatedAt).toBe(terminal[0]?.updatedAt);

      // Progress seen by successive transitions never went down.
      const byRank = [...applied].sort((a, b) => a.statusRank - b.statusRank);
      for (let i = 1; i < byRank.length; i++) {
        expect(byRank[i]!.progress).toBeGreaterThanOrEqual(byRank[i - 1]!.progress);
      }
    });
  }
});
